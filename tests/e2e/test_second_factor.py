"""The demo administrator's first login: sent to the enrolment, scans (reads) the key, keeps the
recovery codes; then logs in again with a code, and once with a recovery code."""

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from ..conftest import DEMO_PASSWORD
from .conftest import enrol_second_factor, log_out, screenshot, submit_password

pytestmark = [pytest.mark.e2e, pytest.mark.demo]


def test_administrator_enrols_then_logs_in_with_a_code(page):
    submit_password(page, "admin", DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/two-factor/enrol$"))
    expect(page.get_by_text("Quản trị viên bắt buộc phải dùng xác thực hai bước")).to_be_visible()
    qr = page.locator("img.qr-code")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 100  # the data: URI rendered under the CSP
    screenshot(page, "totp-enrol")

    page.goto("/admin/users")  # nothing else until enrolled
    expect(page).to_have_url(re.compile(r"/account/two-factor/enrol$"))

    page.get_by_label("Mã 6 chữ số ứng dụng đang hiển thị").fill("000000")
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    expect(page.get_by_text("Mã không đúng. Hãy kiểm tra giờ")).to_be_visible()
    screenshot(page, "totp-enrol-wrong-code")

    secret, codes = enrol_second_factor(page)
    assert len(codes) == 10
    screenshot(page, "totp-recovery-codes")
    page.get_by_role("link", name="Tôi đã lưu lại: tiếp tục").click()
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()
    log_out(page)

    submit_password(page, "admin", DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/login/verify$"))
    screenshot(page, "totp-verify")
    page.get_by_label("Mã").fill("123456")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_text("Mã không đúng, hoặc đã được sử dụng.")).to_be_visible()
    screenshot(page, "totp-verify-wrong-code")
    # The enrolment used this half-minute's code: the app's next one (accepted within drift).
    page.get_by_label("Mã").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()

    page.locator(".dropdown-toggle").click()
    page.get_by_role("link", name="Xác thực hai bước").click()
    expect(page.get_by_text("Còn 10 mã khôi phục chưa dùng.")).to_be_visible()
    screenshot(page, "totp-status")
    log_out(page)

    submit_password(page, "admin", DEMO_PASSWORD)
    page.get_by_label("Mã").fill(codes[0])
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()
    page.goto("/account/two-factor")
    expect(page.get_by_text("Còn 9 mã khôi phục chưa dùng.")).to_be_visible()

    page.goto("/admin/users")
    page.get_by_role("link", name="admin").first.click()
    status = page.locator("#account-status")
    expect(status).to_contain_text("Xác thực hai bước")
    expect(status.get_by_role("button", name="Đặt lại xác thực hai bước")).to_have_count(0)
    screenshot(page, "admin-user-second-factor")
    assert page.console_errors == []


def test_the_code_page_without_a_waiting_login(page):
    page.goto("/login/verify")
    expect(page.get_by_text("Không có lượt đăng nhập nào đang chờ mã")).to_be_visible()
    screenshot(page, "totp-verify-nothing-waiting")
    assert page.console_errors == []
