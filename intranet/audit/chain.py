"""Append to and verify the hash chain.

entry_hash = HMAC-SHA256(key, prev_hash ‖ canonical row). The key lives outside the database
(instance folder or environment); each row carries the id of the key that signed it.
Appends are serialized: the one-row head is locked FOR UPDATE on PostgreSQL, and on SQLite every
write transaction already holds the write lock (BEGIN IMMEDIATE). A database trigger moves the
head to each inserted entry, in the inserting statement. UNIQUE on prev_hash is the
backstop: a racing append fails and rolls back, the chain never forks.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import current_app, g, has_request_context, request
from sqlalchemy import insert, select

from intranet.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from intranet.db import db

# Actions that record a read rather than a change (e.g. opening a confidential record). The only
# audit entries a GET may append: tests/security/test_get_changes_nothing.py enforces it.
# An area that audits reads (confidential records, exports of personal data) names them here.
READ_ACTIONS: frozenset[str] = frozenset({
    "export",  # personnel: delegate lists and decision annexes downloaded
    "report_export",  # documents: comment summary and disposition reports downloaded
    "read_notes",  # personnel: confidential vetting notes opened
    "read_complaint",  # complaints: a letter opened
    "read_attachment",  # complaints: a letter's scanned attachment downloaded
})

HASHED_FIELDS = (
    "seq", "at", "actor_id", "actor_name", "role", "ip", "request_id", "entity_type",
    "entity_id", "action", "from_state", "to_state", "reason", "payload", "key_id",
)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def key_id_of(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:12]


def keyring(config) -> tuple[bytes, dict[str, bytes]]:
    """The current signing key and every key verify accepts (current + previous), by id."""
    current = str(config["AUDIT_HMAC_KEY"]).encode()
    keys = {key_id_of(current): current}
    for old in config.get("AUDIT_PREVIOUS_KEYS") or ():
        raw = str(old).encode()
        keys[key_id_of(raw)] = raw
    return current, keys


def row_hash(key: bytes, prev_hash: str, row: dict[str, Any]) -> str:
    message = prev_hash.encode() + canonical_json(row).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def hashed_row(entry) -> dict[str, Any]:
    """The fields that the hash covers, from an entry or a row of the audit_entry table."""
    row = {name: getattr(entry, name) for name in HASHED_FIELDS}
    row["payload"] = json.loads(entry.payload)
    return row


def utc_stamp(moment: datetime | None = None) -> str:
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _request_facts() -> dict[str, str | None]:
    if not has_request_context():
        return {"ip": None, "request_id": None}
    return {"ip": request.remote_addr, "request_id": g.get("request_id")}


# Built once: constructing statements costs more than running them on this path.
_HEAD = AuditHead.__table__
_LOCK_HEAD = select(_HEAD.c.seq, _HEAD.c.entry_hash).where(_HEAD.c.id == 1).with_for_update()
_INSERT_ENTRY = insert(AuditEntry.__table__)  # a trigger moves the head (migration 0007)


@dataclass(frozen=True)
class Appended:
    seq: int
    entry_hash: str


def append(entity_type: str, entity_id: Any, action: str, *, actor=None, role: str | None = None,
           from_state: str | None = None, to_state: str | None = None,
           reason: str | None = None, payload: dict[str, Any] | None = None,
           actor_name: str | None = None) -> Appended:
    """Append one entry inside the caller's write transaction (the caller commits).

    Plain statements, no ORM objects: this runs on every transition and every login.
    """
    connection = db.session.connection()  # Core on the transaction's connection: no ORM cost
    key, _ = keyring(current_app.config)
    seq, prev_hash = connection.execute(_LOCK_HEAD).one()
    row = {
        "seq": seq + 1, "at": utc_stamp(), "actor_id": getattr(actor, "id", None),
        "actor_name": actor_name or getattr(actor, "username", None), "role": role,
        "entity_type": entity_type, "entity_id": None if entity_id is None else str(entity_id),
        "action": action, "from_state": from_state, "to_state": to_state, "reason": reason,
        "payload": payload or {}, "key_id": key_id_of(key), **_request_facts(),
    }
    entry_hash = row_hash(key, prev_hash, row)
    connection.execute(_INSERT_ENTRY, {**row, "payload": canonical_json(row["payload"]),
                                       "prev_hash": prev_hash, "entry_hash": entry_hash})
    return Appended(row["seq"], entry_hash)


# -- verification ---------------------------------------------------------------------------


@dataclass
class Finding:
    seq: int | None
    problem: str
    entity: str | None = None


@dataclass
class VerifyReport:
    entries: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def first_bad_seq(self) -> int | None:
        seqs = [f.seq for f in self.findings if f.seq is not None]
        return min(seqs) if seqs else None


def iter_entries(batch: int = 10000) -> Iterator:
    """Every entry in sequence order, as plain rows (attribute access, no ORM objects)."""
    table = AuditEntry.__table__
    last = 0
    while True:
        rows = db.session.execute(
            select(table).where(table.c.seq > last).order_by(table.c.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def verify_chain(report: VerifyReport, entries: Iterable[AuditEntry],
                 on_entry: Callable[[AuditEntry], None] | None = None) -> None:
    """Sequence without gaps, every link and every hash. Stops at the first break."""
    _, keys = keyring(current_app.config)
    expected_seq, prev_hash = 1, GENESIS_HASH
    for entry in entries:
        report.entries += 1
        if entry.seq != expected_seq:
            report.findings.append(Finding(
                expected_seq, f"sequence gap: expected {expected_seq}, found {entry.seq}"))
            return
        if entry.prev_hash != prev_hash:
            report.findings.append(Finding(entry.seq, "link broken: prev_hash does not match"))
            return
        key = keys.get(entry.key_id)
        if key is None:
            report.findings.append(Finding(entry.seq, f"signed with unknown key {entry.key_id}"))
            return
        if not hmac.compare_digest(row_hash(key, prev_hash, hashed_row(entry)),
                                   entry.entry_hash):
            report.findings.append(Finding(entry.seq, "hash does not match the row's content"))
            return
        if on_entry:
            on_entry(entry)
        expected_seq, prev_hash = entry.seq + 1, entry.entry_hash
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.seq != expected_seq - 1 or head.entry_hash != prev_hash):
        report.findings.append(Finding(
            expected_seq if head.seq >= expected_seq else head.seq,
            f"chain head says {head.seq}, the log ends at {expected_seq - 1} "
            "(entries removed from the end?)"))
