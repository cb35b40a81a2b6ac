"""The URL map as test data, and database snapshots to prove that nothing changed.

Routes come from `app.url_map`, so a route added later is covered without editing the tests.
Arguments are filled with ids that exist: `<name>_id` is looked up in a table of that name
(`document_id` -> table `document`), or in ARGUMENT_TABLES when the names differ.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter, Rule

from intranet.audit.models import AuditEntry, AuditHead
from intranet.extensions import db

ARGUMENT_TABLES = {"user_id": "user_account", "unit_id": "org_unit",
                   "assignment_id": "role_assignment"}
SAFE_METHODS = ("GET",)


def routes(app) -> Iterator[Rule]:
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        yield rule


def methods(rule: Rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def get_routes(app) -> list[Rule]:
    return [r for r in routes(app) if "GET" in r.methods]


def post_routes(app) -> list[Rule]:
    return [r for r in routes(app) if "POST" in r.methods]


def sample_values(app, overrides: dict | None = None) -> dict[str, object]:
    """An existing id for every `<name>_id` argument of the URL map (1 when none exists)."""
    tables = db.metadata.tables
    values: dict[str, object] = {}
    with app.app_context():
        for rule in routes(app):
            for arg in rule.arguments:
                if arg in values:
                    continue
                name = ARGUMENT_TABLES.get(arg, arg.removesuffix("_id"))
                table = tables.get(name)
                found = None
                if table is not None and "id" in table.c:
                    found = db.session.scalar(select(func.min(table.c.id)))
                values[arg] = found or 1
    values.update(overrides or {})
    return values


def url_for_rule(rule: Rule, values: dict[str, object]) -> str:
    args = {}
    for arg in rule.arguments:
        integer = isinstance(rule._converters[arg], IntegerConverter)
        value = values.get(arg, 1)
        args[arg] = int(value) if integer else str(value)
    return rule.build(args, append_unknown=False)[1]


# -- snapshots -------------------------------------------------------------------------------


def counts(app) -> dict[str, object]:
    """Rows in every table, and the audit chain's head: cheap enough to take per request."""
    with app.app_context():
        snap: dict[str, object] = {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}
        head = db.session.get(AuditHead, 1)
        snap["audit head"] = (head.seq, head.entry_hash)
        db.session.rollback()
    return snap


def fingerprint(app, skip: tuple[str, ...] = ()) -> str:
    """A digest of every row of every table (but `skip`): catches an UPDATE counts would miss."""
    digest = hashlib.sha256()
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if table.name in skip:
                continue
            order = list(table.primary_key.columns) or list(table.c)
            for row in db.session.execute(select(table).order_by(*order)):
                digest.update(repr(tuple(row)).encode())
        db.session.rollback()
    return digest.hexdigest()


def new_audit_actions(app, since_seq: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.seq > since_seq).order_by(AuditEntry.seq)))


def differences(before: dict, after: dict) -> dict[str, tuple]:
    return {k: (before.get(k), after.get(k)) for k in after if before.get(k) != after.get(k)}
