"""Appending many audit entries in one go (demo data at scale, imports, benchmarks).

Same chain, same hashes as `chain.append`, computed in Python and inserted in batches inside
the caller's write transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app
from sqlalchemy import insert, select, text, update

from intranet.audit.chain import canonical_json, key_id_of, keyring, row_hash, utc_stamp
from intranet.audit.models import AuditEntry, AuditHead
from intranet.db import db

BATCH = 5000


def append_many(entries: Iterable[Mapping[str, Any]]) -> int:
    """Append entries (dicts with entity_type, entity_id, action and optional actor_id,
    actor_name, role, from_state, to_state, reason, payload, at) in order; return the count."""
    key, _ = keyring(current_app.config)
    key_id = key_id_of(key)
    session = db.session
    head = AuditHead.__table__
    seq, prev = session.execute(
        select(head.c.seq, head.c.entry_hash).where(head.c.id == 1).with_for_update()).one()
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        # The driver sends a statement per row: the trigger that moves the head would update
        # it as many times in this transaction, each update walking the row's chain of
        # versions (quadratic). It stands aside; the head is moved once, below.
        session.execute(text("SET LOCAL intranet.bulk_append = 'on'"))
    batch: list[dict[str, Any]] = []
    count = 0
    for source in entries:
        seq += 1
        row = {
            "seq": seq, "at": source.get("at") or utc_stamp(),
            "actor_id": source.get("actor_id"), "actor_name": source.get("actor_name"),
            "role": source.get("role"), "ip": source.get("ip"),
            "request_id": source.get("request_id"), "entity_type": source["entity_type"],
            "entity_id": None if source.get("entity_id") is None else str(source["entity_id"]),
            "action": source["action"], "from_state": source.get("from_state"),
            "to_state": source.get("to_state"), "reason": source.get("reason"),
            "payload": source.get("payload") or {}, "key_id": key_id,
        }
        entry_hash = row_hash(key, prev, row)
        batch.append({**row, "payload": canonical_json(row["payload"]), "prev_hash": prev,
                      "entry_hash": entry_hash})
        prev = entry_hash
        count += 1
        if len(batch) >= BATCH:
            session.execute(insert(AuditEntry.__table__), batch)
            batch = []
    if batch:
        session.execute(insert(AuditEntry.__table__), batch)
    session.execute(update(head).where(head.c.id == 1).values(seq=seq, entry_hash=prev))
    if postgres:
        session.execute(text("SET LOCAL intranet.bulk_append = 'off'"))
    return count
