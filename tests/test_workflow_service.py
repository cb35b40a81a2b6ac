"""apply_transition: the one path that changes a workflow state, with its audit entry."""

import threading
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from intranet.audit import chain
from intranet.audit.models import AuditEntry
from intranet.audit.verify import verify
from intranet.auth.models import User
from intranet.db import write_transaction
from intranet.errors import Conflict
from intranet.extensions import db
from intranet.notifications.models import Notification
from intranet.workflow_service import (
    apply_transition,
    available_actions,
    register,
    start_item,
)
from tests.support.sample_item import SampleItem, sample_workflow
from workflows import GuardFailed, InvalidTransition, NotPermitted, ReasonRequired
from workflows.roles import Role


@pytest.fixture
def world(app, make_user):
    """Two standing members, a clerk (the author) and one submitted item."""
    with sample_workflow(app):
        ids = {
            "standing": make_user("tv1", roles=[Role.STANDING]),
            "standing2": make_user("tv2", roles=[Role.STANDING]),
            "clerk": make_user("vanthu", roles=[Role.CLERK]),
        }
        with app.app_context():
            clerk = db.session.get(User, ids["clerk"])
            with write_transaction():
                item = SampleItem(title="Đề nghị mua sắm", author_id=clerk.id)
                start_item(item, clerk)
            apply_transition(item, "submit", clerk)
            ids["item"] = item.id
        yield ids


def user(ids, who):
    return db.session.get(User, ids[who])


def item_of(ids):
    return db.session.get(SampleItem, ids["item"], populate_existing=True)


def audit_count():
    return db.session.scalar(select(func.count(AuditEntry.seq)))


def test_a_transition_updates_state_and_version_and_appends_its_audit_entry(ctx, world):
    before = audit_count()
    result = apply_transition(item_of(world), "reject", user(world, "standing"),
                              reason="Không cần thiết")
    item = item_of(world)
    assert (item.state, item.version) == ("rejected", 3)
    assert audit_count() == before + 1
    entry = db.session.get(AuditEntry, result.audit_seq)
    assert (entry.entity_type, entry.entity_id, entry.action) == ("sample", str(item.id), "reject")
    assert (entry.from_state, entry.to_state) == ("submitted", "rejected")
    assert entry.actor_name == "tv1" and entry.role == Role.STANDING
    assert entry.reason == "Không cần thiết"


def test_creation_is_recorded_as_the_first_entry(ctx, world):
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "sample").order_by(AuditEntry.seq)).all()
    assert [(e.action, e.from_state, e.to_state) for e in entries] == [
        ("create", None, "draft"), ("submit", "draft", "submitted")]


@pytest.mark.parametrize("trigger, who, kwargs, error", [
    ("approve", "clerk", {}, NotPermitted),  # a clerk holds no Standing Committee role
    ("submit", "standing", {}, InvalidTransition),  # already submitted
    ("nonsense", "standing", {}, InvalidTransition),
    ("reject", "standing", {"reason": " "}, ReasonRequired),
])
def test_refusals_change_nothing(ctx, world, trigger, who, kwargs, error):
    before = (item_of(world).state, item_of(world).version, audit_count())
    with pytest.raises(error):
        apply_transition(item_of(world), trigger, user(world, who), **kwargs)
    assert (item_of(world).state, item_of(world).version, audit_count()) == before


def test_guards_are_rechecked_on_the_server_with_its_own_facts(ctx, world):
    from tests.support.sample_item import BINDING

    register(replace(BINDING, facts=lambda item, payload: {"present": 2, "size": 9}))
    try:
        with pytest.raises(GuardFailed):
            # what the client sends cannot override the facts the server gathered
            apply_transition(item_of(world), "approve", user(world, "standing"),
                             payload={"present": 9, "size": 9})
    finally:
        register(BINDING)
    assert item_of(world).state == "submitted"


def test_the_author_cannot_approve_their_own_item(ctx, world, make_user):
    with write_transaction():
        db.session.get(SampleItem, world["item"]).author_id = world["standing"]
    with pytest.raises(NotPermitted):
        apply_transition(item_of(world), "approve", user(world, "standing"))
    apply_transition(item_of(world), "approve", user(world, "standing2"))
    assert item_of(world).state == "approved"


