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
LOOP_STEP = 18  # vertical distance between two loops drawn under the boxes


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
    columns = {s: rank.get(s, deepest + 1) for s in definition.states}
    # Terminal states share the last column (as on the stage path): an early exit such as
    # "withdrawn" then sits beside the end, not under a stage that loops back past it.
    ongoing = [c for s, c in columns.items() if not definition.states[s].terminal]
    last = max(ongoing, default=-1) + 1
    for s, state in definition.states.items():
        if state.terminal:
            columns[s] = max(columns[s], last)
    return columns


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
    # One edge per pair of states: two transitions between the same states share it.
    edges: dict[tuple[str, str], list[str]] = {}
    for t in definition.transitions:
        for source in t.sources:
            labels = edges.setdefault((source, t.dest), [])
            if t.label.get(locale) not in labels:
                labels.append(t.label.get(locale))
    loops = sum(1 for a, b in edges if _kind(boxes[a], boxes[b]) == "back")
    width = max(b.x for b in boxes.values()) + BOX_W + MARGIN
    height = (max(b.y for b in boxes.values()) + BOX_H + MARGIN + 40
              + LOOP_STEP * max(loops - 1, 0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(definition.label.get(locale))}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#6c757d"/></marker></defs>',
    ]
    depth, bottom = 0, max(b.y for b in boxes.values()) + BOX_H
    for (source, dest), labels in edges.items():
        a, b = boxes[source], boxes[dest]
        parts.append(_edge(a, b, labels, depth, bottom))
        if _kind(a, b) == "back":
            depth += 1  # each loop under the boxes one step lower: labels never overlap
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


def _kind(a: Box, b: Box) -> str:
    if b.x > a.x:
        return "forward"
    if b.x == a.x and b.y > a.y:
        return "down"
    return "back"


def _edge(a: Box, b: Box, labels: list[str], depth: int, bottom: int) -> str:
    kind = _kind(a, b)
    texts = []
    if kind == "forward":  # right edge to left edge, the labels stacked above the curve
        x1, y1, x2, y2 = a.x + BOX_W, a.y + BOX_H / 2, b.x, b.y + BOX_H / 2
        mid_x = (x1 + x2) / 2
        path = f"M{x1},{y1} C{mid_x},{y1} {mid_x},{y2} {x2},{y2}"
        for k, label in enumerate(reversed(labels)):
            texts.append((mid_x, (y1 + y2) / 2 - 6 - 12 * k, "middle", label))
    elif kind == "down":  # same column, below: straight down, the labels beside the line
        x, y1, y2 = a.x + BOX_W / 2, a.y + BOX_H, b.y
        path = f"M{x},{y1} L{x},{y2}"
        for k, label in enumerate(labels):
            texts.append((x + 6, (y1 + y2) / 2 + 4 + 12 * k, "start", label))
    else:  # backward: a loop under all the boxes, one step lower for each loop before it
        x1, y1, x2, y2 = a.x + BOX_W / 2, a.y + BOX_H, b.x + BOX_W / 2 + 10, b.y + BOX_H
        low = bottom + 30 + LOOP_STEP * depth
        path = f"M{x1},{y1} C{x1},{low} {x2},{low} {x2},{y2}"
        texts.append(((x1 + x2) / 2, low - 4, "middle", " / ".join(labels)))
    words = "".join(f'<text x="{x}" y="{y}" text-anchor="{anchor}">{escape(label)}</text>'
                    for x, y, anchor, label in texts)
    return f'<g class="edge"><path d="{path}" marker-end="url(#arrow)"/>{words}</g>'
