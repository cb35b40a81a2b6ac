"""Login throttling: failed attempts per (account, address), per account, per address; known
devices keep their owner in; 429 with Retry-After and the translated page; every throttled
attempt audited. Memory storage always; Redis too when INTRANET_TEST_REDIS_URL is set."""

import os
import re
import uuid

import pytest
from sqlalchemy import select

from intranet.audit.models import AuditEntry
from intranet.extensions import db

from ..conftest import DEMO_PASSWORD, base_config

REDIS_URL = os.environ.get("INTRANET_TEST_REDIS_URL")
STORAGES = ["memory", pytest.param("redis", marks=pytest.mark.skipif(
    not REDIS_URL, reason="Redis tests need INTRANET_TEST_REDIS_URL "
                          "(e.g. redis://127.0.0.1:6379/15)"))]
LIMITS = {"LOGIN_LIMIT_ACCOUNT_ADDRESS": "3 per minute", "LOGIN_LIMIT_ACCOUNT": "6 per minute",
          "LOGIN_LIMIT_ADDRESS": "10 per minute", "SECOND_STEP_LIMIT": "3 per minute"}
ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"


@pytest.fixture(params=STORAGES)
def storage(request, backend):
    if request.param == "redis" and backend.name != "sqlite":
        pytest.skip("Redis storage is exercised once, on SQLite: counting does not depend on "
                    "the database")
    return request.param


@pytest.fixture
def app_config(database_url, tmp_path, storage):
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    config = base_config(DATABASE_URL=database_url, INSTANCE_PATH=str(tmp_path),
                         RATELIMIT_ENABLED=True, LOGIN_THROTTLE_NAMESPACE=prefix, **LIMITS)
    if storage == "redis":
        config["REDIS_URL"] = REDIS_URL
    yield config
    if storage == "redis":
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"*{prefix}*"):
            client.delete(key)
        client.close()


@pytest.fixture
def owner(make_user):
    return make_user("thuongvu")


def attempt(client, password="wrong password 1", address=ATTACKER, username="thuongvu",
            **kwargs):
    return client.post("/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address}, **kwargs)


def audited(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_the_storage_is_the_one_configured(app, storage):
    assert app.config["RATELIMIT_STORAGE_URI"].startswith(storage)


def test_failures_from_one_address_are_throttled_with_retry_after(app, client, owner):
    assert [attempt(client).status_code for _ in range(3)] == [422] * 3
    refused = attempt(client, password=DEMO_PASSWORD)  # even the right password now
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "Bạn đã thử sai quá nhiều lần" in refused.text
    assert refused.headers["Content-Security-Policy"]
    entries = audited(app, "login_throttled")
    assert len(entries) == 1 and entries[0].entity_id == str(owner)
    assert len(audited(app, "login_failed")) == 3  # the throttled one is not a failure


def test_the_owner_elsewhere_still_logs_in(app, owner):
    attacker, owner_browser = app.test_client(), app.test_client()
    for _ in range(4):
        attempt(attacker)
    assert attempt(attacker).status_code == 429
    assert attempt(owner_browser, DEMO_PASSWORD, address=OWNER).status_code == 302


def test_spread_attack_trips_the_account_limit_but_not_a_known_device(app, owner):
    owner_browser = app.test_client()
    assert attempt(owner_browser, DEMO_PASSWORD, address=OWNER).status_code == 302
    owner_browser.logout()
    attacker = app.test_client()
    for i in range(6):  # six addresses, one failure each
        assert attempt(attacker, address=f"192.0.2.{i}").status_code == 422
    assert attempt(attacker, address="192.0.2.99").status_code == 429
    stranger = app.test_client()  # the owner on a new device is refused too (documented)
    assert attempt(stranger, DEMO_PASSWORD, address="192.0.2.200").status_code == 429
    assert attempt(owner_browser, DEMO_PASSWORD, address=OWNER).status_code == 302


def test_one_address_trying_many_accounts(app, owner, make_user):
    make_user("bch")
    sprayer = app.test_client()
    for i in range(10):
        assert attempt(sprayer, username=f"guess{i}").status_code == 422
    assert attempt(sprayer, DEMO_PASSWORD, username="bch").status_code == 429
    assert audited(app, "login_throttled")[-1].actor_name == "bch"


def test_a_forged_device_cookie_is_ignored(app, owner):
    attacker = app.test_client()
    attacker.set_cookie("known_device", "forged", path="/login")
    for i in range(6):
        attempt(attacker, address=f"192.0.2.{i}")
    assert attempt(attacker, DEMO_PASSWORD, address="192.0.2.99").status_code == 429


def test_successes_and_incomplete_forms_do_not_count(app, client, owner):
    for _ in range(5):
        assert attempt(client, DEMO_PASSWORD).status_code == 302
        client.logout()
        assert attempt(client, password="").status_code == 422  # not even checked
    assert attempt(client, DEMO_PASSWORD).status_code == 302


def test_htmx_gets_the_alert_fragment(app, client, owner):
    for _ in range(3):
        attempt(client)
    refused = attempt(client, htmx=True)
    assert refused.status_code == 429 and refused.headers["HX-Retarget"] == "#alerts"
    assert "<html" not in refused.text and "Retry-After" in refused.headers


def test_english_message_names_the_wait(app, client, owner):
    client.post("/language", data={"lang": "en"})
    for _ in range(3):
        attempt(client)
    text = attempt(client).text
    assert re.search(r"Too many failed attempts\. Wait 1 minute, then try again\.", text)


def test_wrong_second_step_codes_are_throttled(app, client, make_user):
    make_user("quantri", totp=True)
    assert attempt(client, DEMO_PASSWORD, username="quantri").status_code == 302
    for _ in range(3):
        assert client.post("/login/verify", data={"code": "000000"}).status_code == 422
    refused = client.post("/login/verify", data={"code": "000000"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert len(audited(app, "totp_failed")) == 3
    assert len(audited(app, "totp_throttled")) == 1


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
def test_unreachable_redis_falls_back_to_counting_in_memory(app_config, owner, database_url):
    from intranet import create_app

    from ..conftest import CSRFClient

    app_config["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:9/0"  # nothing listens there
    app = create_app(app_config)
    app.test_client_class = CSRFClient
    client = app.test_client()
    assert [attempt(client).status_code for _ in range(3)] == [422] * 3
    assert attempt(client).status_code == 429
    with app.app_context():
        db.engine.dispose()
