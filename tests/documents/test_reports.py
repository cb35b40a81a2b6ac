"""Generated reports: totals reconcile with intake; .docx and .xlsx open and hold the rows."""

import io
import re

from docx import Document as open_docx
from openpyxl import load_workbook
from sqlalchemy import select

from intranet.audit.models import AuditEntry
from intranet.documents import comments as intake
from intranet.documents import dispositions as disposing
from intranet.documents import services
from intranet.documents.reports import disposition_rows, summary_report
from intranet.extensions import db
from tests.documents.helpers import user


def build(docs) -> int:
    """Seven comments by three channels (one paper form missing), a group of two, and
    three dispositions."""
    document_id = docs.circulated()
    for i in range(3):
        docs.comment(document_id, f"Đề nghị bổ sung chỉ tiêu {i}", section=0)
    docs.comment(document_id, "Ý kiến chung", section=None)
    intake.submit_org_comment(user("bithu"), document_id, org_unit_id=docs.world["cell_a"],
                              section_id=None, text="Chi bộ nhất trí")
    batch = intake.create_batch(user("vanthu"), document_id, label_text="Lô 1",
                                declared_count=3, received_on=intake.local_today(),
                                org_unit_id=None)
    for source in ("citizen", "member"):
        intake.add_batch_comment(user("vanthu"), document_id, batch.id, section_id=None,
                                 source=source, org_unit_id=None, author_name=None,
                                 text="Ý kiến trên phiếu")
    intake.complete_batch(user("vanthu"), document_id, batch.id, "Thiếu một phiếu")
    comments = intake.comment_page(user("vankien"), services.get_document(
        document_id, user("vankien")), intake.CommentFilters(), per_page=100).comments
    first_section = sorted(c.id for c in comments if c.section_id)
    disposing.group_comments(user("vankien"), document_id, first_section[:2], "Bổ sung chỉ tiêu")
    disposing.dispose(user("vankien"), document_id, first_section[:1], disposition="accepted",
                      explanation=None, revised_section_id=None)
    disposing.dispose(user("vankien"), document_id, first_section[2:], disposition="not_accepted",
                      explanation="Đã có ở mục khác", revised_section_id=None)
    return document_id


def test_the_summary_reconciles_with_what_was_received(ctx, docs):
    document_id = build(docs)
    report = summary_report(services.get_document(document_id, user("vankien")))
    assert report.total == 7 and report.reconciles()
    assert report.by_channel["member_online"] == 4 and report.by_channel["paper"] == 2
    assert report.by_channel["org_submission"] == 1
    assert report.by_source == {"organization": 1, "member": 5, "citizen": 1,
                                "former_leader": 0, "mass_organization": 0}
    assert report.by_disposition == {"accepted": 2, "partly_accepted": 0, "not_accepted": 1,
                                     "noted": 0, "pending": 4}
    assert [s.total for s in report.sections] == [4, 3, 0, 0]  # general first, then in order
    assert report.sections[1].title.startswith("I. Kết quả")
    assert (report.declared_paper, report.entered_paper) == (3, 2)
    assert len(report.mismatched_batches) == 1


def test_the_disposition_report_has_one_row_per_comment_or_group(ctx, docs):
    document_id = build(docs)
    rows = disposition_rows(services.get_document(document_id, user("vankien")))
    assert len(rows) == 6  # 7 comments, two of them one group
    grouped = next(r for r in rows if r.similar == 2)
    assert grouped.text == "Bổ sung chỉ tiêu" and grouped.disposition == "Tiếp thu"
    refused = next(r for r in rows if r.explanation)
    assert refused.disposition == "Không tiếp thu" and refused.explanation == "Đã có ở mục khác"
    assert [r.number for r in rows] == list(range(1, 7))
    # General comments first, then by section in heading order, each by arrival; a group's
    # row stands where its first comment would (the section's comments arrived first here).
    assert [r.text for r in rows] == ["Ý kiến chung", "Chi bộ nhất trí", "Ý kiến trên phiếu",
                                      "Ý kiến trên phiếu", "Bổ sung chỉ tiêu",
                                      "Đề nghị bổ sung chỉ tiêu 2"]
    assert {r.section for r in rows[:4]} == {"Ý kiến chung"}
    assert rows[4].section == rows[5].section != "Ý kiến chung"
    assert [r.sources for r in rows[2:4]] == ["Nhân dân", "Cán bộ, đảng viên"]


def test_the_report_page_draws_charts_without_inline_styles(app, client, docs):
    with app.app_context():
        document_id = build(docs)
    client.login("kiemtra")
    page = client.get(f"/documents/{document_id}/report").text
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart') == 3
    assert "style=" not in page
    assert "Ý kiến theo hình thức góp ý" in page and "Báo cáo tiếp thu, giải trình ý kiến" in page
    assert "Các số tổng không khớp" not in page


def test_word_and_excel_files_open_and_hold_the_rows(app, client, docs):
    with app.app_context():
        document_id = build(docs)
    client.login("thuongvu")
    client.post("/language", data={"lang": "en"})  # the files stay in Vietnamese
    base = f"/documents/{document_id}/report"

    summary = open_docx(io.BytesIO(client.get(f"{base}/summary.docx").data))
    text = "\n".join(p.text for p in summary.paragraphs)
    assert "BÁO CÁO TỔNG HỢP Ý KIẾN" in text and "Tổng số: 7 ý kiến." in text
    headers = [[c.text for c in t.rows[0].cells] for t in summary.tables]
    assert ["Nguồn ý kiến", "Số ý kiến", "Tỷ lệ"] in headers
    by_source = summary.tables[0]
    assert [c.text for c in by_source.rows[-1].cells] == ["Tổng cộng", "7", "100,0%"]

    response = client.get(f"{base}/dispositions.docx")
    assert 'filename="bao-cao-tiep-thu-giai-trinh-d1.docx"' in response.headers[
        "Content-Disposition"]
    table = open_docx(io.BytesIO(response.data)).tables[0]
    assert [c.text for c in table.rows[0].cells][:5] == [
        "TT", "Mục", "Nguồn ý kiến", "Nội dung ý kiến", "Số ý kiến tương tự"]
    assert len(table.rows) == 1 + 6
    assert "(2 ý kiến tương tự)" in "\n".join(p.text for p in summary.paragraphs)

    sheet = load_workbook(io.BytesIO(client.get(f"{base}/dispositions.xlsx").data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "Tiếp thu, giải trình" and rows[0][0] == "TT" and len(rows) == 7
    assert any(r[4] == 2 and r[5] == "Tiếp thu" for r in rows[1:])

    book = load_workbook(io.BytesIO(client.get(f"{base}/summary.xlsx").data))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert "BÁO CÁO TỔNG HỢP Ý KIẾN" in cells and "Tổng số: 7 ý kiến." in cells

    with app.app_context():
        exports = db.session.scalars(select(AuditEntry.payload).where(
            AuditEntry.action == "report_export")).all()
    assert len(exports) == 4 and any(re.search('"format":"xlsx"', p) for p in exports)
    assert client.get(f"{base}/other.pdf").status_code == 404
