"""No GET changes state: every GET route of the URL map, as every demo role and anonymously,
normal and htmx; the database is the same afterwards (rows of every table, the audit chain's
head, and finally a digest of every row). A GET may append only audit entries whose action is
in `intranet.audit.chain.READ_ACTIONS` (reads of confidential records)."""

import pytest

from intranet.audit.chain import READ_ACTIONS
from workflows.roles import Role

from ..conftest import enable_totp
from .routes import (
    counts,
    differences,
    fingerprint,
    get_routes,
    new_audit_actions,
    sample_values,
    url_for_rule,
)

pytestmark = pytest.mark.demo

# One demo login per role (README): each is logged in before the sweep starts.
DEMO_LOGINS = {
    Role.ADMIN: "admin", Role.STANDING: "thuongvu", Role.EXECUTIVE: "bch",
    Role.STEERING: "bcd", Role.DOCUMENTS: "vankien", Role.PERSONNEL: "nhansu",
    Role.COMPLAINTS: "donthu", Role.COMMUNICATIONS: "tuyentruyen", Role.SECRETARY: "bithu",
    Role.CLERK: "vanthu", Role.INSPECTOR: "kiemtra", Role.CREDENTIALS: "thamtra",
    Role.SECRETARIAT: "thuky",
}


def test_every_role_is_in_the_sweep():
    assert set(DEMO_LOGINS) == set(Role)


def only_reads(app, before: dict, after: dict) -> bool:
    """Nothing changed, or only audit entries that record reads were appended."""
    changed = differences(before, after)
    if not changed:
        return True
    if set(changed) - {"audit_entry", "audit head"}:
        return False
    actions = new_audit_actions(app, before["audit head"][0])
    return bool(actions) and set(actions) <= READ_ACTIONS


@pytest.fixture
def clients(app):
    from sqlalchemy import select

    from intranet.auth.models import User
    from intranet.extensions import db

    with app.app_context():
        admin_id = db.session.scalar(select(User.id).where(User.username == "admin"))
    enable_totp(app, admin_id)  # the demo admin enrols at first login; here it has enrolled
    logged_in = {"anonymous": app.test_client()}
    for role, login in DEMO_LOGINS.items():
        logged_in[role.value] = app.test_client()
        logged_in[role.value].login(login)
    return logged_in


# Reads of confidential records append audit entries (checked route by route above); the
# audit log cannot be updated in place (triggers), so the rest of the database is compared.
AUDIT_TABLES = ("audit_entry", "audit_head")


def test_no_get_changes_state(app, clients):
    values = sample_values(app)
    start = fingerprint(app, skip=AUDIT_TABLES)
    changed = []
    requests = 0
    for rule in get_routes(app):
        url = url_for_rule(rule, values)
        before = counts(app)
        for who, client in clients.items():
            for htmx in (False, True):
                response = client.get(url, htmx=htmx)
                assert response.status_code < 500, f"GET {url} as {who}: {response.status}"
                requests += 1
        after = counts(app)
        if not only_reads(app, before, after):
            changed.append(f"GET {url}: {differences(before, after)}")
    assert changed == []
    assert requests >= len(clients) * 2 * 10
    assert fingerprint(app, skip=AUDIT_TABLES) == start, (
        "a GET changed a row (the counts did not show which)")


def test_the_detector_sees_a_write(app):
    """A write between two snapshots is noticed (the sweep would not pass vacuously)."""
    from intranet.audit import chain
    from intranet.db import write_transaction

    before, start = counts(app), fingerprint(app)
    with app.test_request_context(), write_transaction():
        chain.append("test", 1, "not_a_read")
    assert not only_reads(app, before, counts(app))
    assert fingerprint(app) != start
