"""The roster and the credentials report against the personnel data, the confirmation (an
audited transition through the generic endpoint), and the .docx."""

import io
import json
import re

import pytest
from docx import Document as Docx
from sqlalchemy import func, select

from intranet.audit.models import AuditEntry
from intranet.congress import credentials, services
from intranet.congress.models import CredentialsReport, Delegate
from intranet.extensions import db
from intranet.org.services import current_congress
from intranet.personnel.models import ExOfficioDelegate, Nomination
from intranet.workflow_service import apply_transition

from .conftest import sessions, user

pytestmark = pytest.mark.demo


def personnel_counts() -> dict[str, int]:
    ex_officio = db.session.scalar(select(func.count(ExOfficioDelegate.id)))
    by_state = dict(db.session.execute(
        select(Nomination.state, func.count()).where(Nomination.kind == "official")
        .group_by(Nomination.state)).all())
    replaced = db.session.scalar(select(func.count(Nomination.id)).where(
        Nomination.state == "replaced"))
    return {"summoned": ex_officio + by_state.get("appointed", 0)
            + by_state.get("replacement_requested", 0),
            "ex_officio": ex_officio, "replaced": replaced,
            "not_summoned": by_state.get("not_summoned", 0)}


def test_the_report_totals_equal_the_personnel_data(ctx):
    expected = personnel_counts()
    figures = credentials.compute_figures(current_congress())
    assert figures.summoned == figures.roster == expected["summoned"]
    assert (figures.replaced, figures.not_summoned) == (expected["replaced"],
                                                        expected["not_summoned"])
    assert figures.replaced >= 1 and figures.not_summoned >= 1  # the demo has one of each
    assert figures.present + figures.absent_with_reason + figures.absent_without_reason \
        == figures.summoned
    for breakdown in figures.breakdowns:
        assert sum(s for _k, s, _p in breakdown.rows) == figures.summoned, breakdown.key
        assert sum(p for _k, _s, p in breakdown.rows) == figures.present, breakdown.key
    category = {k: s for k, s, _p in figures.breakdowns[0].rows}
    assert category["ex_officio"] == expected["ex_officio"]


def test_check_ins_and_absences_move_the_report(ctx):
    before = credentials.compute_figures(current_congress())
    first = sessions()[0]
    people = db.session.scalars(select(Delegate).where(Delegate.left_reason.is_(None))
                                .order_by(Delegate.number.desc()).limit(2)).all()
    services.check_in(user("thuky"), first.id, people[0], "qr")
    services.record_absence(user("thuky"), first.id, people[1].id, "Công tác")
    after = credentials.compute_figures(current_congress())
    assert after.present == before.present + 1
    assert after.absent_with_reason == before.absent_with_reason + 1
    assert after.absent_without_reason == before.absent_without_reason - 2


def test_the_roster_follows_a_replacement(ctx):
    before = services.sync_roster(user("thuongvu"))
    assert (before.added, before.left) == (0, 0)
    appointed = db.session.scalar(select(Nomination).where(
        Nomination.state == "appointed", Nomination.kind == "official").order_by(Nomination.id))
    apply_transition(appointed, "not_summon", user("thuongvu"),
                     payload={"category": "transferred"}, reason="Chuyển sinh hoạt")
    figures = credentials.compute_figures(current_congress())
    assert figures.roster == figures.summoned + 1 and not figures.matches
    change = services.sync_roster(user("thuongvu"))
    assert (change.added, change.left) == (0, 1)
    gone = db.session.scalar(select(Delegate).where(Delegate.member_id == appointed.member_id))
    assert gone.left_reason == "not_summoned"
    assert credentials.compute_figures(current_congress()).matches


def test_the_credentials_committee_confirms_through_the_audited_transition(app, client):
    with app.app_context():
        report = db.session.scalar(select(CredentialsReport))
        report_id = report.id
    client.login("thuongvu")
    assert client.post(f"/items/credentials_report/{report_id}/actions/confirm",
                       htmx=True).status_code == 403
    client.logout()
    client.login("thamtra")
    page = client.get("/congress/credentials")
    assert page.status_code == 200 and "Xác nhận báo cáo" in page.text
    done = client.post(f"/items/credentials_report/{report_id}/actions/confirm", htmx=True)
    assert done.status_code == 200
    with app.app_context():
        report = db.session.get(CredentialsReport, report_id)
        assert report.state == "confirmed"
        frozen = json.loads(report.confirmed_figures)
        assert frozen["summoned"] == personnel_counts()["summoned"]
        assert db.session.scalar(select(AuditEntry.to_state).where(
            AuditEntry.entity_type == "credentials_report", AuditEntry.action == "confirm")) \
            == "confirmed"


def test_a_roster_out_of_line_cannot_be_confirmed(app, ctx):
    appointed = db.session.scalar(select(Nomination).where(
        Nomination.state == "appointed", Nomination.kind == "official").order_by(Nomination.id))
    apply_transition(appointed, "not_summon", user("thuongvu"),
                     payload={"category": "transferred"}, reason="Chuyển sinh hoạt")
    from workflows import GuardFailed

    report = db.session.scalar(select(CredentialsReport))
    with pytest.raises(GuardFailed):
        apply_transition(report, "confirm", user("thamtra"))


def test_the_report_downloads_as_docx_and_the_download_is_recorded(app, client):
    client.login("thamtra")
    response = client.get("/congress/credentials.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Docx(io.BytesIO(response.data)).paragraphs)
    tables = Docx(io.BytesIO(response.data)).tables
    assert "Báo cáo thẩm tra tư cách đại biểu" in text
    with app.app_context():
        summoned = personnel_counts()["summoned"]
    assert tables[0].rows[1].cells[1].text == str(summoned)  # under the headings
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEntry.seq)).where(
            AuditEntry.entity_type == "credentials_report", AuditEntry.action == "export")) == 1


def test_the_share_present_is_written_to_two_decimals_in_the_page_language(app, client):
    client.login("thamtra")
    for language, pattern in (("vi", r"\d{1,3},\d\d%"), ("en", r"\d{1,3}\.\d\d%")):
        client.post("/language", data={"lang": language})
        page = client.get("/congress/credentials").text
        label = "Tỷ lệ có mặt" if language == "vi" else "Share present"
        assert re.search(rf'{label}</th><td class="text-end">{pattern}</td>', page)
