"""Letters in the browser: a clerk registers a letter about a nominee, the subcommittee
classifies and assigns it, the Standing Committee's approval is refused naming the receipt
number, the Inspection Commission concludes it unfounded, and the approval then goes through.
Screenshots of the intake form, the queue, the letter page and the hold on the nomination."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from intranet.auth.models import User
from intranet.complaints.models import ComplaintSubject
from intranet.extensions import db
from intranet.personnel.models import Nomination

from ..complaints.conftest import PDF
from .conftest import screenshot
from .test_personnel import as_user

pytestmark = [pytest.mark.e2e, pytest.mark.demo]


def vetted_nominee(app) -> tuple[int, str, str]:
    """A nomination awaiting approval that no demo letter is about: (id, name, organization)."""
    with app.app_context():
        item = db.session.scalar(select(Nomination).where(
            Nomination.state == "vetted",
            Nomination.member_id.not_in(select(ComplaintSubject.member_id)))
            .order_by(Nomination.id).limit(1))
        return item.id, item.member.full_name, item.member.org_unit.name


def display_name(app, username: str) -> str:
    with app.app_context():
        return db.session.scalar(select(User.display_name).where(User.username == username))


def test_a_letter_holds_the_approval_until_it_is_concluded_unfounded(app, page):
    nomination_id, name, org = vetted_nominee(app)
    nomination_url = f"/personnel/nominations/{nomination_id}"

    as_user(page, "vanthu")
    page.get_by_role("link", name="Tiếp nhận đơn thư").click()
    page.get_by_label("Hình thức").select_option(label="Bưu điện")
    page.get_by_label("Ngày nhận").fill("2025-07-01")
    page.get_by_label("Ngày dấu bưu điện").fill("2025-06-30")
    page.get_by_label("Họ tên người gửi").fill("Phạm Văn Công")
    page.get_by_label("Địa chỉ người gửi").fill("Tổ dân phố Dương Quan 4")
    page.get_by_label("Người bị phản ánh").select_option(label=f"{name} — {org}")
    page.get_by_label("Trích yếu").fill("Phản ánh việc sử dụng đất")
    page.get_by_label("Nội dung", exact=True).fill("Đề nghị làm rõ việc xây dựng trên đất nông "
                                                   "nghiệp.")
    page.get_by_label("Bản quét (PDF hoặc ảnh)").set_input_files(
        files=[{"name": "don-thu.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    screenshot(page, "complaints-intake")
    page.get_by_role("button", name="Vào sổ").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Đã vào sổ với số tiếp nhận ĐT-2025-")
    receipt = re.search(r"ĐT-2025-\d{4}", status.inner_text()).group(0)

    as_user(page, "donthu")
    page.get_by_role("link", name="Đơn thư", exact=True).click()
    expect(page.get_by_role("link", name=receipt)).to_be_visible()
    screenshot(page, "complaints-queue")
    page.get_by_role("link", name=receipt).click()
    expect(page.get_by_role("heading", name=f"Đơn thư số {receipt}")).to_be_visible()
    page.get_by_label("Loại đơn").select_option(label="Tố cáo")
    page.get_by_role("button", name="Phân loại → Đã phân loại").click()
    expect(page.get_by_role("status")).to_contain_text("Đã phân loại")
    page.get_by_label("Người xác minh").select_option(label=display_name(app, "kiemtra"))
    page.get_by_label("Thời hạn xác minh").fill("2025-07-31")
    page.get_by_role("button", name="Giao xác minh → Đã giao xác minh").click()
    expect(page.locator(".stage-path [aria-current=step]")).to_have_text("Đã giao xác minh")
    screenshot(page, "complaints-letter-assigned")
    letter_url = page.url

    as_user(page, "thuongvu")
    page.goto(nomination_url)
    approve = page.get_by_role("button", name="Phê duyệt → Ban Thường vụ đã duyệt")
    expect(approve).to_be_disabled()
    expect(page.locator(f"#actions-nomination-{nomination_id}")).to_contain_text(receipt)
    expect(page.get_by_role("heading", name="Đơn thư liên quan đến đồng chí này")).to_contain_text(
        "Tạm dừng")
    screenshot(page, "complaints-hold-on-nomination")

    as_user(page, "bithu2")  # another organization's secretary: no access to the letter
    response = page.goto(letter_url)
    assert response.status == 404

    as_user(page, "kiemtra")
    page.goto(letter_url)
    page.get_by_role("button", name="Bắt đầu xác minh → Đang xác minh").click()
    expect(page.locator(".stage-path [aria-current=step]")).to_have_text("Đang xác minh")
    page.get_by_label("Kết luận", exact=True).select_option(label="Sai")
    page.get_by_label("Nội dung kết luận").fill("Công trình xây trên đất ở hợp pháp; "
                                                "phản ánh không có cơ sở.")
    page.get_by_role("button", name="Kết luận → Đã kết luận").click()
    expect(page.locator(".stage-path [aria-current=step]")).to_have_text("Đã kết luận")
    expect(page.locator("#letter-body")).to_contain_text("phản ánh không có cơ sở")
    screenshot(page, "complaints-letter-concluded")

    as_user(page, "thuongvu")
    page.goto(nomination_url)
    expect(page.locator("#nomination-body")).to_contain_text("đã hết tạm dừng: kết luận sai")
    page.get_by_role("button", name="Phê duyệt → Ban Thường vụ đã duyệt").click()
    expect(page.locator(".stage-path [aria-current=step]")).to_have_text(
        "Ban Thường vụ đã duyệt")
    screenshot(page, "complaints-nomination-approved")
    page.goto("/complaints/report")
    expect(page.locator("h1")).to_contain_text("báo cáo Ban Thường vụ")
    screenshot(page, "complaints-report")
    # The one 404 above is on purpose (Chromium logs it, sometimes after goto returns).
    assert [e for e in page.console_errors if "status of 404" not in e] == []
