"""The complaints pages over HTTP: confidentiality matrix (role × page: visible / 404 / 403),
reads and exports recorded, intake, the panel's forms, the queue's filters, overdue flags,
the hold badge on a nomination, the report, fixed query counts."""

import io
import re

import pytest
from sqlalchemy import func, select

from intranet.audit.models import AuditEntry
from intranet.complaints.models import Complaint, ComplaintSubject
from intranet.extensions import db
from intranet.personnel.models import Nomination

from .conftest import PDF

pytestmark = pytest.mark.demo

READERS = ["thuongvu", "nhansu", "donthu", "kiemtra"]
OTHERS = ["bch", "bcd", "vankien", "tuyentruyen", "bithu", "vanthu", "thamtra", "thuky"]
SECRET = "kê khai nhà đất"  # in the demo's open denunciation about a nominee


def held_letter(app) -> tuple[int, str, int]:
    """The demo's open letter holding a nominee: (letter id, receipt number, nomination id)."""
    with app.app_context():
        item = db.session.scalar(select(Complaint).where(Complaint.state == "verifying"))
        member_id = db.session.scalar(select(ComplaintSubject.member_id).where(
            ComplaintSubject.complaint_id == item.id))
        nomination = db.session.scalar(select(Nomination.id).where(
            Nomination.member_id == member_id))
        return item.id, item.receipt_no, nomination


def reads(app, login: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEntry.seq)).where(
            AuditEntry.action == "read_complaint", AuditEntry.actor_name == login))


@pytest.mark.parametrize("login", READERS)
def test_readers_open_a_letter_and_the_view_is_recorded(app, client, login):
    letter_id, receipt, _nomination = held_letter(app)
    client.login(login)
    page = client.get(f"/complaints/{letter_id}")
    assert page.status_code == 200 and SECRET in page.text and receipt in page.text
    assert reads(app, login) == 1
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "read_complaint").order_by(AuditEntry.seq.desc()))
        assert entry.entity_id == str(letter_id) and SECRET not in entry.payload
    assert client.get("/complaints/").status_code == 200
    assert client.get("/complaints/report").status_code == 200


@pytest.mark.parametrize("login", OTHERS)
def test_other_roles_get_404_for_a_letter_and_403_for_the_queue(app, client, login):
    letter_id, _receipt, _nomination = held_letter(app)
    client.login(login)
    for url in (f"/complaints/{letter_id}", f"/complaints/{letter_id}/attachments/1"):
        response = client.get(url)
        assert response.status_code == 404 and SECRET not in response.text
    response = client.post(f"/complaints/{letter_id}/actions/conclude",
                           data={"outcome": "founded", "findings": "x"})
    assert response.status_code == 404
    assert client.get(f"/items/complaint/{letter_id}/actions").status_code == 404
    for url in ("/complaints/", "/complaints/report", "/complaints/export.csv"):
        assert client.get(url).status_code == 403
    assert reads(app, login) == 0


def test_the_export_is_recorded(app, client):
    client.login("thuongvu")
    response = client.get("/complaints/export.csv?state=verifying")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export")
                                  .order_by(AuditEntry.seq.desc()))
        assert (entry.entity_type, entry.actor_name) == ("complaint", "thuongvu")
        assert '"rows":1' in entry.payload


def test_the_standing_committee_sees_the_receipt_number_on_the_nomination(app, client):
    _letter_id, receipt, nomination = held_letter(app)
    client.login("thuongvu")
    page = client.get(f"/personnel/nominations/{nomination}").text
    assert receipt in page  # in the letters card and in the refused approval's reason
    assert re.search(r"Chưa thể duyệt hoặc chỉ định: .*" + re.escape(receipt), page)


def test_others_see_a_neutral_hold_on_the_nomination(app, client):
    _letter_id, receipt, nomination = held_letter(app)
    client.login("bch")
    page = client.get(f"/personnel/nominations/{nomination}")
    assert page.status_code == 200
    assert receipt not in page.text and "Tạm dừng" in page.text


def test_a_clerk_registers_a_letter_without_reading_it_afterwards(app, client):
    client.login("vanthu")
    assert client.get("/complaints/new").status_code == 200
    response = client.post("/complaints/new", data={
        "channel": "desk", "received_on": "2025-07-02", "sender_status": "named",
        "sender_name": "Lê Thị Hoa", "summary": "Phản ánh", "content": "Nội dung.",
        "attachments": (io.BytesIO(PDF), "scan.pdf")},
        content_type="multipart/form-data", htmx=True)
    assert response.status_code == 200
    assert re.search(r"ĐT-2025-\d{4}", response.text)
    with app.app_context():
        item = db.session.scalar(select(Complaint).order_by(Complaint.id.desc()))
        assert item.summary == "Phản ánh" and len(item.attachments) == 1
    assert client.get(f"/complaints/{item.id}").status_code == 404


def test_the_intake_form_refuses_bad_input(app, client):
    client.login("donthu")
    response = client.post("/complaints/new", data={
        "channel": "", "received_on": "2025-07-02", "sender_status": "named",
        "summary": "", "content": ""}, htmx=True)
    assert response.status_code == 422
    response = client.post("/complaints/new", data={
        "channel": "mail", "received_on": "2025-07-02", "sender_status": "anonymous",
        "summary": "x", "content": "y", "attachments": (io.BytesIO(b"GIF89a..."), "a.pdf")},
        content_type="multipart/form-data", htmx=True)
    assert response.status_code == 422 and "a.pdf" in response.text


