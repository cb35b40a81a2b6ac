"""Congress days in the browser: the desk checks delegates in by their cards' token URLs and
by scanning into the desk field, the attendance page updates by itself, the Secretariat
records a vote, the Credentials Committee confirms its report. Screenshots of each page."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ..conftest import DEMO_PASSWORD
from .conftest import log_in, log_out, screenshot, settled

pytestmark = [pytest.mark.e2e, pytest.mark.demo]


def card_urls(app, n: int) -> list[tuple[str, str]]:
    """(name, token URL path) of delegates not checked in yet at the first session."""
    from intranet.congress import services
    from intranet.congress.models import CheckIn, CongressSession, Delegate
    from intranet.extensions import db

    with app.app_context(), app.test_request_context():
        first = db.session.scalar(select(CongressSession).order_by(CongressSession.position))
        here = select(CheckIn.delegate_id).where(CheckIn.session_id == first.id)
        people = db.session.scalars(select(Delegate).where(
            Delegate.left_reason.is_(None), Delegate.id.not_in(here))
            .order_by(Delegate.number).limit(n)).all()
        return [(d.member.full_name,
                 f"/congress/c/{services.card_token(d)}") for d in people]


def present_count(page) -> int:
    return int(page.locator("#attendance-total .present-count").inner_text())


def test_check_in_attendance_vote_and_credentials(app, browser, live_server, page):
    people = card_urls(app, 3)
    log_in(page, "thuky", DEMO_PASSWORD)

    # A second tab shows the attendance; it refreshes by itself.
    watcher = page.context.new_page()
    watcher.goto("/congress/attendance")
    before = present_count(watcher)

    # A phone's camera app opens the card's token URL: the name shows, one tap checks in.
    name, path = people[0]
    page.goto(path)
    expect(page.locator(".checkin-name")).to_have_text(name)
    screenshot(page, "congress-token-page")
    page.get_by_role("button", name="Điểm danh").click()
    expect(page.get_by_role("status")).to_contain_text("Đã điểm danh")

    # At the desk a scanner types the address into the field: the name shows at once.
    page.goto("/congress/checkin")
    scan = page.get_by_label("Mã thẻ đại biểu")
    scan.fill(live_server + people[1][1])
    scan.press("Enter")
    expect(page.locator("#scan-result .checkin-name")).to_have_text(people[1][0])
    # The same card again: a warning, not counted twice.
    page.get_by_label("Mã thẻ đại biểu").fill(live_server + people[1][1])
    page.get_by_label("Mã thẻ đại biểu").press("Enter")
    expect(page.locator("#scan-result .alert-warning")).to_contain_text("không tính thêm")
    # A forged card is refused.
    page.get_by_label("Mã thẻ đại biểu").fill(people[2][1] + "x")
    page.get_by_label("Mã thẻ đại biểu").press("Enter")
    expect(page.locator("#scan-result .alert-danger")).to_contain_text("không hợp lệ")
    # Once an answer settles, the scan field takes the focus back for the next card; the
    # clerk's typing goes to the search field only after that.
    settled(page)
    expect(page.get_by_label("Mã thẻ đại biểu")).to_be_focused()
    # By name.
    page.get_by_label("Họ tên hoặc số thẻ").fill(people[2][0])
    page.get_by_label("Họ tên hoặc số thẻ").press("Enter")
    page.locator("#search-results").get_by_role("button", name="Điểm danh").first.click()
    expect(page.locator("#scan-result .checkin-name")).to_have_text(people[2][0])
    screenshot(page, "congress-checkin-desk")

    expect(watcher.locator("#attendance-total .present-count")).to_have_text(
        str(before + 3), timeout=15_000)
    screenshot(watcher, "congress-attendance")

    # The Secretariat records a vote of the preparatory session.
    page.goto("/congress/")
    page.get_by_role("link", name="Phiên trù bị").first.click()
    item = page.locator("li.card", has=page.locator("form.vote-form")).first
    item.get_by_label("Tán thành", exact=True).fill("999")
    item.get_by_label("Không tán thành").fill("0")
    item.get_by_label("Không biểu quyết").fill("0")
    item.get_by_role("button", name="Ghi kết quả biểu quyết").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("vượt quá cơ sở tính")
    item = page.locator("li.card", has=page.locator("form.vote-form")).first
    item_id = item.get_attribute("id")
    item.get_by_label("Tán thành", exact=True).fill("14")
    item.get_by_label("Không tán thành").fill("0")
    item.get_by_label("Không biểu quyết").fill("1")
    item.get_by_role("button", name="Ghi kết quả biểu quyết").click()
    result = page.locator(f"#{item_id} .vote-result")
    expect(result).to_have_text("Thông qua")
    screenshot(page, "congress-vote")

    # The Credentials Committee confirms its report.
    log_out(page)
    log_in(page, "thamtra", DEMO_PASSWORD)
    page.goto("/congress/credentials")
    screenshot(page, "congress-credentials-draft")
    page.get_by_role("button", name="Xác nhận báo cáo").click()
    expect(page.get_by_role("button", name=re.compile("Mở lại để tính lại"))).to_be_visible()
    page.goto("/congress/credentials")
    expect(page.get_by_text("Số liệu tại thời điểm xác nhận")).to_be_visible()
    screenshot(page, "congress-credentials-confirmed")
    assert not [e for e in page.console_errors if not re.search(r"status of 4(09|22)", e)]


def test_cards_tracker_dashboard_and_documents_pages(app, page):
    log_in(page, "thuongvu", DEMO_PASSWORD)
    page.goto("/congress/delegates")
    page.locator("#roster").get_by_role("link", name="Thẻ", exact=True).first.click()
    expect(page.locator(".delegate-card")).to_have_count(1)
    expect(page.locator(".delegate-card-qr")).to_be_visible()
    screenshot(page, "congress-card")
    page.goto("/congress/cards")
    screenshot(page, "congress-cards-print")
    page.goto("/congress/subordinate")
    expect(page.locator("#tracker-held")).to_have_text("102/102")
    screenshot(page, "congress-tracker")
    page.goto("/congress/dashboard")
    expect(page.locator("svg.bar-chart")).to_have_count(6)
    screenshot(page, "congress-dashboard")
    page.goto("/congress/documents")
    expect(page.locator(".document-qr").first).to_be_visible()
    screenshot(page, "congress-documents-qr")
    page.goto("/congress/")
    screenshot(page, "congress-overview")
    assert not page.console_errors
