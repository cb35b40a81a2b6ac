"""Faults inside an audited service call: an exception at the audit append or at the commit
leaves the database exactly as it was, and the user sees the generic translated error with a
request id (page, or alert fragment for htmx), never a traceback."""

import re

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from workflows.roles import Role

from .conftest import SUPERUSER
from .routes import counts, fingerprint


class Injected(RuntimeError):
    pass


def failing_append(*args, **kwargs):
    raise Injected("audit append failed")


def failing_commit(self):
    self.flush()  # the statements reached the database; only the commit fails
    raise OperationalError("COMMIT", {}, Exception("disk I/O error"))


FAULTS = {"append": ("intranet.audit.chain.append", failing_append),
          "commit": (Session, "commit", failing_commit)}


@pytest.fixture
def setting(app, superuser, make_user):
    victim = make_user("victim", roles=[Role.CLERK])
    client = app.test_client()
    client.login(SUPERUSER)
    return client, victim


def calls(victim):
    """Audited service calls reached through their views."""
    return {
        "grant_role": (f"/admin/users/{victim}/roles", {"role": "inspector"}),
        "set_active": (f"/admin/users/{victim}/active", {"active": "0"}),
        "create_user": ("/admin/users/new", {"username": "moi", "display_name": "Mới",
                                             "password": "mot mat khau dai"}),
    }


def inject(monkeypatch, fault):
    target = FAULTS[fault]
    if isinstance(target[0], str):
        monkeypatch.setattr(target[0], target[1])
    else:
        monkeypatch.setattr(*target)


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("call", ["grant_role", "set_active", "create_user"])
def test_a_fault_changes_nothing_and_shows_a_reference(app, setting, monkeypatch, caplog,
                                                       fault, call):
    client, victim = setting
    htmx = call != "create_user"  # the two htmx forms get the alert fragment, the page the page
    url, data = calls(victim)[call]
    before, start = counts(app), fingerprint(app)
    inject(monkeypatch, fault)
    response = client.post(url, data=data, htmx=htmx)
    monkeypatch.undo()
    assert response.status_code == 500
    assert counts(app) == before and fingerprint(app) == start
    assert "Đã có lỗi" in response.text and "Không có thay đổi nào" in response.text
    assert "Traceback" not in response.text and "Injected" not in response.text
    request_id = response.headers["X-Request-ID"]
    assert re.search(rf"<code>{request_id}</code>", response.text)
    assert any(request_id in r.getMessage() for r in caplog.records)  # the log line says it
    if htmx:
        assert response.headers["HX-Retarget"] == "#alerts" and "<html" not in response.text
    assert client.post(url, data=data, htmx=htmx).status_code in (200, 302)  # then it works
