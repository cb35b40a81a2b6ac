""".docx import: the file is checked by its content, then its headings become sections.

A heading is a paragraph in a Word heading style, or a short bold paragraph numbered the way
congress documents are (``I.``, ``1.``, ``(1).``, ``1.1.``), or a short bold line in capitals.
Refused with a clear message: a file that is not a .docx whatever its name, an old .doc, a
broken archive, one that unpacks to far more than it weighs (an archive bomb), or one without
headings. Entity expansion is off in python-docx's XML parser.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from docx import Document as open_docx
from docx.oxml.ns import qn
from flask import current_app

from intranet.errors import AppError, Invalid
from intranet.extensions import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc)
MAX_ENTRIES = 2000
MAX_RATIO = 100  # uncompressed / compressed, for entries over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_SECTIONS = 500
HEADING_MAX_CHARS = 300

NUMBERING = (
    (1, re.compile(r"^(?P<n>[IVXLC]{1,6}\.)\s*(?P<h>\S.*)$")),
    (3, re.compile(r"^(?P<n>\d{1,2}\.\d{1,2}\.?)\s*(?P<h>\S.*)$")),
    (2, re.compile(r"^(?P<n>\d{1,2}\.)\s*(?P<h>\S.*)$")),
    (3, re.compile(r"^(?P<n>\(\d{1,2}\)\.?)\s*(?P<h>\S.*)$")),
)
HEADING_STYLE = re.compile(r"^(heading|title)\s*(\d)?$", re.IGNORECASE)


class TooLarge(AppError):
    status = 413


def too_large_message(limit: int) -> str:
    from flask_babel import format_decimal

    return _("The file is too large: at most %(mb)s MB.",
             mb=format_decimal(limit / 1024 / 1024, format="#,##0.#"))


@dataclass
class ParsedSection:
    level: int
    number: str
    heading: str
    body: str


def parse_docx(data: bytes) -> list[ParsedSection]:
    check_archive(data)
    try:
        document = open_docx(io.BytesIO(data))
        blocks = list(_blocks(document))
    except Exception as exc:  # python-docx raises many kinds on a malformed package
        raise Invalid(_("This file is damaged or is not a Word document (.docx); it could not "
                        "be read.")) from exc
    sections = _sections(blocks)
    if not sections:
        raise Invalid(_("No headings were found. Mark the headings with Word's heading styles, "
                        "or number them in bold (I., 1., (1).), then import again."))
    if len(sections) > MAX_SECTIONS:
        raise Invalid(_("The file has more than %(n)s headings; split it into several "
                        "documents.", n=MAX_SECTIONS))
    return sections


def check_archive(data: bytes) -> None:
    """Refuse, by content, anything that is not a sound, reasonably sized .docx package."""
    limit = current_app.config["DOCUMENTS_DOCX_MAX_BYTES"]
    if len(data) > limit:
        raise TooLarge(too_large_message(limit))
    if data.startswith(OLE_MAGIC):
        raise Invalid(_("This is an old Word 97-2003 file (.doc). Open it in Word and save it as "
                        ".docx, then import again."))
    if not data.startswith(ZIP_MAGIC):
        raise Invalid(_("This file is not a Word document (.docx), whatever its name says."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Invalid(_("This file is damaged or is not a Word document (.docx); it could not "
                        "be read.")) from exc
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise Invalid(_("This file is not a Word document (.docx), whatever its name says."))
    unpacked = sum(e.file_size for e in entries)
    bomb = (len(entries) > MAX_ENTRIES
            or unpacked > current_app.config["DOCUMENTS_DOCX_MAX_UNPACKED_BYTES"]
            or any(e.file_size > RATIO_FLOOR and e.file_size > MAX_RATIO * max(e.compress_size, 1)
                   for e in entries))
    if bomb:
        raise Invalid(_("This file unpacks to far more than its size (a compressed “archive "
                        "bomb”) and was refused."))


def _paragraph_text(p) -> str:
    return " ".join(p.text.split())


def _is_bold(p) -> bool:
    runs = [r for r in p.runs if r.text.strip()]
    if runs and all(r.bold for r in runs):
        return True
    style = p.style
    while style is not None:
        if style.font is not None and style.font.bold:
            return True
        style = style.base_style
    return False


def _heading(p) -> tuple[int, str, str] | None:
    """(level, number, heading) when the paragraph is a heading."""
    text = _paragraph_text(p)
    if not text or len(text) > HEADING_MAX_CHARS:
        return None
    style = HEADING_STYLE.match(p.style.name or "") if p.style is not None else None
    numbered = next(((lvl, m) for lvl, pattern in NUMBERING if (m := pattern.match(text))), None)
    if style:
        level = min(int(style.group(2) or 1), 3)
        if numbered:
            return level, numbered[1]["n"], numbered[1]["h"]
        return level, "", text
    if not _is_bold(p):
        return None
    if numbered:
        return numbered[0], numbered[1]["n"], numbered[1]["h"]
    if text.upper() == text and any(c.isalpha() for c in text) and len(text) <= 120:
        return 1, "", text
    return None


def _blocks(document):
    """Paragraphs and tables in reading order: ("p", paragraph) or ("t", lines)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield "p", Paragraph(child, document)
        elif child.tag == qn("w:tbl"):
            table = Table(child, document)
            lines = [" | ".join(" ".join(c.text.split()) for c in row.cells)
                     for row in table.rows]
            yield "t", [line for line in lines if line.strip(" |")]


def _sections(blocks) -> list[ParsedSection]:
    sections: list[ParsedSection] = []
    lines: list[str] = []

    def flush_into(section: ParsedSection | None) -> None:
        text = "\n".join(lines).strip()
        if section is not None:
            section.body = text
        elif text:
            sections.insert(0, ParsedSection(1, "", _("Opening"), text))

    current: ParsedSection | None = None
    for kind, block in blocks:
        if kind == "t":
            lines.extend(block)
            continue
        found = _heading(block)
        if found is None:
            text = _paragraph_text(block)
            if text:
                lines.append(text)
            continue
        flush_into(current)
        lines = []
        current = ParsedSection(found[0], found[1][:20], found[2][:500], "")
        sections.append(current)
    if current is None:
        return []  # no heading at all
    flush_into(current)
    return sections
