"""Logging in and out, sessions ended by logout / password change / deactivation, CSRF."""

import pytest
from sqlalchemy import select

from intranet.audit.models import AuditEntry
from intranet.extensions import db
from workflows.roles import Role

from .conftest import DEMO_PASSWORD


@pytest.fixture
def standing(make_user):
    return make_user("thuongvu", roles=[Role.STANDING])


def actions(app):
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def test_anonymous_user_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_htmx_request_of_anonymous_user_gets_hx_redirect(client):
    response = client.get("/", htmx=True)
    assert response.headers["HX-Redirect"].startswith("/login")


def test_login_then_home(client, standing):
    client.login("thuongvu")
    response = client.get("/")
    assert response.status_code == 200
    assert "Thuongvu" in response.text


def test_unknown_user_and_wrong_password_get_the_same_message(client, standing):
    unknown = client.post("/login", data={"username": "nobody", "password": "whatever1"})
    wrong = client.post("/login", data={"username": "thuongvu", "password": "wrong-pass-1"})
    assert unknown.status_code == wrong.status_code == 422
    message = "Tên đăng nhập hoặc mật khẩu không đúng."
    assert message in unknown.text and message in wrong.text


def test_every_login_attempt_is_audited(app, client, standing):
    client.post("/login", data={"username": "thuongvu", "password": "wrong-pass-1"})
    client.login("thuongvu")
    assert actions(app)[-2:] == ["login_failed", "login"]


def test_login_redirects_to_next_only_on_this_site(client, standing):
    response = client.post("/login?next=https://evil.example/x",
                           data={"username": "thuongvu", "password": DEMO_PASSWORD})
    assert response.headers["Location"] == "/"


def test_logout_ends_every_copy_of_the_session(app, standing):
    first = app.test_client()
    first.login("thuongvu")
    with first.session_transaction() as session:
        stolen = dict(session)
    first.logout()
    replay = app.test_client()
    with replay.session_transaction() as session:
        session.update(stolen)
    assert replay.get("/").status_code == 302  # the old cookie is anonymous now


def test_password_change_ends_other_sessions_but_not_this_one(app, standing):
    mine, other = app.test_client(), app.test_client()
    mine.login("thuongvu")
    other.login("thuongvu")
    response = mine.post("/account/password", data={
        "current_password": DEMO_PASSWORD, "new_password": "a much longer passphrase",
        "confirm_password": "a much longer passphrase"})
    assert response.status_code == 302
    assert mine.get("/").status_code == 200
    assert other.get("/").status_code == 302
    assert "password_change" in actions(app)


@pytest.mark.parametrize("new, message", [
    ("short1", "ít nhất 8 ký tự"),
    ("password123", "quá phổ biến"),
    ("x" * 129, "tối đa 128 ký tự"),
])
def test_weak_passwords_are_refused_with_a_reason(client, standing, new, message):
    client.login("thuongvu")
    response = client.post("/account/password", data={
        "current_password": DEMO_PASSWORD, "new_password": new, "confirm_password": new})
    assert response.status_code == 422
    assert message in response.text


def test_a_long_passphrase_of_128_characters_is_accepted(client, standing):
    client.login("thuongvu")
    phrase = "đại hội đảng bộ phường " * 5 + "x" * (128 - len("đại hội đảng bộ phường " * 5))
    assert len(phrase) == 128
    response = client.post("/account/password", data={
        "current_password": DEMO_PASSWORD, "new_password": phrase, "confirm_password": phrase})
    assert response.status_code == 302


def test_deactivation_ends_the_users_sessions(app, make_user, standing):
    make_user("admin", roles=[Role.ADMIN])
    victim, admin = app.test_client(), app.test_client()
    victim.login("thuongvu")
    admin.login("admin")
    with app.app_context():
        from intranet.auth.models import User

        user_id = db.session.scalar(select(User.id).where(User.username == "thuongvu"))
    assert admin.post(f"/admin/users/{user_id}/active", data={"active": "0"}).status_code == 200
    assert victim.get("/").status_code == 302
    refused = app.test_client().post("/login", data={"username": "thuongvu",
                                                     "password": DEMO_PASSWORD})
    assert refused.status_code == 422
    assert "user_deactivate" in actions(app)


