"""The audit log: append-only at the database, tamper-evident, verifiable, exportable."""

import csv
import io
import itertools

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from intranet.audit import chain
from intranet.audit.models import AuditEntry, AuditHead
from intranet.auth.models import User
from intranet.db import write_transaction
from intranet.extensions import db
from intranet.workflow_service import apply_transition, start_item
from tests.support.sample_item import SampleItem, sample_workflow
from workflows.roles import Role


@pytest.fixture
def history(app, make_user):
    """A few logins and a sample item moved through three transitions."""
    with sample_workflow(app):
        clerk_id = make_user("vanthu", roles=[Role.CLERK])
        standing_id = make_user("thuongvu", roles=[Role.STANDING])
        with app.app_context():
            clerk, standing = db.session.get(User, clerk_id), db.session.get(User, standing_id)
            with write_transaction():
                item = SampleItem(title="Đề nghị", author_id=clerk.id)
                start_item(item, clerk)
            apply_transition(item, "submit", clerk)
            apply_transition(item, "send_back", standing, reason="Bổ sung hồ sơ")
            apply_transition(item, "submit", clerk)
            item_id = item.id
        yield item_id


def run_verify(runner):
    return runner.invoke(args=["audit", "verify"])


def raw(sql: str, **params):
    """Run SQL behind the application's back (what an attacker with database access does)."""
    with db.engine.begin() as conn:
        conn.execute(text(sql), params)


def drop_triggers(backend):
    if backend.name == "postgres":
        raw("ALTER TABLE audit_entry DISABLE TRIGGER USER")
    else:
        raw("DROP TRIGGER audit_entry_no_update")
        raw("DROP TRIGGER audit_entry_no_delete")


def test_intact_log_verifies(ctx, runner, history):
    result = run_verify(runner)
    assert result.exit_code == 0, result.output
    assert "intact" in result.output


def test_entries_link_from_the_genesis_hash(ctx, history):
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    assert entries[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(entries))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert all(e.at.endswith("Z") for e in entries)
    head = db.session.get(AuditHead, 1)
    assert (head.seq, head.entry_hash) == (entries[-1].seq, entries[-1].entry_hash)


@pytest.mark.parametrize("statement", [
    "UPDATE audit_entry SET reason = 'nothing happened' WHERE seq = 3",
    "DELETE FROM audit_entry WHERE seq = 3",
])
def test_the_database_refuses_update_and_delete(ctx, history, statement):
    with pytest.raises(DatabaseError, match="append-only"):
        raw(statement)


def test_the_database_refuses_truncate_on_postgres(ctx, history, backend):
    if backend.name != "postgres":
        pytest.skip("TRUNCATE exists on PostgreSQL only")
    with pytest.raises(DatabaseError, match="append-only"):
        raw("TRUNCATE audit_entry")


def test_an_edited_row_is_detected(ctx, runner, history, backend):
    drop_triggers(backend)
    raw("UPDATE audit_entry SET reason = 'không có gì' WHERE seq = 5")
    result = run_verify(runner)
    assert result.exit_code == 1
    assert "first bad sequence number: 5" in result.output


def test_a_deleted_row_is_detected(ctx, runner, history, backend):
    drop_triggers(backend)
    raw("DELETE FROM audit_entry WHERE seq = 4")
    result = run_verify(runner)
    assert result.exit_code == 1
    assert "first bad sequence number: 4" in result.output


def test_a_deleted_last_row_is_detected_by_the_head(ctx, runner, history, backend):
    drop_triggers(backend)
    last = db.session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1))
    db.session.rollback()  # end this snapshot, as a separate verify run would
    raw("DELETE FROM audit_entry WHERE seq = :seq", seq=last)
    result = run_verify(runner)
    assert result.exit_code == 1
    assert "chain head" in result.output


