"""Horizontal bar charts as server-side SVG: no JavaScript, no inline styles, prints well.

Colours and fonts come from classes styled in app.css; the geometry is in presentation
attributes. Every label is escaped here.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from intranet.i18n import current_language

WIDTH = 560
LABEL_W = 230
BAR_H = 22
GAP = 8
VALUE_W = 70
TOP = 8


def _number(n: int) -> str:
    from flask_babel import format_decimal

    return format_decimal(n)


def bar_chart(title: str, rows: list[tuple[str, int]], css: str = "") -> Markup:
    """One bar per (label, count), the longest bar scaled to the full width."""
    top = max((n for _, n in rows), default=0) or 1
    total = sum(n for _, n in rows) or 1
    span = WIDTH - LABEL_W - VALUE_W
    height = TOP * 2 + len(rows) * (BAR_H + GAP)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart {escape(css)}" '
             f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
             f'lang="{current_language()}"><title>{escape(title)}</title>']
    for i, (name, n) in enumerate(rows):
        y = TOP + i * (BAR_H + GAP)
        width = round(span * n / top, 1)
        share = round(100 * n / total)
        parts.append(
            f'<g class="bar bar-{i % 8}"><text class="bar-label" x="{LABEL_W - 8}" '
            f'y="{y + BAR_H * 0.7}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{LABEL_W}" y="{y}" width="{max(width, 1 if n else 0)}" '
            f'height="{BAR_H}" rx="3"/>'
            f'<text class="bar-value" x="{LABEL_W + width + 6}" y="{y + BAR_H * 0.7}">'
            f'{escape(_number(n))} ({share}%)</text></g>')
    parts.append("</svg>")
    # Every text above is escaped; the rest is markup written here.
    return Markup("".join(parts))  # noqa: S704  # nosec B704
