"""The reports as Word (.docx, python-docx) and Excel (.xlsx, openpyxl) files, in Vietnamese.

The files are what the committee forwards, so they are always written in Vietnamese whatever
the language of the page they were downloaded from.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from flask_babel import force_locale, format_datetime
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from intranet.audit import chain
from intranet.db import write_transaction
from intranet.documents.labels import label
from intranet.documents.models import Channel, Disposition, Source
from intranet.documents.reports import (
    PENDING,
    DispositionRow,
    SummaryReport,
    disposition_rows,
    summary_report,
)
from intranet.errors import NotFound
from intranet.extensions import gettext as _

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _share(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}%".replace(".", ",") if total else "0%"


def _summary_tables(report: SummaryReport) -> list[tuple[str, list[str], list[list]]]:
    """(title, header, rows) of each table of the summary report, Vietnamese labels."""
    total = report.total
    sources = [s.value for s in Source]
    tables = [
        (_("By source"), [_("Source"), _("Number of comments"), _("Share")],
         [[label("source", s), report.by_source[s], _share(report.by_source[s], total)]
          for s in sources] + [[_("Total"), total, _share(total, total)]]),
        (_("By channel"), [_("Channel"), _("Number of comments"), _("Share")],
         [[label("channel", c.value), report.by_channel[c.value],
           _share(report.by_channel[c.value], total)] for c in Channel]
         + [[_("Total"), total, _share(total, total)]]),
        (_("By section"), [_("No."), _("Section"), *[label("source", s) for s in sources],
                           _("Total")],
         [[i, s.title, *[s.by_source.get(src, 0) for src in sources], s.total]
          for i, s in enumerate(report.sections, 1)]
         + [["", _("Total"), *[report.by_source[src] for src in sources], total]]),
        (_("By disposition"), [_("Disposition"), _("Number of comments"), _("Share")],
         [[label("disposition", d.value), report.by_disposition[d.value],
           _share(report.by_disposition[d.value], total)] for d in Disposition]
         + [[label("disposition", None), report.by_disposition[PENDING],
             _share(report.by_disposition[PENDING], total)],
            [_("Total"), total, _share(total, total)]]),
    ]
    if report.batches:
        tables.append((_("Paper forms"), [_("Batch"), _("Declared"), _("Entered"), _("Note")],
                       [[b.batch.label, b.batch.declared_count, b.entered,
                         (_("Mismatch") + (f": {b.batch.note}" if b.batch.note else ""))
                         if b.mismatch else ""] for b in report.batches]))
    return tables


def _disposition_header() -> list[str]:
    return [_("No."), _("Section"), _("Source"), _("Comment"), _("Similar comments"),
            _("Disposition"), _("Reason / explanation"), _("Changed text (version)"),
            _("Deciding meeting")]


def _disposition_cells(row: DispositionRow) -> list:
    return [row.number, row.section, row.sources, row.text, row.similar, row.disposition,
            row.explanation, row.revised, row.meeting]


def _periods(report: SummaryReport) -> list[str]:
    return [_("Round %(n)s: draft %(v)s, from %(start)s to %(end)s", n=r.number,
              v=r.version.number, start=format_datetime(r.opened_at, "dd/MM/yyyy"),
              end=format_datetime(r.deadline, "HH:mm dd/MM/yyyy")) for r in report.rounds]


# -- Word ---------------------------------------------------------------------------------------


def _docx_base(title: str, subtitle: str, landscape: bool = False):
    doc = new_docx()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(2))
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(15)
    sub = doc.add_paragraph(subtitle)
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def _docx_table(doc, header: Sequence[str], rows: Sequence[Sequence], font: int = 11) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(text))
        run.bold = True
        run.font.size = Pt(font)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(str(value)).font.size = Pt(font)


def _save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def summary_docx(document) -> bytes:
    with force_locale("vi"):
        report = summary_report(document)
        doc = _docx_base(_("COMMENT SUMMARY REPORT"),
                         _("on the draft: %(title)s", title=document.title))
        for line in _periods(report):
            doc.add_paragraph(line)
        doc.add_paragraph(_("Total: %(n)s comments.", n=report.total)).runs[0].bold = True
        for i, (title, header, rows) in enumerate(_summary_tables(report), 1):
            doc.add_paragraph().add_run(f"{i}. {title}").bold = True
            _docx_table(doc, header, rows)
        doc.add_paragraph().add_run(_("Comments by section")).bold = True
        by_section: dict[str, list[DispositionRow]] = {}
        for row in disposition_rows(document):  # sections in heading order
            by_section.setdefault(row.section, []).append(row)
        for section, rows in by_section.items():
            doc.add_paragraph().add_run(section).bold = True
            # the opinion shared by most first: groups of similar comments by their size
            for row in sorted(rows, key=lambda r: -r.similar):
                _docx_comment(doc, row)
        return _save(doc)


def _docx_comment(doc, row: DispositionRow) -> None:
    similar = _("%(n)s similar comments", n=row.similar) if row.similar > 1 else ""
    suffix = f" ({similar})" if similar else ""
    doc.add_paragraph(f"{row.text}{suffix} — {row.sources}", style="List Bullet")


def dispositions_docx(document) -> bytes:
    with force_locale("vi"):
        rows = disposition_rows(document)
        doc = _docx_base(_("REPORT ON ACCEPTING AND EXPLAINING COMMENTS"),
                         _("on the draft: %(title)s", title=document.title), landscape=True)
        _docx_table(doc, _disposition_header(), [_disposition_cells(r) for r in rows], font=10)
        return _save(doc)


# -- Excel --------------------------------------------------------------------------------------


def _sheet_rows(sheet, header: Sequence[str], rows: Sequence[Sequence], start: int) -> int:
    for col, text in enumerate(header, 1):
        cell = sheet.cell(row=start, column=col, value=str(text))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(rows, start + 1):
        for col, value in enumerate(values, 1):
            cell = sheet.cell(row=r, column=col, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return start + len(rows) + 1


def _widths(sheet, widths: Sequence[int]) -> None:
    for i, w in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = w


def _workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def summary_xlsx(document) -> bytes:
    with force_locale("vi"):
        report = summary_report(document)
        book = Workbook()
        sheet = book.active
        sheet.title = _("Summary")[:31]
        sheet["A1"] = _("COMMENT SUMMARY REPORT")
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A2"] = _("on the draft: %(title)s", title=document.title)
        row = 3
        for line in _periods(report):
            sheet.cell(row=row, column=1, value=line)
            row += 1
        sheet.cell(row=row, column=1, value=_("Total: %(n)s comments.", n=report.total))
        row += 2
        for title, header, rows in _summary_tables(report):
            sheet.cell(row=row, column=1, value=title).font = Font(bold=True)
            row = _sheet_rows(sheet, header, rows, row + 1) + 1
        _widths(sheet, [28, 48, 14, 14, 14, 14, 14, 12])
        return _workbook_bytes(book)


def dispositions_xlsx(document) -> bytes:
    with force_locale("vi"):
        rows = disposition_rows(document)
        book = Workbook()
        sheet = book.active
        sheet.title = _("Dispositions")[:31]
        _sheet_rows(sheet, _disposition_header(), [_disposition_cells(r) for r in rows], 1)
        sheet.freeze_panes = "A2"
        _widths(sheet, [6, 30, 20, 60, 12, 16, 40, 30, 24])
        return _workbook_bytes(book)


EXPORTS = {
    ("summary", "docx"): (summary_docx, DOCX, "bao-cao-tong-hop-y-kien"),
    ("summary", "xlsx"): (summary_xlsx, XLSX, "bao-cao-tong-hop-y-kien"),
    ("dispositions", "docx"): (dispositions_docx, DOCX, "bao-cao-tiep-thu-giai-trinh"),
    ("dispositions", "xlsx"): (dispositions_xlsx, XLSX, "bao-cao-tiep-thu-giai-trinh"),
}


def export_report(user, document, report: str, fmt: str) -> tuple[bytes, str, str]:
    """(content, mimetype, file name) of one report; the export is recorded in the audit log."""
    try:
        make, mimetype, stem = EXPORTS[(report, fmt)]
    except KeyError:
        raise NotFound() from None
    content = make(document)
    with write_transaction():
        chain.append("document", document.id, "report_export", actor=user,
                     payload={"report": report, "format": fmt})
    return content, mimetype, f"{stem}-{document.code.lower()}.{fmt}"
