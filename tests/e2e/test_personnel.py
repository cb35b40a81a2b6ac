"""Personnel in the browser: a secretary nominates, the Personnel Subcommittee vets, the
Standing Committee approves and appoints, then an alternate replaces the official delegate;
the audit timeline shows each stage. Screenshots of every personnel page, also at 390 px."""

import re

import pytest
from playwright.sync_api import expect

from ..conftest import DEMO_PASSWORD
from .conftest import log_in, log_out, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.demo]

ORG = "Chi bộ Tổ dân phố Dương Quan 1"  # bithu's organization, empty in the demo
PHONE = {"width": 390, "height": 844}


def as_user(page, username: str) -> None:
    """Log out through the page (the server ends the session), then log in as someone else."""
    if page.locator(".dropdown-toggle").count():
        log_out(page)
    log_in(page, username, DEMO_PASSWORD)


def propose(page, kind: str) -> str:
    member = page.get_by_label("Đảng viên")
    member.select_option(index=1)
    name = member.locator("option:checked").inner_text().split(" — ")[0]
    page.get_by_label(kind, exact=True).check()
    page.get_by_role("button", name="Thêm vào danh sách dự kiến").click()
    expect(page.get_by_role("status")).to_contain_text(f"Đã thêm đồng chí {name}")
    return name


def act_on_queue(page, title: str, button: str, **fields) -> None:
    page.goto("/personnel/")
    page.get_by_role("link", name=title).click()
    page.wait_for_load_state("load")  # htmx is ready: the filter swaps the rows
    page.get_by_label("Tổ chức đảng").select_option(label=ORG)
    expect(page.locator("#queue .queue-table tbody tr")).to_have_count(2)
    page.get_by_label(re.compile("Tất cả các dòng đang hiển thị")).check()
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator("#queue .alert-success")).to_contain_text("Đã xử lý 2 hồ sơ.")
    expect(page.locator("#queue tr.table-success")).to_have_count(2)


def test_nominate_vet_approve_appoint_then_replace_by_the_alternate(page):
    as_user(page, "bithu")
    page.get_by_role("link", name="Nhân sự").first.click()
    page.get_by_role("link", name=ORG).click()
    expect(page.get_by_role("heading", name=ORG)).to_be_visible()
    official = propose(page, "Đại biểu chính thức")
    alternate = propose(page, "Đại biểu dự khuyết")
    screenshot(page, "personnel-organization")
    page.get_by_role("button", name="Gửi các hồ sơ dự kiến đi thẩm định").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi thẩm định 2 hồ sơ.")
    official_url = page.get_by_role("link", name=official).get_attribute("href")

    as_user(page, "nhansu")
    act_on_queue(page, "Thẩm định (Tiểu ban Nhân sự)", "Thẩm định đạt")
    screenshot(page, "personnel-vetting-queue")
    page.goto(official_url)
    page.get_by_role("link", name="Mở (chưa có ghi chú)").click()
    page.get_by_label("Ghi chú thẩm định (mật)").fill("Lý lịch rõ ràng; nơi cư trú nhận xét tốt.")
    page.get_by_role("button", name="Thêm ghi chú").click()
    expect(page.locator("#notes blockquote")).to_have_text(
        "Lý lịch rõ ràng; nơi cư trú nhận xét tốt.")
    screenshot(page, "personnel-vetting-notes")

    as_user(page, "thuongvu")
    act_on_queue(page, "Phê duyệt (Ban Thường vụ)", "Phê duyệt")
    screenshot(page, "personnel-approval-queue")
    act_on_queue(page, "Chỉ định theo quyết định", "Chỉ định",
                 **{"Số quyết định": "150-QĐ/ĐU", "Ngày quyết định": "2025-08-12"})
    expect(page.locator("#queue")).to_contain_text("Quyết định 150-QĐ/ĐU")
    screenshot(page, "personnel-appointment-queue")

    as_user(page, "bithu")
    page.goto(official_url)
    page.get_by_label("Lý do “Đề nghị thay thế”").fill("Đi điều trị dài ngày, không dự được.")
    page.get_by_role("button", name="Đề nghị thay thế → Đề nghị thay thế").click()
    expect(page.locator(".stage-path [aria-current=step]")).to_have_text("Đề nghị thay thế")

    as_user(page, "thuongvu")
    page.goto(official_url)
    page.get_by_role("button", name="Duyệt thay thế → Đã được thay thế").click()
    expect(page.get_by_text("Được thay bằng")).to_be_visible()
    timeline = page.locator(".timeline")
    for stage in ("Dự kiến", "Chờ thẩm định", "Đã thẩm định", "Ban Thường vụ đã duyệt",
                  "Đã chỉ định", "Đề nghị thay thế", "Đã được thay thế"):
        expect(timeline).to_contain_text(stage)
    expect(page.locator("#nomination-body")).to_contain_text("Đi điều trị dài ngày")
    screenshot(page, "personnel-nomination-replaced")

    page.get_by_role("link", name=alternate).click()
    expect(page.locator("#nomination-body dt", has_text="Thay cho")).to_be_visible()
    expect(page.locator("#nomination-body dd a", has_text=official)).to_be_visible()
    expect(page.locator("#nomination-body")).to_contain_text("Đại biểu chính thức")
    screenshot(page, "personnel-nomination-promoted")
    assert page.console_errors == []


