"""The demo documents reproduce the seed report's figures, with an intact audit chain."""

import pytest
from sqlalchemy import func, select

from intranet.audit.verify import verify
from intranet.documents import lookups
from intranet.documents.models import Comment, Document, DocumentSection, PaperBatch
from intranet.documents.reports import summary_report
from intranet.extensions import db
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.demo


def by_code() -> dict[str, Document]:
    return {d.code: d for d in db.session.scalars(select(Document))}


def comments(document: Document) -> int:
    return db.session.scalar(select(func.count(Comment.id))
                             .where(Comment.document_id == document.id))


def test_the_seed_reports_comment_counts(ctx):
    docs = by_code()
    assert comments(docs["VK-XIV"]) == 569  # national (XIV) draft documents
    assert comments(docs["BCCT-TP"]) == 271  # city Political Report
    assert comments(docs["BCCT"]) == 271  # ward Political Report
    for code in ("VK-XIV", "BCCT-TP", "BCCT"):
        report = summary_report(docs[code])
        assert report.reconciles() and report.total == comments(docs[code])
        assert sum(1 for n in report.by_channel.values() if n) >= 5  # spread over channels


def test_the_three_ward_documents_and_two_higher_level_drafts_at_their_stages(ctx, runner):
    docs = by_code()
    assert {code: (d.kind, d.state) for code, d in docs.items()} == {
        "BCCT": ("political_report", "revision"),
        "BCKD": ("review_report", "circulated"),
        "NQ": ("resolution", "draft"),
        "VK-XIV": ("higher_level_draft", "approved"),
        "BCCT-TP": ("higher_level_draft", "approved"),
    }
    assert lookups.undisposed_count(docs["VK-XIV"].id) == 0
    assert 0 < lookups.undisposed_count(docs["BCCT"].id) < 271
    assert lookups.latest_version(docs["BCCT"].id).number == 2
    result = runner.invoke(args=["seed-demo", "--password", DEMO_PASSWORD])  # again: nothing
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Comment.id))) == 1111


def test_headings_batches_audit_chain_and_pages(app, client):
    with app.app_context():
        headings_batches_and_chain()
    client.login("thuongvu")
    tasks = client.get("/").text
    assert "Báo cáo chính trị trình Đại hội đại biểu Đảng bộ phường" in tasks
    assert client.get("/documents/").text.count('class="badge doc-state') == 2 * 5  # cards, table
    with app.app_context():
        ward_report = by_code()["BCCT"].id
    page = client.get(f"/documents/{ward_report}").text
    assert "Lần trước bạn đã đọc dự thảo lần 1" in page  # reviewed draft 1; draft 2 frozen since
    assert "chưa có hình thức tiếp thu, giải trình" in page  # why approval must wait


def headings_batches_and_chain():
    headings = set(db.session.scalars(select(DocumentSection.heading)))
    assert "Kết quả đạt được nhiệm kỳ 2020 - 2025" in headings
    assert "Quan điểm, mục tiêu, nhiệm vụ trọng tâm và các khâu đột phá nhiệm kỳ 2025 - 2030" \
        in headings
    assert "Các khâu đột phá" in headings
    batches = db.session.scalars(select(PaperBatch)).all()
    entered = dict(db.session.execute(select(Comment.batch_id, func.count(Comment.id))
                                      .where(Comment.batch_id.is_not(None))
                                      .group_by(Comment.batch_id)).all())
    mismatched = [b for b in batches if entered[b.id] != b.declared_count]
    assert len(mismatched) == 3 and all(b.note for b in mismatched)  # one flagged each
    report = verify()
    assert report.ok, report.findings
