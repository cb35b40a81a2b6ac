"""What someone sees after too many wrong passwords: the translated 429 page."""

import pytest
from playwright.sync_api import expect

from ..conftest import base_config
from .conftest import screenshot, submit_password

pytestmark = pytest.mark.e2e


@pytest.fixture
def app_config(database_url, tmp_path):
    return base_config(DATABASE_URL=database_url, INSTANCE_PATH=str(tmp_path),
                       RATELIMIT_ENABLED=True, LOGIN_LIMIT_ACCOUNT_ADDRESS="2 per minute")


def test_too_many_wrong_passwords(page):
    for _ in range(2):
        submit_password(page, "thuongvu", "wrong password 1")
        expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.")).to_be_visible()
    submit_password(page, "thuongvu", "wrong password 1")
    expect(page.get_by_role("heading", name="Quá nhiều lần thử")).to_be_visible()
    expect(page.get_by_text("Hãy chờ 1 phút rồi thử lại.")).to_be_visible()
    screenshot(page, "login-throttled")
    page.console_errors.clear()  # Chromium logs the 429 of the document itself
    assert page.console_errors == []