def test_every_personnel_page_at_desktop_and_phone_width(page):
    as_user(page, "thuongvu")
    pages = [("personnel-index", "/personnel/"), ("personnel-quota", "/personnel/quota"),
             ("personnel-delegates", "/personnel/delegates"),
             ("personnel-committee", "/personnel/committee"),
             ("personnel-approval", "/personnel/review/approval")]
    for name, url in pages:
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        screenshot(page, name)
    page.goto("/personnel/committee")
    page.get_by_role("link", name="Lương Thị Mai").first.click()
    expect(page.get_by_role("heading", name="Lương Thị Mai")).to_be_visible()
    screenshot(page, "personnel-candidate")
    page.goto("/personnel/delegates")
    page.get_by_label("Loại đại biểu").select_option(label="Dự khuyết")
    expect(page.locator(".delegate-table tbody tr").first).to_contain_text("Dự khuyết")
    page.set_viewport_size(PHONE)
    for name, url in pages:
        page.goto(url)
        screenshot(page, f"{name}-phone")
    page.locator("a[href*='/personnel/nominations/']").first.click()
    expect(page.locator("#nomination-body")).to_be_visible()
    screenshot(page, "personnel-nomination-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    as_user(page, "bithu2")
    page.set_viewport_size(PHONE)
    page.goto("/personnel/my")
    expect(page.get_by_role("heading", name="Chi bộ Trường THPT Thủy Sơn")).to_be_visible()
    screenshot(page, "personnel-organization-phone")
    assert page.console_errors == []


def test_the_quota_draft_calculated_adjusted_and_frozen(page, app):
    from datetime import date

    from intranet.db import write_transaction
    from intranet.org.models import Congress
    from intranet.org.services import ward_committees

    with app.app_context(), write_transaction() as session:  # a second congress to prepare
        session.add(Congress(org_unit_id=ward_committees()[0].id, term="2030-2035",
                             opens_on=date(2030, 8, 1), name="Đại hội lần thứ II"))
    as_user(page, "nhansu")
    page.goto("/personnel/quota")
    page.get_by_label("Số đại biểu tối thiểu mỗi tổ chức").fill("3")
    page.get_by_role("button", name="Tính phân bổ").click()
    expect(page.locator("#quota .invalid-feedback")).to_contain_text("cần 306 suất")
    page.get_by_label("Số đại biểu tối thiểu mỗi tổ chức").fill("1")
    page.get_by_role("button", name="Tính phân bổ").click()
    expect(page.locator(".quota-tiles")).to_contain_text("223")
    first = page.locator(".quota-table tbody tr").first
    first.locator("summary").click()
    first.get_by_label("Dự khuyết", exact=True).fill("2")
    first.get_by_label("Lý do điều chỉnh").fill("Đảng bộ có nhiều chi bộ")
    first.get_by_role("button", name="Lưu điều chỉnh").click()
    expect(page.locator(".quota-table tbody tr").first).to_contain_text("Đảng bộ có nhiều chi bộ")
    screenshot(page, "personnel-quota-draft")
    page.get_by_role("button", name="Chốt phân bổ → Đã chốt").click()
    expect(page.locator(".stage-path [aria-current=step]")).to_have_text("Đã chốt")
    expect(page.locator("#quota")).to_contain_text("Mã niêm phong")
    screenshot(page, "personnel-quota-frozen")
    assert page.console_errors == []
