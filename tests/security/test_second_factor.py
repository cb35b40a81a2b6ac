"""TOTP second factor: enrolment, recovery codes, the login's second step, turning it off, and
administrators who cannot reach anything before enrolling (checked over the whole URL map)."""

import re
import time
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from intranet.audit.models import AuditEntry
from intranet.auth.models import User
from intranet.extensions import db
from intranet.mfa import totp
from intranet.mfa.models import RecoveryCode
from workflows.roles import Role

from ..conftest import DEMO_PASSWORD, enable_totp, next_totp_code
from .routes import methods, routes, sample_values, url_for_rule


def actions(app):
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def user_row(app, username):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.expunge(user)
        return user


def shown_secret(html: str) -> str:
    return re.search(r'id="totp-key">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")


def enrol(client) -> tuple[str, list[str]]:
    """Enrol through the pages, as a person would: read the key, type the code."""
    page = client.get("/account/two-factor/enrol")
    secret = shown_secret(page.text)
    done = client.post("/account/two-factor/enrol", data={"code": totp.code_at(
        secret, totp.current_step())})
    assert done.status_code == 200, done.text
    return secret, re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done.text)


@pytest.fixture
def member(make_user):
    make_user("thuongvu", roles=[Role.STANDING])
    return "thuongvu"


def password_step(client, username="thuongvu"):
    return client.post("/login", data={"username": username, "password": DEMO_PASSWORD})


# -- enrolment ------------------------------------------------------------------------------


def test_enrolment_page_shows_a_qr_code_and_the_key_without_inline_code(client, member):
    client.login(member)
    page = client.get("/account/two-factor/enrol")
    assert page.status_code == 200
    assert re.search(r'<img src="data:image/svg\+xml[^"]+" class="qr-code', page.text)
    assert len(shown_secret(page.text)) == 32
    assert " style=" not in page.text and "<script>" not in page.text
    again = client.get("/account/two-factor/enrol")
    assert shown_secret(again.text) == shown_secret(page.text)  # stable until confirmed


def test_a_wrong_code_enables_nothing(app, client, member):
    client.login(member)
    client.get("/account/two-factor/enrol")
    response = client.post("/account/two-factor/enrol", data={"code": "123456"})
    assert response.status_code == 422 and "Mã không đúng" in response.text
    assert not user_row(app, member).totp_enabled
    assert "totp_enable" not in actions(app)


def test_enrolment_gives_ten_hashed_recovery_codes_once(app, member):
    mine, other = app.test_client(), app.test_client()
    mine.login(member)
    other.login(member)
    secret, codes = enrol(mine)
    assert len(codes) == 10 and len(set(codes)) == 10
    user = user_row(app, member)
    assert user.totp_enabled and user.totp_secret == secret
    with app.app_context():
        hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(hashes) == 10 and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(c.replace("-", "") in h for c in codes for h in hashes)
    assert actions(app)[-1] == "totp_enable"
    assert mine.get("/").status_code == 200  # this session goes on
    assert other.get("/").status_code == 302  # sessions opened without the second factor end
    assert "<code>" not in mine.get("/account/two-factor").text  # never shown again


# -- the second step ------------------------------------------------------------------------


@pytest.fixture
def enrolled(app, member):
    secret = enable_totp(app, user_row(app, member).id)
    return secret


def test_the_password_alone_does_not_log_in(app, client, enrolled):
    response = password_step(client)
    assert response.headers["Location"] == "/login/verify"
    assert client.get("/").status_code == 302
    assert actions(app)[-1] == "login_password_ok"


def test_the_right_code_logs_in_and_is_audited(app, client, enrolled):
    password_step(client)
    response = client.post("/login/verify", data={"code": next_totp_code(app, "thuongvu")})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    with app.app_context():
        last = db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert last.action == "login" and '"second_factor":"totp"' in last.payload


def test_a_code_is_accepted_once_only(app, enrolled):
    first, second = app.test_client(), app.test_client()
    code = next_totp_code(app, "thuongvu")
    password_step(first)
    password_step(second)
    assert first.post("/login/verify", data={"code": code}).status_code == 302
    replay = second.post("/login/verify", data={"code": code})
    assert replay.status_code == 422
    assert actions(app)[-1] == "totp_failed"


def test_a_wrong_code_is_refused_and_audited(app, client, enrolled):
    password_step(client)
    response = client.post("/login/verify", data={"code": "000000"})
    assert response.status_code == 422 and "Mã không đúng" in response.text
    assert client.get("/").status_code == 302
    assert actions(app)[-1] == "totp_failed"


def test_next_is_kept_across_the_second_step(app, client, enrolled):
    client.post("/login?next=/notifications", data={"username": "thuongvu",
                                                    "password": DEMO_PASSWORD})
    response = client.post("/login/verify", data={"code": next_totp_code(app, "thuongvu")})
    assert response.headers["Location"] == "/notifications"


def test_a_recovery_code_works_once(app, member):
    client = app.test_client()
    client.login(member)
    _, codes = enrol(client)
    client.logout()
    password_step(client)
    spaced = codes[0].upper().replace("-", " ")  # typed from paper
    assert client.post("/login/verify", data={"code": spaced}).status_code == 302
    assert actions(app)[-2:] == ["recovery_code_used", "login"]
    client.logout()
    password_step(client)
    assert client.post("/login/verify", data={"code": codes[0]}).status_code == 422
    assert client.post("/login/verify", data={"code": codes[1]}).status_code == 302
    assert "Còn 8 mã khôi phục chưa dùng." in client.get("/account/two-factor").text


