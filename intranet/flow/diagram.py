"""An SVG picture of a workflow definition, laid out in columns by distance from the start.

Server-side and plain: no JavaScript, no inline styles (the CSP forbids them); the classes are
styled in app.css.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from workflows.engine import WorkflowDefinition

BOX_W, BOX_H, COL_GAP, ROW_GAP, MARGIN = 150, 44, 90, 36, 20


@dataclass(frozen=True)
class Box:
    x: int
    y: int


def _columns(definition: WorkflowDefinition) -> dict[str, int]:
    rank = {definition.initial: 0}
    frontier = [definition.initial]
    while frontier:
        following = []
        for s in frontier:
            for t in definition.transitions:
                if s in t.sources and t.dest not in rank:
                    rank[t.dest] = rank[s] + 1
                    following.append(t.dest)
        frontier = following
    deepest = max(rank.values(), default=0)
    return {s: rank.get(s, deepest + 1) for s in definition.states}


def layout(definition: WorkflowDefinition) -> dict[str, Box]:
    columns = _columns(definition)
    rows: dict[int, int] = {}
    boxes = {}
    for s in definition.states:
        col = columns[s]
        row = rows.get(col, 0)
        rows[col] = row + 1
        boxes[s] = Box(MARGIN + col * (BOX_W + COL_GAP), MARGIN + row * (BOX_H + ROW_GAP))
    return boxes


def svg(definition: WorkflowDefinition, locale: str = "vi", current: str | None = None
        ) -> Markup:
    boxes = layout(definition)
    width = max(b.x for b in boxes.values()) + BOX_W + MARGIN
    height = max(b.y for b in boxes.values()) + BOX_H + MARGIN + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(definition.label.get(locale))}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#6c757d"/></marker></defs>',
    ]
    for t in definition.transitions:
        for source in t.sources:
            parts.append(_edge(boxes[source], boxes[t.dest], t.label.get(locale), height))
    for s, state in definition.states.items():
        box = boxes[s]
        classes = ["node"]
        if s == definition.initial:
            classes.append("initial")
        if state.terminal:
            classes.append("terminal")
        if s == current:
            classes.append("current")
        parts.append(
            f'<g class="{" ".join(classes)}"><rect x="{box.x}" y="{box.y}" width="{BOX_W}" '
            f'height="{BOX_H}" rx="8"/><text x="{box.x + BOX_W / 2}" y="{box.y + BOX_H / 2 + 4}"'
            f' text-anchor="middle">{escape(state.label.get(locale))}</text></g>')
    parts.append("</svg>")
    # Every text inside was escaped above; the rest is markup written here.
    return Markup("".join(parts))  # noqa: S704  # nosec B704


def _edge(a: Box, b: Box, label: str, height: int) -> str:
    if b.x > a.x:  # forward: right edge to left edge
        x1, y1, x2, y2 = a.x + BOX_W, a.y + BOX_H / 2, b.x, b.y + BOX_H / 2
        mid_x = (x1 + x2) / 2
        path = f"M{x1},{y1} C{mid_x},{y1} {mid_x},{y2} {x2},{y2}"
        lx, ly = mid_x, (y1 + y2) / 2 - 6
    else:  # backward or same column: loop under the boxes
        x1, y1, x2, y2 = a.x + BOX_W / 2, a.y + BOX_H, b.x + BOX_W / 2 + 10, b.y + BOX_H
        low = max(y1, y2) + 30
        path = f"M{x1},{y1} C{x1},{low} {x2},{low} {x2},{y2}"
        lx, ly = (x1 + x2) / 2, low - 4
    return (f'<g class="edge"><path d="{path}" marker-end="url(#arrow)"/>'
            f'<text x="{lx}" y="{ly}" text-anchor="middle">{escape(label)}</text></g>')