def test_a_stale_version_is_a_conflict_naming_the_current_state(ctx, world):
    seen = item_of(world).version
    apply_transition(item_of(world), "send_back", user(world, "standing"), reason="Bổ sung")
    with pytest.raises(Conflict) as caught:
        apply_transition(item_of(world), "withdraw", user(world, "clerk"), expected_version=seen)
    assert "Dự thảo" in caught.value.message
    assert item_of(world).state == "draft"


def test_terminal_items_never_change(ctx, world):
    apply_transition(item_of(world), "reject", user(world, "standing"), reason="Không")
    for trigger in ("approve", "reject", "send_back", "withdraw", "submit"):
        with pytest.raises((InvalidTransition, NotPermitted)):
            apply_transition(item_of(world), trigger, user(world, "standing"), reason="x")
    assert item_of(world).state == "rejected"


def test_notifications_go_to_the_recipients_but_not_the_actor(ctx, world):
    result = apply_transition(item_of(world), "reject", user(world, "standing"), reason="Không")
    assert result.notified == 1
    notes = db.session.scalars(select(Notification)).all()
    assert [n.user_id for n in notes] == [world["clerk"]]
    assert "Không duyệt" in notes[0].title_vi and "Rejected" in notes[0].title_en


def test_no_notification_when_the_actor_is_the_only_recipient(ctx, world):
    with write_transaction():
        db.session.get(SampleItem, world["item"]).author_id = world["standing"]
    result = apply_transition(item_of(world), "reject", user(world, "standing"), reason="Không")
    assert result.notified == 0


def test_available_actions_for_a_user(ctx, world):
    actions = available_actions(item_of(world), user(world, "standing"))
    assert {a.trigger for a in actions} == {"approve", "reject", "send_back"}
    assert available_actions(item_of(world), user(world, "clerk")) == []


@pytest.mark.parametrize("where", ["audit append", "commit"])
def test_a_failure_inside_the_transaction_leaves_everything_as_it_was(ctx, world, monkeypatch,
                                                                     where):
    before = (item_of(world).state, item_of(world).version, audit_count())
    if where == "audit append":
        def broken_append(*args, **kwargs):
            raise RuntimeError("disk full")
        monkeypatch.setattr(chain, "append", broken_append)
    else:
        session = db.session()

        def broken_commit():
            raise RuntimeError("connection lost")
        monkeypatch.setattr(session, "commit", broken_commit)
    with pytest.raises(RuntimeError):
        apply_transition(item_of(world), "reject", user(world, "standing"), reason="Không")
    monkeypatch.undo()
    db.session.rollback()
    assert (item_of(world).state, item_of(world).version, audit_count()) == before
    assert verify().ok


def test_verify_passes_after_transitions(ctx, world):
    apply_transition(item_of(world), "send_back", user(world, "standing"), reason="Sửa")
    apply_transition(item_of(world), "submit", user(world, "clerk"))
    apply_transition(item_of(world), "approve", user(world, "standing2"))
    report = verify()
    assert report.ok, report.findings


def race_once(app, item_id: int, user_id: int, version: int) -> list[str]:
    """Two threads fire the same transition on the same version behind a barrier."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def contender():
        with app.app_context():
            clerk = db.session.get(User, user_id)
            stale = db.session.get(SampleItem, item_id)
            barrier.wait()
            try:
                apply_transition(stale, "submit", clerk, expected_version=version)
                outcomes.append("won")
            except (Conflict, InvalidTransition):
                outcomes.append("conflict")

    threads = [threading.Thread(target=contender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_threads_racing_exactly_one_wins_each_round(app, world):
    rounds = 200
    with app.app_context():
        start = audit_count()
    for _ in range(rounds):
        with app.app_context():
            apply_transition(item_of(world), "send_back", user(world, "standing"), reason="lại")
            version = item_of(world).version
        assert race_once(app, world["item"], world["clerk"], version) == ["conflict", "won"]
    with app.app_context():
        assert audit_count() == start + 2 * rounds  # each round: one send_back, one submit
        assert verify().ok


def test_no_transaction_is_left_open_after_a_transition(ctx, world):
    # a read after the commit would hold a connection (a CLI seed then blocks the database)
    apply_transition(item_of(world), "reject", user(world, "standing"), reason="Không")
    assert not db.session().in_transaction()
