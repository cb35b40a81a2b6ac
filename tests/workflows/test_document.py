"""The document workflow definition, without a Flask app: every state × trigger × role."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from workflows.document import DOCUMENT, FORM_TRIGGERS, INPUT_GUARDS
from workflows.engine import Actor, GuardFailed, InvalidTransition, NotPermitted, ReasonRequired
from workflows.roles import Role

NOW = datetime(2025, 7, 10, 8, 0, tzinfo=UTC)


@dataclass
class Doc:
    state: str
    author_id: int | None = 1


# Hand-written: (state, trigger) -> destination. Anything else is invalid.
MOVES = {
    ("draft", "circulate"): "circulated",
    ("draft", "withdraw"): "withdrawn",
    ("circulated", "close_comments"): "revision",
    ("circulated", "close_early"): "revision",
    ("circulated", "withdraw"): "withdrawn",
    ("revision", "return_for_draft"): "draft",
    ("revision", "recirculate"): "circulated",
    ("revision", "approve"): "approved",
    ("revision", "withdraw"): "withdrawn",
}
# Who may fire each trigger, from each state where it exists.
WHO = {
    ("draft", "circulate"): {Role.DOCUMENTS},
    ("draft", "withdraw"): {Role.DOCUMENTS, Role.STANDING},
    ("circulated", "close_comments"): {Role.DOCUMENTS},
    ("circulated", "close_early"): {Role.DOCUMENTS},
    ("circulated", "withdraw"): {Role.STANDING},
    ("revision", "return_for_draft"): {Role.STANDING},
    ("revision", "recirculate"): {Role.STANDING},
    ("revision", "approve"): {Role.STANDING},
    ("revision", "withdraw"): {Role.STANDING},
}
TRIGGERS = sorted({trigger for _, trigger in MOVES})

# A context in which every guard of the trigger holds.
GOOD = {
    "frozen_version": True, "deadline": NOW + timedelta(days=10), "now": NOW,
    "audiences": ["public"], "undisposed": 0, "votes_for": 5, "committee_size": 9,
    "open_deadline_text": "17:00 09/07/2025",
}
OPEN_DEADLINE = {
    "close_comments": NOW - timedelta(hours=1),  # passed
    "close_early": NOW + timedelta(days=3),  # still open
}


def context_for(trigger: str, **changes) -> dict:
    ctx = dict(GOOD, open_deadline=OPEN_DEADLINE.get(trigger))
    ctx.update(changes)
    return ctx


def fire(state: str, trigger: str, roles, reason: str | None = "Theo kết luận", **changes):
    actor = Actor(id=42, roles=frozenset(roles))
    return DOCUMENT.fire(Doc(state), trigger, actor, context_for(trigger, **changes), reason)


@pytest.mark.parametrize("state_id", list(DOCUMENT.states))
@pytest.mark.parametrize("trigger", TRIGGERS)
@pytest.mark.parametrize("role", list(Role))
def test_every_state_trigger_and_role(state_id, trigger, role):
    if (state_id, trigger) not in MOVES:
        with pytest.raises(InvalidTransition):
            fire(state_id, trigger, {role})
    elif role not in WHO[(state_id, trigger)]:
        with pytest.raises(NotPermitted):
            fire(state_id, trigger, {role})
    else:
        record = fire(state_id, trigger, {role})
        assert (record.from_state, record.to_state) == (state_id, MOVES[(state_id, trigger)])


def test_the_table_above_is_the_whole_definition():
    defined = {(s, t.trigger): t.dest for t in DOCUMENT.transitions for s in t.sources}
    assert defined == MOVES
    assert {(s, t.trigger): set(t.roles) for t in DOCUMENT.transitions
            for s in t.sources} == WHO


@pytest.mark.parametrize("trigger, state_id", [
    ("close_early", "circulated"), ("return_for_draft", "revision"),
    ("recirculate", "revision"), ("withdraw", "draft"), ("withdraw", "revision"),
])
@pytest.mark.parametrize("reason", [None, "", "  "])
def test_reason_required(trigger, state_id, reason):
    role = next(iter(WHO[(state_id, trigger)]))
    with pytest.raises(ReasonRequired):
        fire(state_id, trigger, {role}, reason=reason)


@pytest.mark.parametrize("trigger", ["circulate", "close_comments", "approve"])
def test_no_reason_needed(trigger):
    state_id = next(s for (s, t) in MOVES if t == trigger)
    role = next(iter(WHO[(state_id, trigger)]))
    assert fire(state_id, trigger, {role}, reason=None).reason is None


@pytest.mark.parametrize("trigger, state_id, role", [
    ("circulate", "draft", Role.DOCUMENTS), ("recirculate", "revision", Role.STANDING),
])
@pytest.mark.parametrize("changes, guard_name", [
    ({"frozen_version": False}, "frozen_version"),
    ({"frozen_version": None}, "frozen_version"),
    ({"deadline": NOW}, "deadline_future"),
    ({"deadline": NOW - timedelta(minutes=1)}, "deadline_future"),
    ({"deadline": None}, "deadline_future"),
    ({"deadline": "2099-01-01"}, "deadline_future"),  # a string is not a deadline
    ({"audiences": []}, "has_audience"),
    ({"audiences": None}, "has_audience"),
])
def test_circulation_guards(trigger, state_id, role, changes, guard_name):
    with pytest.raises(GuardFailed) as caught:
        fire(state_id, trigger, {role}, **changes)
    assert caught.value.guard == guard_name


def test_closing_before_the_deadline_needs_the_early_close_with_a_reason():
    with pytest.raises(GuardFailed) as caught:
        fire("circulated", "close_comments", {Role.DOCUMENTS},
             open_deadline=NOW + timedelta(hours=2))
    assert "17:00 09/07/2025" in caught.value.message.vi
    assert "give a reason" in caught.value.message.en


def test_closing_early_after_the_deadline_is_refused():
    with pytest.raises(GuardFailed) as caught:
        fire("circulated", "close_early", {Role.DOCUMENTS}, open_deadline=NOW)
    assert caught.value.guard == "before_deadline"


def test_the_deadline_moment_itself_counts_as_passed():
    record = fire("circulated", "close_comments", {Role.DOCUMENTS}, open_deadline=NOW)
    assert record.to_state == "revision"


def test_approval_needs_every_comment_disposed():
    with pytest.raises(GuardFailed) as caught:
        fire("revision", "approve", {Role.STANDING}, undisposed=3)
    assert caught.value.message.vi == "Còn 3 ý kiến chưa có hình thức tiếp thu, giải trình."


@pytest.mark.parametrize("votes_for, size, passes", [
    (5, 9, True), (4, 9, False), (9, 9, True), (0, 9, False),
    (5, 10, False), (6, 10, True), (1, 0, False), (None, 9, False),
])
def test_approval_needs_a_majority_of_all_members(votes_for, size, passes):
    def go():
        return fire("revision", "approve", {Role.STANDING}, votes_for=votes_for,
                    committee_size=size)
    if passes:
        assert go().to_state == "approved"
    else:
        with pytest.raises(GuardFailed) as caught:
            go()
        assert caught.value.guard == "majority"


def test_approval_needs_a_frozen_version():
    with pytest.raises(GuardFailed) as caught:
        fire("revision", "approve", {Role.STANDING}, frozen_version=False)
    assert caught.value.guard == "frozen_version"


def test_approved_and_withdrawn_are_terminal():
    for state_id in ("approved", "withdrawn"):
        assert DOCUMENT.states[state_id].terminal
        assert DOCUMENT.transitions_from(state_id) == []


def test_form_triggers_and_input_guards_name_real_ones():
    assert set(DOCUMENT.triggers) >= FORM_TRIGGERS
    assert set(DOCUMENT.guards) >= INPUT_GUARDS


def test_available_actions_show_why_approval_waits():
    actor = Actor(id=3, roles=frozenset({Role.STANDING}))
    actions = {a.trigger: a for a in DOCUMENT.available_actions(
        Doc("revision"), actor, context_for("approve", undisposed=12))}
    assert set(actions) == {"approve", "return_for_draft", "recirculate", "withdraw"}
    assert not actions["approve"].allowed and "12" in actions["approve"].refusal.vi
    assert actions["return_for_draft"].reason_required


def test_stage_path_runs_draft_to_approved():
    assert DOCUMENT.ranked_states()[:4] == ["draft", "circulated", "revision", "approved"]