def test_two_swapped_rows_are_detected(ctx, runner, history, backend):
    drop_triggers(backend)
    raw("UPDATE audit_entry SET seq = -1 WHERE seq = 3")
    raw("UPDATE audit_entry SET seq = 3 WHERE seq = 4")
    raw("UPDATE audit_entry SET seq = 4 WHERE seq = -1")
    result = run_verify(runner)
    assert result.exit_code == 1
    assert "first bad sequence number: 3" in result.output


def test_a_chain_rehashed_with_another_key_is_detected(ctx, runner, history, backend):
    drop_triggers(backend)
    wrong = b"not the installation's key"
    prev = "0" * 64
    for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all():
        new = chain.row_hash(wrong, prev, chain.hashed_row(entry))
        raw("UPDATE audit_entry SET prev_hash = :p, entry_hash = :h WHERE seq = :s",
            p=prev, h="tmp" + str(entry.seq), s=entry.seq)
        raw("UPDATE audit_entry SET entry_hash = :h WHERE seq = :s", h=new, s=entry.seq)
        prev = new
    raw("UPDATE audit_head SET entry_hash = :h", h=prev)
    db.session.rollback()  # end this snapshot, as a separate verify run would
    result = run_verify(runner)
    assert result.exit_code == 1
    assert "first bad sequence number: 1" in result.output


def test_a_state_changed_outside_the_workflow_service_is_detected(ctx, runner, history):
    raw("UPDATE sample_item SET state = 'approved' WHERE id = :id", id=history)
    result = run_verify(runner)
    assert result.exit_code == 1
    assert f"sample #{history}" in result.output
    assert "stored state approved differs" in result.output


def test_export_writes_every_entry_in_order_as_csv(ctx, runner, history):
    result = runner.invoke(args=["audit", "export", "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    count = db.session.query(AuditEntry).count()
    assert [int(r["seq"]) for r in rows] == list(range(1, count + 1))
    assert rows[-1]["action"] == "submit" and rows[-1]["entity_type"] == "sample"
    assert rows[-2]["reason"] == "Bổ sung hồ sơ"


def test_logins_and_role_changes_are_recorded(ctx, client, history):
    client.login("thuongvu")
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert {"user_create", "role_grant", "login"} <= set(actions)


def test_bulk_appends_extend_the_same_chain(ctx, runner, history, backend):
    from intranet.audit.bulk import append_many

    def head_updates(session) -> int:  # by this connection (PostgreSQL's counters)
        return session.execute(text(
            "SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'audit_head'"
        )).scalar() if backend.name == "postgres" else 0

    with write_transaction() as session:
        before = head_updates(session)
        append_many({"entity_type": "import", "entity_id": i, "action": "note",
                     "payload": {"n": i, "text": "Ghi chú"}} for i in range(12000))
        if backend.name == "postgres":
            # The head was moved once, not once per row: 12,000 updates of one row in one
            # transaction walk an ever longer chain of row versions (quadratic).
            assert head_updates(session) - before == 1
        chain.append("import", 0, "after", payload={})  # the trigger moves the head again
    result = run_verify(runner)
    assert result.exit_code == 0, result.output
    head = db.session.get(AuditHead, 1)
    last = db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert (head.seq, head.entry_hash) == (last.seq, last.entry_hash)
    assert head.seq == db.session.query(AuditEntry).count()


def test_the_database_moves_the_head_with_every_insert(ctx, runner, history):
    """The head cannot lag behind the log: even an entry forged behind the application's back
    moves it, and verify names that entry."""
    last = db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    raw("INSERT INTO audit_entry (seq, at, entity_type, entity_id, action, payload, key_id, "
        "prev_hash, entry_hash) VALUES (:seq, :at, 'sample', '1', 'forged', '{}', :key, "
        ":prev, :forged)", seq=last.seq + 1, at=last.at, key=last.key_id,
        prev=last.entry_hash, forged="f" * 64)
    db.session.rollback()
    head = db.session.get(AuditHead, 1)
    assert (head.seq, head.entry_hash) == (last.seq + 1, "f" * 64)
    result = run_verify(runner)
    assert result.exit_code != 0 and f"seq {last.seq + 1}" in result.output
