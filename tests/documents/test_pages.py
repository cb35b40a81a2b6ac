"""The pages: list and filters, the document page, transition forms, scope, my tasks."""

import io
import json
import re
from datetime import timedelta

from docx import Document as new_docx
from sqlalchemy import func, select

from intranet.clock import local_today
from intranet.db import utcnow
from intranet.documents import comments as intake
from intranet.documents import lookups, services
from intranet.documents.models import Comment, Document
from intranet.extensions import db
from tests.documents.helpers import doc, user


def local_input(moment) -> str:
    """A datetime-local value in Hà Nội time, as the browser sends it."""
    return (moment + timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M")


def test_the_list_filters_swap_in_place_and_drafts_stay_internal(app, client, docs):
    with app.app_context():
        docs.draft(title="Văn kiện Alpha")
        docs.circulated(title="Văn kiện Beta")
    client.login("vankien")
    page = client.get("/documents/")
    assert page.status_code == 200 and "Văn kiện Beta" in page.text
    fragment = client.get("/documents/?state=circulated", htmx=True)
    assert fragment.text.lstrip().startswith('<div id="document-list">')
    assert "Văn kiện Beta" in fragment.text and "Văn kiện Alpha" not in fragment.text
    assert "Văn kiện Alpha" in client.get("/documents/?q=ALPHA", htmx=True).text
    client.logout()
    client.login("bithu")  # a secretary does not see drafts never circulated
    listing = client.get("/documents/").text
    assert "Văn kiện Alpha" not in listing and "Văn kiện Beta" in listing
    with app.app_context():
        alpha = db.session.scalar(select(Document.id).where(Document.title == "Văn kiện Alpha"))
    assert client.get(f"/documents/{alpha}").status_code == 404


def test_the_document_page_has_the_panel_the_round_and_the_timeline(app, client, docs):
    with app.app_context():
        document_id = docs.circulated()
        docs.comment(document_id, "Đề nghị bổ sung chỉ tiêu.")
    client.login("vankien")
    page = client.get(f"/documents/{document_id}").text
    assert 'id="actions-document-' in page and "Kết thúc sớm" in page
    assert "Đợt 1 lấy ý kiến dự thảo lần 1" in page and "/gop-y/" in page
    assert "Đề nghị bổ sung chỉ tiêu." in page
    assert "Quá trình xử lý" in page and "Gửi lấy ý kiến" in page


def test_circulating_through_the_form(app, client, docs):
    with app.app_context():
        document_id = docs.frozen()
        version = doc(document_id).version
    client.login("vankien")
    generic = client.post(f"/items/document/{document_id}/actions/circulate", htmx=True)
    assert generic.status_code == 422  # the generic endpoint has no deadline: refused
    url = f"/documents/{document_id}/circulate"
    past = client.post(url, data={"deadline": local_input(utcnow() - timedelta(days=1)),
                                  "audiences": ["public"], "version": version}, htmx=True)
    assert past.status_code == 422 and "Hạn góp ý phải là một thời điểm trong tương lai" \
        in past.text
    nobody = client.post(url, data={"deadline": local_input(utcnow() + timedelta(days=3)),
                                    "version": version}, htmx=True)
    assert nobody.status_code == 422 and "ít nhất một đối tượng" in nobody.text
    done = client.post(url, data={"deadline": local_input(utcnow() + timedelta(days=3)),
                                  "audiences": ["public", "members"], "version": version},
                       htmx=True)
    assert done.status_code == 200 and "Đã xong" in done.text
    assert json.loads(done.headers["HX-Trigger"])["item-changed"] == f"document-{document_id}"
    stale = client.post(url, data={"deadline": local_input(utcnow() + timedelta(days=3)),
                                   "audiences": ["public"], "version": version}, htmx=True)
    assert stale.status_code == 409
    with app.app_context():
        assert lookups.open_round(document_id).audience_list == ["members", "public"]


def test_approving_through_the_form(app, client, docs):
    with app.app_context():
        document_id = docs.revision(comments=1)
        ids = [c.id for c in db.session.scalars(select(Comment))]
    client.login("vankien")
    assert "Còn 1 ý kiến chưa có kết quả tiếp thu" in client.get(f"/documents/{document_id}").text
    client.post(f"/documents/{document_id}/comments/bulk",
                data={"ids": ids, "action": "dispose", "set_disposition": "noted"}, htmx=True)
    client.logout()
    client.login("thuongvu")
    url = f"/documents/{document_id}/approve"
    with app.app_context():
        today = local_today().isoformat()
    few = client.post(url, data={"meeting_date": today, "members_present": 7, "votes_for": 4,
                                 "votes_against": 3}, htmx=True)
    assert few.status_code == 422 and "4/9" in few.text
    too_many = client.post(url, data={"meeting_date": today, "members_present": 4,
                                      "votes_for": 5, "votes_against": 0}, htmx=True)
    assert too_many.status_code == 422 and "nhiều hơn số ủy viên có mặt" in too_many.text
    done = client.post(url, data={"meeting_date": today, "members_present": 8,
                                  "votes_for": 6, "votes_against": 2}, htmx=True)
    assert done.status_code == 200
    with app.app_context():
        assert doc(document_id).state == "approved"
    page = client.get(f"/documents/{document_id}").text
    assert "6/9 ủy viên tán thành" in page


def test_comment_filters_swap_the_list_in_place(app, client, docs):
    with app.app_context():
        document_id = docs.circulated()
        docs.comment(document_id, "Ý kiến về mục đầu", section=0)
        docs.comment(document_id, "Ý kiến chung của đảng viên", section=None)
    client.login("vankien")
    fragment = client.get(f"/documents/{document_id}/comments?section=general", htmx=True)
    assert fragment.text.lstrip().startswith('<div id="comment-list"')
    assert "Ý kiến chung của đảng viên" in fragment.text
    assert "Ý kiến về mục đầu" not in fragment.text
    pending = client.get(f"/documents/{document_id}/comments?disposition=pending", htmx=True)
    assert "2 ý kiến phù hợp" in pending.text


def test_a_member_comments_from_the_document_page(app, client, docs):
    with app.app_context():
        document_id = docs.circulated()
    client.login("uvbch")
    response = client.post(f"/documents/{document_id}/comments",
                           data={"section_id": "", "org_unit_id": "", "text": "Nhất trí."},
                           htmx=True)
    assert response.status_code == 200 and "đã được ghi nhận" in response.text
    assert json.loads(response.headers["HX-Trigger"])["comments-changed"] is True
    empty = client.post(f"/documents/{document_id}/comments", data={"text": ""}, htmx=True)
    assert empty.status_code == 422


def test_a_secretary_sees_and_sends_only_for_their_organization(app, client, docs, world):
    with app.app_context():
        document_id = docs.circulated()
        intake.submit_org_comment(user("bithu2"), document_id, org_unit_id=world["cell_b"],
                                  section_id=None, text="Ý kiến của chi bộ trường")
        other = db.session.scalar(select(Comment.id))
    client.login("bithu")
    url = f"/documents/{document_id}/comments"
    assert client.post(url, data={"org_unit_id": world["cell_b"], "text": "Mạo danh"},
                       htmx=True).status_code == 404
    response = client.post(url, data={"org_unit_id": world["cell_a"], "text": "Chi bộ nhất trí"},
                           htmx=True)
    assert response.status_code == 200
    page = client.get(f"/documents/{document_id}").text
    assert "Chi bộ nhất trí" in page and "Ý kiến của chi bộ trường" not in page
    assert client.get(f"{url}/{other}/dispose").status_code == 403  # not a disposer at all
    with app.app_context():
        assert db.session.scalar(select(func.count(Comment.id))) == 2


def test_disposing_one_comment_inline(app, client, docs):
    with app.app_context():
        document_id = docs.revision(comments=1)
        comment_id = db.session.scalar(select(Comment.id))
    client.login("vankien")
    url = f"/documents/{document_id}/comments/{comment_id}/dispose"
    form = client.get(url, htmx=True)
    assert form.text.lstrip().startswith(f'<article id="comment-{comment_id}"')
    refused = client.post(url, data={"disposition": "not_accepted"}, htmx=True)
    assert refused.status_code == 422 and "Giải trình lý do" in refused.text
    saved = client.post(url, data={"disposition": "not_accepted",
                                   "explanation": "Đã có ở mục II"}, htmx=True)
    assert saved.status_code == 200 and "Không tiếp thu" in saved.text
    assert "dispositions-changed" in saved.headers["HX-Trigger"]


def test_grouping_from_the_list(app, client, docs):
    with app.app_context():
        document_id = docs.circulated()
        for _ in range(3):
            docs.comment(document_id, "Đề nghị làm rõ chỉ tiêu", section=0)
        ids = list(db.session.scalars(select(Comment.id)))
    client.login("vankien")
    url = f"/documents/{document_id}/comments/bulk"
    refused = client.post(url, data={"ids": ids, "action": "group"}, htmx=True)
    assert refused.status_code == 422 and "tóm tắt" in refused.text
    done = client.post(url, data={"ids": ids, "action": "group", "summary": "Làm rõ chỉ tiêu"},
                       htmx=True)
    assert done.status_code == 200 and "nhóm 3 ý kiến tương tự" in done.text


def test_the_editor_saves_a_section_in_place(app, client, docs):
    with app.app_context():
        document_id = docs.draft()
        section = services.sections_of(lookups.latest_version(document_id))[0]
    client.login("vankien")
    prefix = f"s{section.id}-"
    response = client.post(f"/documents/{document_id}/sections/{section.id}", htmx=True, data={
        prefix + "number": "I.", prefix + "heading": "Kết quả nổi bật", prefix + "level": "1",
        prefix + "body": "Nội dung", "seen": section.edit_count})
    assert response.status_code == 200 and "Đã lưu." in response.text
    stale = client.post(f"/documents/{document_id}/sections/{section.id}", htmx=True, data={
        prefix + "number": "I.", prefix + "heading": "Khác", prefix + "level": "1",
        prefix + "body": "", "seen": section.edit_count})
    assert stale.status_code == 409 and "Kết quả nổi bật" in stale.text


def docx_upload(headings: list[str]) -> bytes:
    document = new_docx()
    for heading in headings:
        document.add_heading(heading, level=1)
        document.add_paragraph("Nội dung của mục.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_importing_a_docx_through_the_page(app, client, docs):
    with app.app_context():
        document_id = docs.draft(sections=[])
    client.login("vankien")
    url = f"/documents/{document_id}/import"
    done = client.post(url, data={"file": (io.BytesIO(docx_upload(["I. Mở đầu", "II. Kết quả"])),
                                           "bao-cao.docx")})
    assert done.status_code == 302
    broken = client.post(url, data={"file": (io.BytesIO(b"not a word file"), "bao-cao.docx")})
    assert broken.status_code == 422 and "không phải tài liệu Word" in broken.text
    app.config["DOCUMENTS_DOCX_MAX_BYTES"] = 100_000  # (bigger uploads leak a test tempfile)
    big = client.post(url, data={"file": (io.BytesIO(b"PK" + b"0" * 200_000), "big.docx")})
    assert big.status_code == 413 and "Tệp quá lớn: tối đa 0,1 MB" in big.text
    with app.app_context():
        titles = [s.title for s in services.sections_of(lookups.latest_version(document_id))]
    assert titles == ["I. Mở đầu", "II. Kết quả"]


def test_compare_and_version_pages(app, client, docs):
    with app.app_context():
        document_id = docs.frozen()
        services.start_new_draft(user("vankien"), document_id)
    client.login("thuongvu")
    page = client.get(f"/documents/{document_id}/compare?from=1&to=2").text
    assert "3 mục giữ nguyên (thu gọn)" in page and "<details" in page
    assert client.get(f"/documents/{document_id}/compare?from=1&to=9").status_code == 422
    text = client.get(f"/documents/{document_id}/versions/1").text
    assert "Tôi đã đọc phiên bản này" in text
    client.post(f"/documents/{document_id}/versions/1/reviewed")
    assert "bạn đã đọc phiên bản này" in client.get(f"/documents/{document_id}/versions/1").text


def test_paper_batch_pages(app, client, docs):
    with app.app_context():
        document_id = docs.circulated()
        today = local_today().isoformat()
    client.login("vanthu")
    response = client.post(f"/documents/{document_id}/batches", data={
        "label": "Phiếu TDP Dương Quan 1", "declared_count": 2,
        "received_on": today, "org_unit_id": ""})
    assert response.status_code == 302
    batch_url = response.headers["Location"]
    entry = client.post(f"{batch_url}/comments", data={"source": "citizen", "text": "Nhất trí",
                                                        "section_id": ""}, htmx=True)
    assert entry.status_code == 200 and "Đã nhập 1/2." in entry.text
    refused = client.post(f"{batch_url}/complete", data={"note": ""})
    assert refused.status_code == 422 and "ghi rõ lý do chênh lệch" in refused.text
    assert client.post(f"{batch_url}/complete", data={"note": "Thiếu một phiếu"}) \
        .status_code == 302
    assert "không khớp" in client.get(f"/documents/{document_id}/batches").text


def test_qr_codes_and_the_poster(app, client, docs):
    with app.app_context():
        document_id = docs.circulated()
    client.login("vanthu")
    svg = client.get(f"/documents/{document_id}/rounds/1/qr.svg")
    assert svg.mimetype == "image/svg+xml" and svg.data.startswith(b"<svg")
    png = client.get(f"/documents/{document_id}/rounds/1/qr.png?download=1")
    assert png.data.startswith(b"\x89PNG") and "attachment" in png.headers[
        "Content-Disposition"]
    poster = client.get(f"/documents/{document_id}/rounds/1/poster").text
    assert "MỜI GÓP Ý" in poster and "http://localhost/gop-y/" in poster
    assert client.get(f"/documents/{document_id}/rounds/7/poster").status_code == 404


def test_my_tasks_lists_documents_waiting_for_the_user(app, client, docs, world):
    with app.app_context():
        docs.revision(comments=0, title="Chờ Ban Thường vụ")
        docs.circulated(title="Đang lấy ý kiến")
    client.login("thuongvu")
    page = client.get("/").text
    assert "Chờ Ban Thường vụ" in page and "Đang lấy ý kiến" not in page
    client.logout()
    client.login("bithu")  # the organization has not sent its comment yet
    page = client.get("/").text
    assert "Đang lấy ý kiến" in page and "Chờ Ban Thường vụ" not in page
    assert re.search(r'id="task-count"[^>]*>1<', page)


def test_a_round_past_its_deadline_joins_the_drafters_tasks_when_the_deadline_passes(
        app, client, docs):
    """The user's "my tasks" statements are prepared once and reused: the deadline is compared
    with the time of each request, not of the first."""
    import time_machine

    with app.app_context():
        docs.circulated(title="Đang lấy ý kiến", days=5 / (24 * 60))  # five minutes
    client.login("vankien")
    assert "Đang lấy ý kiến" not in client.get("/").text
    with time_machine.travel(utcnow() + timedelta(minutes=10)):
        assert "Đang lấy ý kiến" in client.get("/").text


def test_the_clerk_form_is_fetched_when_its_section_opens_and_records_a_comment(
        app, client, docs, count_queries):
    with app.app_context():
        document_id = docs.circulated()
        today = local_today().isoformat()
    client.login("vanthu")
    page = client.get(f"/documents/{document_id}").text
    assert "phương tiện truyền thông" in page
    assert f"/documents/{document_id}/part/clerk_form_body" in page
    assert 'name="author_name"' not in page  # not rendered until the section is opened
    with count_queries() as statements:
        body = client.get(f"/documents/{document_id}/part/clerk_form_body", htmx=True)
    assert body.status_code == 200 and "<html" not in body.text
    assert len(statements) <= 12  # the form's own reads, not the whole page's again
    assert 'name="org_unit_id"' in body.text and "Chi bộ Tổ dân phố Dương Quan 1" in body.text
    ids = re.findall(r'\bid="([^"]+)"', page + body.text)  # the form joins the page
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    url = f"/documents/{document_id}/comments/recorded"
    refused = client.post(url, data={"channel": "mass_media", "source": "citizen",
                                     "received_on": today, "text": ""}, htmx=True)
    assert refused.status_code == 422 and " open>" in refused.text  # the section stays open
    done = client.post(url, data={"channel": "mass_media", "source": "citizen",
                                  "received_on": today, "author_name": "Báo Hải Phòng",
                                  "text": "Đề nghị nêu rõ chỉ tiêu cây xanh."}, htmx=True)
    assert done.status_code == 200 and "Đã ghi nhận ý kiến" in done.text
    with app.app_context():
        assert db.session.scalar(select(func.count(Comment.id)).where(
            Comment.channel == "mass_media")) == 1


def test_the_clerk_form_is_not_offered_to_a_reader_nor_outside_the_circulation(
        app, client, docs):
    with app.app_context():
        draft = docs.frozen()
        circulated = docs.circulated(code="D9")
    client.login("uvbch")  # an executive committee member comments, but does not type in
    assert "part/clerk_form_body" not in client.get(f"/documents/{circulated}").text
    client.logout()
    client.login("vanthu")
    assert "part/clerk_form_body" not in client.get(f"/documents/{draft}").text
    body = client.get(f"/documents/{draft}/part/clerk_form_body", htmx=True).text
    assert 'name="author_name"' not in body


def fill(docs, document_id: int, comments: int) -> None:
    """Comments by several channels, a paper batch, a group: what the pages show per row."""
    for i in range(comments):
        docs.comment(document_id, f"Ý kiến {i}", section=0 if i < 2 else i % 3)
    intake.submit_org_comment(user("bithu"), document_id, org_unit_id=docs.world["cell_a"],
                              section_id=None, text="Của chi bộ")
    batch = intake.create_batch(user("vanthu"), document_id, label_text="Lô", declared_count=1,
                                received_on=intake.local_today(), org_unit_id=None)
    intake.add_batch_comment(user("vanthu"), document_id, batch.id, section_id=None,
                             source="citizen", org_unit_id=None, author_name=None, text="x")
    first = lookups.open_round(document_id).version.sections[0].id
    ids = list(db.session.scalars(select(Comment.id).where(Comment.section_id == first)))
    from intranet.documents.dispositions import dispose, group_comments

    group_comments(user("vankien"), document_id, ids[:2], "Nhóm")
    dispose(user("vankien"), document_id, ids[:1], disposition="noted", explanation=None,
            revised_section_id=None)


PAGES = ("/documents/", "/documents/{id}", "/documents/{id}/comments",
         "/documents/{id}/report")


def test_query_counts_do_not_grow_with_the_data(app, client, docs, count_queries):
    def measure(document_id):
        counts = {}
        for url in PAGES:
            with count_queries() as queries:
                assert client.get(url.format(id=document_id)).status_code == 200
            counts[url] = len(queries)
        return counts

    client.login("vankien")
    with app.app_context():
        small = docs.circulated(title="Ít ý kiến")
        fill(docs, small, comments=2)
    few = measure(small)
    with app.app_context():
        for i in range(4):
            docs.circulated(title=f"Văn kiện {i}")
        big = docs.circulated(title="Nhiều ý kiến")
        fill(docs, big, comments=15)
    assert measure(big) == few
