"""Browser tests: Playwright driving Debian's Chromium against a live server on the demo data.

Where no Chromium is installed (a laptop) they skip with the reason; CI installs it and sets
INTRANET_REQUIRE_BROWSER=1, which turns a missing browser into a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


@pytest.fixture(params=["sqlite"])
def backend(request, backends):
    """Browser tests run against SQLite only: the server-side behaviour is covered on both."""
    return backends(request.param)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = "no Chromium found: install Debian's chromium (apt-get install -y chromium)"
        if os.environ.get("INTRANET_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def read_and_close(app):
    """The app with each response read whole and closed before the server writes it.

    When the browser drops a connection mid-send (it navigates away while a static file is on
    its way), Werkzeug's development server can skip the response's close(); the open file is
    then left to the garbage collector, whose ResourceWarning fails whichever test runs next.
    """
    def wsgi(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()
    return wsgi


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, read_and_close(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="vi-VN",
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []

    def on_console(message):
        # 409 and 422 are answers the page swaps in on purpose; Chromium still logs them.
        expected = any(f"status of {code}" in message.text for code in (409, 422))
        if message.type == "error" and not expected:
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    context.close()


def screenshot(page, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def settled(page) -> None:
    """Wait until the page has loaded (htmx, a deferred script, has taken its forms over: a
    click before that submits the form without htmx) and htmx has no request in flight and
    nothing left to settle (the `autofocus` of swapped-in content among the settle's tasks)."""
    page.wait_for_load_state("load")
    page.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')")


def submit_password(page, username: str, password: str) -> None:
    """The login form's first step (a second factor, or the enrolment, may follow)."""
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def log_in(page, username: str, password: str) -> None:
    submit_password(page, username, password)
    page.wait_for_url("**/")


def log_out(page) -> None:
    """Open the account menu and log out. The menu is Bootstrap's: a click that lands before
    its script has bound the toggle opens nothing, so click again until the button shows."""
    from playwright.sync_api import expect

    toggle = page.locator(".dropdown-toggle")
    button = page.get_by_role("button", name="Đăng xuất")
    for _ in range(5):
        toggle.click()
        try:
            expect(button).to_be_visible(timeout=2000)
            break
        except AssertionError:
            continue
    button.click()
    page.wait_for_url("**/login**")


def enrol_second_factor(page) -> tuple[str, list[str]]:
    """On the enrolment page: read the key as a person would, type the app's code, keep the
    recovery codes. Returns (secret, recovery codes)."""
    import pyotp

    page.wait_for_url("**/account/two-factor/enrol")
    secret = page.locator("#totp-key").inner_text().replace(" ", "")
    page.get_by_label("Mã 6 chữ số ứng dụng đang hiển thị").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    page.get_by_role("heading", name="Mã khôi phục của bạn").wait_for()
    codes = page.locator("#recovery-codes code").all_inner_texts()
    return secret, codes