def test_the_wait_for_the_code_is_limited(app, client, enrolled, monkeypatch):
    password_step(client)
    later = time.time() + 6 * 60  # the pending module's clock only
    monkeypatch.setattr("intranet.mfa.pending.time", SimpleNamespace(time=lambda: later))
    page = client.post("/login/verify", data={"code": next_totp_code(app, "thuongvu")})
    assert page.status_code == 200 and "Đăng nhập" in page.text
    assert client.get("/").status_code == 302


def test_a_password_change_in_between_voids_the_waiting_login(app, client, enrolled):
    password_step(client)
    other = app.test_client()
    other.login("thuongvu")
    other.post("/account/password", data={
        "current_password": DEMO_PASSWORD, "new_password": "another long passphrase",
        "confirm_password": "another long passphrase"})
    response = client.post("/login/verify", data={"code": next_totp_code(app, "thuongvu")})
    assert response.status_code == 422


# -- turning it off, new codes ---------------------------------------------------------------


def test_turning_off_needs_the_password(app, client, enrolled):
    client.login("thuongvu")
    refused = client.post("/account/two-factor/disable", data={"off-password": "wrong one"})
    assert refused.status_code == 422 and user_row(app, "thuongvu").totp_enabled
    done = client.post("/account/two-factor/disable", data={"off-password": DEMO_PASSWORD})
    assert done.status_code == 302
    assert not user_row(app, "thuongvu").totp_enabled
    assert actions(app)[-1] == "totp_disable"
    assert client.get("/").status_code == 200
    client.logout()
    assert password_step(client).headers["Location"] == "/"


def test_new_recovery_codes_replace_the_old_ones(app, member):
    client = app.test_client()
    client.login(member)
    _, old = enrol(client)
    page = client.post("/account/two-factor/recovery-codes",
                       data={"codes-password": DEMO_PASSWORD})
    new = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", page.text)
    assert len(new) == 10 and not set(new) & set(old)
    assert actions(app)[-1] == "recovery_codes_regenerate"
    client.logout()
    password_step(client)
    assert client.post("/login/verify", data={"code": old[0]}).status_code == 422
    assert client.post("/login/verify", data={"code": new[0]}).status_code == 302


# -- administrators --------------------------------------------------------------------------


@pytest.fixture
def new_admin(app, make_user):
    make_user("quantri", roles=[Role.ADMIN], totp=False)
    client = app.test_client()
    client.login("quantri")
    return client


def test_an_administrator_without_second_factor_reaches_only_the_enrolment(app, new_admin):
    values = sample_values(app)
    allowed = {"mfa.enrol", "auth.logout", "auth.set_language"}
    leaks = []
    for rule in routes(app):
        if rule.endpoint in allowed:
            continue
        url = url_for_rule(rule, values)
        for method in methods(rule):
            for htmx in (False, True):
                response = new_admin.open(url, method=method, htmx=htmx)
                where = response.headers.get("HX-Redirect" if htmx else "Location", "")
                # Sent to the enrolment, or refused by the permission check that runs first.
                if where != "/account/two-factor/enrol" and response.status_code != 403:
                    leaks.append(f"{method} {url} htmx={htmx}: {response.status_code}")
    assert leaks == []
    assert "Quản trị viên bắt buộc" in new_admin.get("/account/two-factor/enrol").text


def test_after_enrolling_the_administrator_gets_in(app, new_admin):
    enrol(new_admin)
    assert new_admin.get("/admin/users").status_code == 200


def test_turning_it_off_sends_an_administrator_back_to_enrolment(app, new_admin):
    enrol(new_admin)
    new_admin.post("/account/two-factor/disable", data={"off-password": DEMO_PASSWORD})
    assert new_admin.get("/admin/users").headers["Location"] == "/account/two-factor/enrol"


def test_an_administrator_resets_a_lost_second_factor(app, make_user, enrolled):
    make_user("quantri", roles=[Role.ADMIN])
    admin = app.test_client()
    admin.login("quantri")
    user_id = user_row(app, "thuongvu").id
    response = admin.post(f"/admin/users/{user_id}/two-factor/reset", htmx=True)
    assert response.status_code == 200 and 'id="account-status"' in response.text
    assert not user_row(app, "thuongvu").totp_enabled
    assert actions(app)[-1] == "totp_reset"
    own = admin.post(f"/admin/users/{user_row(app, 'quantri').id}/two-factor/reset", htmx=True)
    assert own.status_code == 422 and user_row(app, "quantri").totp_enabled


def test_the_command_line_resets_the_last_administrator(app, runner, make_user):
    make_user("quantri", roles=[Role.ADMIN])
    result = runner.invoke(args=["reset-second-factor", "quantri"])
    assert result.exit_code == 0, result.output
    assert not user_row(app, "quantri").totp_enabled
    assert actions(app)[-1] == "totp_reset"
    assert runner.invoke(args=["reset-second-factor", "nobody"]).exit_code == 2


# -- the pure helpers ------------------------------------------------------------------------


def test_codes_within_one_step_of_drift_are_accepted_and_never_twice():
    secret, now = totp.new_secret(), 1_700_000_000.0
    step = totp.current_step(now)
    assert totp.matching_step(secret, totp.code_at(secret, step - 1), None, now) == step - 1
    assert totp.matching_step(secret, totp.code_at(secret, step + 1), None, now) == step + 1
    assert totp.matching_step(secret, totp.code_at(secret, step - 2), None, now) is None
    assert totp.matching_step(secret, totp.code_at(secret, step), step, now) is None
    assert totp.matching_step(secret, "١٢٣٤٥٦", None, now) is None  # non-ASCII digits
