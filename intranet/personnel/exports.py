"""Word and Excel files of the personnel lists: the congress delegate list, the appointment
decision's annex and the committee candidates, each with its structure indicators.

Exports carry personal data: each one is recorded in the audit log (`record_export`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from intranet.audit import chain
from intranet.db import write_transaction
from intranet.extensions import gettext as _
from intranet.personnel.indicators import Structure, as_decimal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Table:
    """What both formats write: a title, column headings and rows of plain values."""

    title: str
    subtitle: str
    headings: Sequence[str]
    rows: Sequence[Sequence[Any]]


def record_export(user: Any, entity_type: str, entity_id: Any, what: str, fmt: str,
                  rows: int, filters: dict | None = None) -> None:
    with write_transaction():
        chain.append(entity_type, entity_id, "export", actor=user, payload={
            "what": what, "format": fmt, "rows": rows, "filters": filters or {}})


def structure_table(structure: Structure, group_label: Callable[[str], str]) -> Table:
    def share(tally, name):
        value = as_decimal(tally.share(name))
        return None if value is None else value.quantize(Decimal("0.0001"), ROUND_HALF_UP)

    rows = []
    for tally in [*structure.groups, structure.total]:
        label = _("Total") if tally is structure.total else group_label(tally.key)
        rows.append([label, tally.count, tally.women, share(tally, "women"), tally.young,
                     share(tally, "young"), tally.new, share(tally, "new")])
    rules = structure.rules
    return Table(
        _("Structure"),
        _("Young: under %(age)s in %(year)s. New members: joined in the last %(n)s years.",
          age=rules.youth_age, year=rules.year, n=rules.new_years),
        [_("Group"), _("People"), _("Women"), _("Share of women"),
         _("Under %(age)s", age=rules.youth_age), _("Share under %(age)s", age=rules.youth_age),
         _("New members"), _("Share of new members")],
        rows)


# -- Excel -------------------------------------------------------------------------------------


def xlsx_bytes(tables: Iterable[Table], sheet_names: Iterable[str]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table, name in zip(tables, sheet_names, strict=True):
        sheet = book.create_sheet(name[:31])
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([table.subtitle])
        sheet.append([])
        sheet.append(list(table.headings))
        for cell in sheet[4]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append(list(row))
        for index, heading in enumerate(table.headings, 1):
            if heading.lower().startswith(("share", "tỷ lệ")):
                for (cell,) in sheet.iter_rows(min_row=5, min_col=index, max_col=index):
                    cell.number_format = "0.0%"
            width = max([len(str(heading))] + [len(str(r[index - 1] or "")) for r in table.rows])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 6), 48)
        sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- Word --------------------------------------------------------------------------------------


def _percent(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{(value * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
    return "" if value is None else str(value)


def docx_bytes(tables: Sequence[Table], heading_lines: Sequence[str] = ()) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for line in heading_lines:
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for table in tables:
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run(table.title)
        run.bold = True
        run.font.size = Pt(14)
        if table.subtitle:
            sub = document.add_paragraph(table.subtitle)
            sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        grid = document.add_table(rows=1, cols=len(table.headings))
        grid.style = "Table Grid"
        for cell, heading in zip(grid.rows[0].cells, table.headings, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(str(heading)).bold = True
        for row in table.rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = _percent(value)
        document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
