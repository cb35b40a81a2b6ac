"""Horizontal bar charts as server-side SVG: no JavaScript, no inline styles, prints well.

Colours and fonts come from classes styled in app.css; the geometry is in presentation
attributes. Every label is escaped here.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from intranet.i18n import current_language

# Each row is a label line with its bar underneath: narrow enough for a phone, and long
# Vietnamese labels never squeeze the bars.
WIDTH = 360
VALUE_W = 80
LABEL_H = 17
BAR_H = 14
ROW_GAP = 10
TOP = 4


def _number(n: int) -> str:
    from flask_babel import format_decimal

    return format_decimal(n)


def bar_chart(title: str, rows: list[tuple[str, int]], css: str = "",
              out_of: int | None = None) -> Markup:
    """One bar per (label, count), the longest bar scaled to the full width and each share
    of the rows' sum; with `out_of` (e.g. delegates summoned), each bar and share is of that."""
    top = out_of or max((n for _, n in rows), default=0) or 1
    total = out_of or sum(n for _, n in rows) or 1
    span = WIDTH - VALUE_W
    row_h = LABEL_H + BAR_H + ROW_GAP
    height = TOP * 2 + len(rows) * row_h - ROW_GAP
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart {escape(css)}" '
             f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
             f'lang="{current_language()}"><title>{escape(title)}</title>']
    for i, (name, n) in enumerate(rows):
        y = TOP + i * row_h
        width = round(span * n / top, 1)
        share = round(100 * n / total)
        parts.append(
            f'<g class="bar bar-{i % 8}"><text class="bar-label" x="0" y="{y + 12}">'
            f'{escape(name)}</text>'
            f'<rect class="bar-track" x="0" y="{y + LABEL_H}" width="{span}" '
            f'height="{BAR_H}" rx="2"/><rect class="bar-fill" x="0" y="{y + LABEL_H}" '
            f'width="{max(width, 1.5 if n else 0)}" height="{BAR_H}" rx="2"/>'
            f'<text class="bar-value" x="{width + 6}" y="{y + LABEL_H + 11}">'
            f'{escape(_number(n))} ({share}%)</text></g>')
    parts.append("</svg>")
    # Every text above is escaped; the rest is markup written here.
    return Markup("".join(parts))  # noqa: S704  # nosec B704