def test_a_file_sent_in_place_of_a_date_is_refused_as_a_missing_date(app, client):
    """Found by the bad-input sweep: the date field was handed the file and failed to re-render
    it (500)."""
    client.login("donthu")
    response = client.post("/complaints/new", data={
        "channel": "mail", "received_on": (io.BytesIO(b"2025-07-02"), "date.txt"),
        "postmarked_on": (io.BytesIO(b""), "upload.txt"), "sender_status": "anonymous",
        "summary": "x", "content": "y"}, content_type="multipart/form-data", htmx=True)
    assert response.status_code == 422
    assert 'name="received_on"' in response.text and "upload.txt" not in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count(Complaint.id)).where(
            Complaint.summary == "x")) == 0


def test_a_subcommittee_member_is_taken_to_the_new_letter(app, client):
    client.login("donthu")
    response = client.post("/complaints/new", data={
        "channel": "mail", "received_on": "2025-07-02", "sender_status": "anonymous",
        "summary": "Thư nặc danh", "content": "Nội dung."})
    assert response.status_code == 302
    assert re.fullmatch(r"/complaints/\d+", response.headers["Location"])


def test_the_panel_forms_move_the_letter(app, client):
    with app.app_context():
        item = db.session.scalar(select(Complaint).where(Complaint.state == "received"))
        letter_id, version = item.id, item.version
    client.login("donthu")
    page = client.get(f"/complaints/{letter_id}").text
    assert "Phân loại" in page
    bad = client.post(f"/complaints/{letter_id}/actions/classify",
                      data={"kind": "", "version": version}, htmx=True)
    assert bad.status_code == 422
    done = client.post(f"/complaints/{letter_id}/actions/classify",
                       data={"kind": "complaint", "version": version}, htmx=True)
    assert done.status_code == 200 and "item-changed" in done.headers["HX-Trigger"]
    stale = client.post(f"/complaints/{letter_id}/actions/classify",
                        data={"kind": "complaint", "version": version}, htmx=True)
    assert stale.status_code == 409
    with app.app_context():
        assert db.session.get(Complaint, letter_id).kind == "complaint"


def test_the_queue_filters_and_flags_overdue_letters(app, client):
    client.login("donthu")
    page = client.get("/complaints/").text
    assert page.count('href="/complaints/') >= 6
    overdue = client.get("/complaints/?overdue=1", htmx=True).text
    assert "overdue" in overdue or "quá hạn" in overdue
    assert overdue.count("table-danger") == 1  # the letter being verified, past 25 July 2025
    transferred = client.get("/complaints/?state=transferred", htmx=True).text
    assert transferred.count("table-danger") == 0 and "Đơn gửi sau thời hạn" in transferred


def test_the_report_counts_by_outcome_and_reason(app, client):
    client.login("thuongvu")
    page = client.get("/complaints/report").text
    assert "Đúng một phần" in page and "Đơn nặc danh" in page


def _queue_queries(app, client, count_queries, url):
    with count_queries() as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/complaints/", "/complaints/report"])
def test_a_fixed_number_of_queries_whatever_the_size(app, client, count_queries, url):
    from intranet.complaints.demo import seed_complaints

    client.login("thuongvu")
    client.get(url)  # warm the session and caches
    small = _queue_queries(app, client, count_queries, url)
    with app.app_context():
        seed_complaints(120)
    large = _queue_queries(app, client, count_queries, url)
    assert small == large


def test_an_administrator_gets_404_too(app, client, make_user):
    from workflows.roles import Role

    letter_id, _receipt, _nomination = held_letter(app)
    make_user("root", roles=[Role.ADMIN])
    client.login("root")
    assert client.get(f"/complaints/{letter_id}").status_code == 404
    assert client.get("/complaints/").status_code == 403


def test_an_attachment_download_is_recorded(app, client):
    client.login("donthu")
    response = client.post("/complaints/new", data={
        "channel": "mail", "received_on": "2025-07-02", "sender_status": "anonymous",
        "summary": "Có bản quét", "content": "Nội dung.",
        "attachments": [(io.BytesIO(PDF), "trang 1.pdf")]}, content_type="multipart/form-data")
    letter_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        attachment_id = db.session.get(Complaint, letter_id).attachments[0].id
    client.logout()
    client.login("kiemtra")
    download = client.get(f"/complaints/{letter_id}/attachments/{attachment_id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()))
        assert (entry.action, entry.actor_name) == ("read_attachment", "kiemtra")


def test_after_a_founded_conclusion_others_still_see_no_letter(app, client):
    letter_id, receipt, nomination = held_letter(app)
    with app.app_context():
        version = db.session.get(Complaint, letter_id).version
    client.login("kiemtra")
    response = client.post(f"/complaints/{letter_id}/actions/conclude", data={
        "outcome": "founded", "findings": "Có cơ sở một phần lớn.", "version": version},
        htmx=True)
    assert response.status_code == 200
    client.logout()
    client.login("bch")
    page = client.get(f"/personnel/nominations/{nomination}").text
    assert receipt not in page and "Có cơ sở" not in page and "Tạm dừng" not in page
    client.logout()
    client.login("thuongvu")
    page = client.get(f"/personnel/nominations/{nomination}").text
    assert receipt in page and "đã hết tạm dừng: kết luận đúng" in page