def test_post_without_csrf_token_is_refused(client, standing):
    client.login("thuongvu")
    response = client.post("/logout", csrf=False)
    assert response.status_code == 400
    assert client.get("/").status_code == 200  # still logged in: nothing happened


def test_htmx_post_with_csrf_header_is_accepted(client, standing):
    client.login("thuongvu")
    response = client.post("/notifications/read", htmx=True)
    assert response.status_code == 200


def test_language_switch_is_remembered_for_the_user(app, standing):
    browser = app.test_client()
    browser.login("thuongvu")
    assert 'lang="vi"' in browser.get("/").text
    browser.post("/language", data={"lang": "en", "next": "/"})
    browser.logout()
    browser.login("thuongvu")
    page = browser.get("/").text
    assert '<html lang="en">' in page and "My tasks" in page


def test_unknown_language_is_a_clear_error(client):
    response = client.post("/language", data={"lang": "fr"})
    assert response.status_code == 422


def test_htmx_request_after_the_session_ended_comes_back_to_the_page(client):
    response = client.get("/org/5?page=2", htmx=True,
                          headers={"HX-Current-URL": "http://localhost/org/5?q=Lan"})
    assert response.headers["HX-Redirect"] == "/login?next=/org/5?q%3DLan"


def test_a_session_idle_longer_than_the_timeout_ends(app, client, standing):
    import time_machine

    with time_machine.travel("2026-11-30 08:00Z", tick=False) as clock:
        client.login("thuongvu")
        clock.shift(59 * 60)
        assert client.get("/").status_code == 200  # 59 idle minutes: still in
        clock.shift(59 * 60)
        assert client.get("/").status_code == 200  # …counted from the last request
        clock.shift(61 * 60)
        expired = client.get("/")
    assert expired.status_code == 302 and expired.headers["Location"].startswith("/login")


def test_a_session_ends_after_the_absolute_timeout_however_busy(app, client, standing):
    import time_machine

    hours = app.config["SESSION_ABSOLUTE_TIMEOUT_HOURS"]
    with time_machine.travel("2026-11-30 08:00Z", tick=False) as clock:
        client.login("thuongvu")
        for _ in range(hours * 2 - 1):
            clock.shift(30 * 60)
            assert client.get("/").status_code == 200
        clock.shift(31 * 60)
        assert client.get("/").status_code == 302


def test_requests_within_a_minute_do_not_resend_the_session_cookie(app, client, standing):
    import time_machine

    with time_machine.travel("2026-11-30 08:00Z", tick=False) as clock:
        client.login("thuongvu")
        client.get("/")  # the first page also stores the CSRF token in the session
        clock.shift(5)
        assert "Set-Cookie" not in client.get("/").headers
        clock.shift(60)
        assert "session=" in client.get("/").headers.get("Set-Cookie", "")


def test_the_signed_in_user_answers_as_their_account_does(app, make_user, unit_id):
    """Each request reads the signed-in user as plain rows (intranet.security.load_user), not
    as the ORM's account: both must answer the same, for every kind of account."""
    from intranet.auth.models import User
    from intranet.security import load_user

    plain = make_user(roles=[])
    scoped = make_user(roles=[Role.SECRETARY], unit=unit_id)
    several = make_user(roles=[Role.STANDING, Role.PERSONNEL, Role.INSPECTOR])
    admin = make_user(roles=[Role.ADMIN])  # with a second factor
    with app.test_request_context():
        for user_id in (plain, scoped, several, admin):
            account = db.session.get(User, user_id)
            signed_in = load_user(account.get_id())
            assert signed_in.get_id() == account.get_id()
            assert (signed_in.id, signed_in.username, signed_in.display_name, signed_in.locale,
                    signed_in.member_id) == (account.id, account.username,
                                             account.display_name, account.locale,
                                             account.member_id)
            assert signed_in.role_names == account.role_names
            assert signed_in.totp_enabled == account.totp_enabled
            assert signed_in.is_active and signed_in.is_authenticated
            for role in Role:
                assert signed_in.has_role(role) == account.has_role(role)
                assert signed_in.scoped_units(role) == account.scoped_units(role)
        assert load_user(f"{admin}:not-the-token") is None
        assert load_user("999999:token") is None

