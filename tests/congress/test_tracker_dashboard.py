"""The subordinate congresses tracker, the steering dashboard (sections registered by areas)
and the congress documents by QR."""

from datetime import date

import pytest
from sqlalchemy import select

from intranet.congress import tracker
from intranet.congress.dashboard import (
    Section,
    register_dashboard_section,
    unregister_dashboard_section,
)
from intranet.congress.models import SubordinateCongress
from intranet.documents.models import DocumentVersion
from intranet.extensions import db
from intranet.org.services import current_congress
from intranet.workflow_service import apply_transition

from .conftest import user

pytestmark = pytest.mark.demo


def test_the_demo_has_all_102_subordinate_congresses_held_by_29_july(ctx):
    p = tracker.progress(current_congress().id)
    assert (p.total, p.held, p.planned, p.overdue) == (102, 102, 0, 0)
    latest = db.session.scalar(select(SubordinateCongress.held_on).order_by(
        SubordinateCongress.held_on.desc()))
    assert latest <= date(2025, 7, 29)


def test_planned_then_held_then_report_received(ctx):
    item = db.session.scalar(select(SubordinateCongress).where(
        SubordinateCongress.state == "held").order_by(SubordinateCongress.id))
    apply_transition(item, "reopen", user("thuongvu"), reason="Nhập nhầm")
    congress_id = current_congress().id
    assert tracker.progress(congress_id, today=date(2025, 8, 1)).overdue == 1
    held = tracker.record_held(user("thuongvu"), item.id, "2025-07-20", "35")
    assert (held.state, held.held_on, held.attended) == ("held", date(2025, 7, 20), 35)
    from intranet.errors import Invalid

    with pytest.raises(Invalid):
        tracker.record_report(user("thuongvu"), item.id, "2025-07-19")
    with pytest.raises(Invalid):
        tracker.record_report(user("thuongvu"), item.id, "20/7/2025")
    done = tracker.record_report(user("thuongvu"), item.id, "2025-07-25")
    assert done.state == "report_received" and done.report_received_on == date(2025, 7, 25)


def test_the_tracker_page_filters_and_refuses_bad_input(app, client):
    with app.app_context():
        item = db.session.scalar(select(SubordinateCongress).where(
            SubordinateCongress.state == "held").order_by(SubordinateCongress.id))
        apply_transition(item, "reopen", user("thuongvu"), reason="Nhập nhầm")
        item_id = item.id
    client.login("thuongvu")
    page = client.get("/congress/subordinate")
    assert page.status_code == 200 and "102" in page.text and "bar-chart" in page.text
    assert client.get("/congress/subordinate?state=overdue", htmx=True).status_code == 200
    bad = client.post(f"/congress/subordinate/{item_id}/held",
                      data={"held_on": "hôm qua", "attended": "30"}, htmx=True)
    assert bad.status_code == 422, bad.text
    assert "Nhập ngày" in bad.text, bad.text[bad.text.find("text-danger") - 200:][:600]
    ok = client.post(f"/congress/subordinate/{item_id}/held",
                     data={"held_on": "2025-07-21", "attended": "30"}, htmx=True)
    assert ok.status_code == 200
    client.logout()
    client.login("thamtra")
    assert client.post(f"/congress/subordinate/{item_id}/report",
                       data={"received_on": "2025-07-25"}).status_code == 403


def test_the_dashboard_shows_every_registered_section_with_svg_charts(app, client):
    client.login("thuongvu")
    page = client.get("/congress/dashboard")
    assert page.status_code == 200
    for key in ("documents", "comments", "nominations", "complaints", "subordinate",
                "attendance"):
        assert f'id="dashboard-{key}"' in page.text
    assert page.text.count("<svg") >= 6 and "style=" not in page.text.split("<main")[1]
    register_dashboard_section("sample", lambda u: Section(
        "Mẫu", [("Đang giải quyết", 3)], [("Quá hạn", 1)]), order=45)
    try:
        assert 'id="dashboard-sample"' in client.get("/congress/dashboard").text
    finally:
        unregister_dashboard_section("sample")
    client.logout()
    client.login("vankien")
    assert client.get("/congress/dashboard").status_code == 403


def test_documents_by_qr_list_approved_versions_only(app, client):
    with app.app_context():
        approved = db.session.scalars(select(DocumentVersion.id).where(
            DocumentVersion.approved_at.is_not(None))).all()
        other = db.session.scalar(select(DocumentVersion.id).where(
            DocumentVersion.approved_at.is_(None)))
    assert approved
    client.login("bch")
    page = client.get("/congress/documents")
    assert page.status_code == 200
    for version_id in approved:
        assert f"/congress/documents/{version_id}/qr.svg" in page.text
        svg = client.get(f"/congress/documents/{version_id}/qr.svg")
        assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert client.get(f"/congress/documents/{other}/qr.svg").status_code == 404


def test_the_complaints_section_gives_counts_and_links_only_for_readers(app, client):
    """Steering Committee members see how many letters are open and overdue, not the letters:
    the link to the queue is for those who may read it (the Standing Committee here)."""
    client.login("thuongvu")
    section = client.get("/congress/dashboard").text.split('id="dashboard-complaints"')[1]
    section = section.split("</section>")[0]
    assert "/complaints/" in section
    client.logout()
    client.login("bcd")
    page = client.get("/congress/dashboard").text
    section = page.split('id="dashboard-complaints"')[1].split("</section>")[0]
    assert "/complaints/" not in section
    assert client.get("/complaints/").status_code == 403


def test_the_attendance_chart_shows_shares_of_the_delegates_summoned(app, client):
    from intranet.congress.services import attendance, current_congress, sessions

    with app.app_context():
        first = attendance(sessions(current_congress())[0], per_page=0).total
    assert 0 < first.present < first.summoned
    client.login("thuongvu")
    section = client.get("/congress/dashboard").text.split('id="dashboard-attendance"')[1]
    chart = section.split("</svg>")[0]
    assert f"({round(100 * first.present / first.summoned)}%)" in chart
    assert "(100%)" not in chart


def test_the_tracker_writes_its_share_with_the_percent_filter(client):
    client.login("thuongvu")
    page = client.get("/congress/subordinate").text
    assert '<p class="small mb-0">100%</p>' in page  # 102 of 102 held in the demo
