""".docx import checked by content, and the word-level comparison (no database needed)."""

import io
import zipfile

import pytest
from docx import Document as new_docx
from flask_babel import force_locale

from intranet import create_app
from intranet.documents.compare import Segment, compare_sections, diff_words
from intranet.documents.docx_import import TooLarge, parse_docx
from intranet.errors import Invalid
from tests.conftest import base_config


@pytest.fixture(scope="module")
def pure_app(tmp_path_factory):
    app = create_app(base_config(DATABASE_URL="sqlite://",
                                 INSTANCE_PATH=str(tmp_path_factory.mktemp("pure"))))
    with app.test_request_context(), force_locale("en"):
        yield app


def docx_bytes(build) -> bytes:
    doc = new_docx()
    build(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def report(doc):
    doc.add_paragraph("Căn cứ Chỉ thị số 45-CT/TW của Bộ Chính trị;")
    doc.add_heading("I. Kết quả đạt được nhiệm kỳ 2020 - 2025", level=1)
    doc.add_paragraph("Kinh tế tiếp tục phát triển.")
    doc.add_paragraph("Thu ngân sách vượt kế hoạch.")
    numbered = doc.add_paragraph()
    numbered.add_run("1. Quan điểm phát triển").bold = True
    doc.add_paragraph("1. Đây là một đoạn văn dài đánh số nhưng không in đậm nên không phải "
                      "là đề mục.")
    bracketed = doc.add_paragraph()
    bracketed.add_run("(3). Quy hoạch, xây dựng, quản lý và phát triển đô thị").bold = True
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Chỉ tiêu", "Kết quả"
    table.cell(1, 0).text, table.cell(1, 1).text = "Thu ngân sách", "Vượt"
    capitals = doc.add_paragraph()
    capitals.add_run("ĐÁNH GIÁ CHUNG").bold = True
    doc.add_paragraph("Đại hội thành công tốt đẹp.")


def test_headings_become_sections_with_their_numbers_and_levels(pure_app):
    sections = parse_docx(docx_bytes(report))
    assert [(s.level, s.number, s.heading) for s in sections] == [
        (1, "", "Opening"),
        (1, "I.", "Kết quả đạt được nhiệm kỳ 2020 - 2025"),
        (2, "1.", "Quan điểm phát triển"),
        (3, "(3).", "Quy hoạch, xây dựng, quản lý và phát triển đô thị"),
        (1, "", "ĐÁNH GIÁ CHUNG"),
    ]
    assert sections[0].body == "Căn cứ Chỉ thị số 45-CT/TW của Bộ Chính trị;"
    assert sections[1].body == "Kinh tế tiếp tục phát triển.\nThu ngân sách vượt kế hoạch."
    assert sections[2].body.startswith("1. Đây là một đoạn văn dài")
    assert sections[3].body == "Chỉ tiêu | Kết quả\nThu ngân sách | Vượt"


def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 * 1024 * 1024))
    return buffer.getvalue()


def zip_without_word() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    return buffer.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"%PDF-1.7 not a word file", "not a Word document (.docx), whatever"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Word 97-2003 file"),
    (b"PK\x03\x04 truncated archive", "damaged or is not a Word document"),
    (zip_without_word(), "not a Word document (.docx), whatever"),
    (bomb(), "archive bomb"),
    (docx_bytes(lambda d: d.add_paragraph("Chỉ có một đoạn văn.")), "No headings were found"),
])
def test_a_bad_file_gets_a_clear_message(pure_app, data, message):
    with pytest.raises(Invalid) as caught:
        parse_docx(data)
    assert message in caught.value.message


def test_a_broken_word_document_inside_a_sound_archive(pure_app):
    good = docx_bytes(report)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, b"<w:document><unclosed" if item.filename ==
                            "word/document.xml" else data)
    with pytest.raises(Invalid, match="damaged"):
        parse_docx(buffer.getvalue())


def test_an_oversized_file_is_refused_with_413(pure_app):
    with pytest.raises(TooLarge) as caught:
        parse_docx(b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024))
    assert caught.value.status == 413 and "5 MB" in caught.value.message


def test_vietnamese_messages(pure_app):
    with force_locale("vi"), pytest.raises(Invalid) as caught:
        parse_docx(b"not a zip")
    assert "không phải tài liệu Word" in caught.value.message


# -- comparison ---------------------------------------------------------------------------------


def test_word_level_differences():
    assert diff_words("Phát triển kinh tế nhanh", "Phát triển kinh tế nhanh, bền vững") == [
        Segment("equal", "Phát triển kinh tế nhanh"), Segment("insert", ", bền vững")]
    assert diff_words("đô thị xanh", "đô thị thông minh") == [
        Segment("equal", "đô thị "), Segment("delete", "xanh"), Segment("insert", "thông minh")]
    assert diff_words("", "") == []


class S:
    def __init__(self, key, title, body="", level=1):
        self.key, self.title, self.body, self.level = key, title, body, level


def test_sections_are_matched_by_key_and_removed_ones_stay_in_place():
    old = [S("a", "I. Mở đầu"), S("b", "II. Kết quả", "cũ"), S("c", "III. Bỏ"), S("d", "IV.")]
    new = [S("a", "I. Mở đầu"), S("e", "Mới"), S("b", "II. Kết quả", "mới"), S("d", "IV.")]
    diffs = compare_sections(old, new)
    assert [(d.status, d.section.key) for d in diffs] == [
        ("unchanged", "a"), ("added", "e"), ("changed", "b"), ("removed", "c"),
        ("unchanged", "d")]
    assert diffs[2].inserted_words == 1 and diffs[2].deleted_words == 1
