"""The engine, without a Flask app: definitions as tables, actions, firing, refusals."""

from dataclasses import dataclass

import pytest

from tests.support.sample_workflow import SAMPLE
from workflows.engine import (
    Actor,
    DefinitionError,
    GuardFailed,
    InvalidTransition,
    NotPermitted,
    ReasonRequired,
    Text,
    WorkflowDefinition,
    state,
    transition,
)
from workflows.roles import Role


@dataclass
class Item:
    state: str
    title: str = "Đề nghị"
    author_id: int | None = 1


STANDING = Actor(id=7, roles=frozenset({Role.STANDING}))
SECRETARY = Actor(id=1, roles=frozenset({Role.SECRETARY}))
QUORUM = {"present": 6, "size": 9}

# The expected table, written by hand: (state, trigger) -> destination. Anything else is invalid.
MOVES = {
    ("draft", "submit"): "submitted",
    ("draft", "withdraw"): "withdrawn",
    ("submitted", "approve"): "approved",
    ("submitted", "reject"): "rejected",
    ("submitted", "send_back"): "draft",
    ("submitted", "withdraw"): "withdrawn",
}
WHO = {
    "submit": {Role.SECRETARY, Role.CLERK},
    "approve": {Role.STANDING},
    "reject": {Role.STANDING},
    "send_back": {Role.STANDING, Role.PERSONNEL},
    "withdraw": {Role.SECRETARY},
}


@pytest.mark.parametrize("state_id", list(SAMPLE.states))
@pytest.mark.parametrize("trigger", list(WHO))
@pytest.mark.parametrize("role", list(Role))
def test_every_state_trigger_and_role(state_id, trigger, role):
    actor = Actor(id=99, roles=frozenset({role}))
    item = Item(state_id)
    fire = lambda: SAMPLE.fire(item, trigger, actor, QUORUM, reason="vì lý do")  # noqa: E731
    if (state_id, trigger) not in MOVES:
        with pytest.raises(InvalidTransition):
            fire()
    elif role not in WHO[trigger]:
        with pytest.raises(NotPermitted):
            fire()
    else:
        record = fire()
        assert (record.from_state, record.to_state) == (state_id, MOVES[(state_id, trigger)])
        assert item.state == state_id  # the engine decides; the service persists


def test_the_machine_is_shared_and_has_no_auto_transitions():
    assert not any(t.startswith("to_") for t in SAMPLE.machine.events)
    SAMPLE.fire(Item("draft"), "submit", SECRETARY)
    SAMPLE.fire(Item("draft"), "submit", SECRETARY)
    assert SAMPLE.machine.models == []  # no model left behind: one machine for every item


def test_unknown_trigger_is_invalid_with_a_message_in_both_languages():
    with pytest.raises(InvalidTransition) as caught:
        SAMPLE.fire(Item("draft"), "explode", STANDING)
    assert "explode" in caught.value.message.vi and "explode" in caught.value.message.en


def test_trigger_from_the_wrong_state_names_the_state():
    with pytest.raises(InvalidTransition) as caught:
        SAMPLE.fire(Item("approved"), "approve", STANDING, QUORUM)
    assert "Đã duyệt" in caught.value.message.vi
    assert "Approved" in caught.value.message.en


def test_missing_role_is_not_permitted():
    with pytest.raises(NotPermitted) as caught:
        SAMPLE.fire(Item("submitted"), "approve", SECRETARY, QUORUM)
    assert "Phê duyệt" in caught.value.message.vi and "Approve" in caught.value.message.en


def test_four_eyes_bars_the_author():
    author_on_standing = Actor(id=1, roles=frozenset({Role.STANDING}))
    with pytest.raises(NotPermitted) as caught:
        SAMPLE.fire(Item("submitted", author_id=1), "approve", author_on_standing, QUORUM)
    assert "người khác" in caught.value.message.vi


def test_guard_refusal_carries_its_message_filled_from_the_context():
    with pytest.raises(GuardFailed) as caught:
        SAMPLE.fire(Item("submitted"), "approve", STANDING, {"present": 4, "size": 9})
    assert caught.value.guard == "quorum"
    assert caught.value.message.vi == "Cần quá nửa số ủy viên có mặt (có 4/9)."
    assert caught.value.message.en.endswith("(4/9).")


def test_exactly_half_is_not_a_quorum():
    with pytest.raises(GuardFailed):
        SAMPLE.fire(Item("submitted"), "approve", STANDING, {"present": 5, "size": 10})


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reason_required(reason):
    with pytest.raises(ReasonRequired):
        SAMPLE.fire(Item("submitted"), "reject", STANDING, reason=reason)


def test_reason_is_kept_stripped():
    record = SAMPLE.fire(Item("submitted"), "reject", STANDING, reason="  không đủ điều kiện ")
    assert record.reason == "không đủ điều kiện"


def test_available_actions_list_what_the_actor_may_do_and_why_not():
    actions = {a.trigger: a for a in SAMPLE.available_actions(
        Item("submitted"), STANDING, {"present": 3, "size": 9})}
    assert set(actions) == {"approve", "reject", "send_back"}
    assert not actions["approve"].allowed
    assert "3/9" in actions["approve"].refusal.vi
    assert actions["reject"].allowed and actions["reject"].reason_required
    assert actions["send_back"].dest_label.en == "Draft"


def test_available_actions_hide_what_the_actor_has_no_role_for():
    assert SAMPLE.available_actions(Item("submitted"), SECRETARY) == [
        a for a in SAMPLE.available_actions(Item("submitted"), SECRETARY)
        if a.trigger == "withdraw"]
    assert SAMPLE.available_actions(Item("approved"), STANDING) == []


def test_guard_refusal_shows_in_available_actions():
    actions = SAMPLE.available_actions(Item("draft", title=" "), SECRETARY)
    submit = next(a for a in actions if a.trigger == "submit")
    assert submit.refusal == Text("Cần có tiêu đề.", "A title is needed.")


def test_mermaid_diagram_has_every_transition():
    diagram = SAMPLE.mermaid("en")
    assert diagram.startswith("stateDiagram-v2")
    assert "draft --> submitted: Submit" in diagram
    assert "submitted --> withdrawn: Withdraw" in diagram
    assert "approved --> [*]" in diagram


def test_states_ranked_from_the_initial_one():
    assert SAMPLE.ranked_states()[:2] == ["draft", "submitted"]


def make(states=None, transitions=None, **kw):
    return WorkflowDefinition(
        "broken", Text("x", "x"),
        states or [state("a", "A", "A"), state("b", "B", "B", terminal=True)],
        transitions or [], **kw)


@pytest.mark.parametrize("bad", [
    dict(transitions=[transition("go", "a", "nowhere", roles=[Role.CLERK], label=("x", "x"))]),
    dict(transitions=[transition("go", "a", "b", roles=[Role.CLERK], label=("x", "x"),
                                 guards=["undefined"])]),
    dict(transitions=[transition("go", "a", "b", roles=["janitor"], label=("x", "x"))]),
    dict(transitions=[transition("go", "b", "a", roles=[Role.CLERK], label=("x", "x"))]),
    dict(transitions=[transition("go", "a", "b", roles=[Role.CLERK], label=("x", "x")),
                      transition("go", "a", "a", roles=[Role.CLERK], label=("x", "x"))]),
    dict(initial="zzz"),
    dict(states=[state("a", "A", "A"), state("a", "A", "A")]),
])
def test_inconsistent_tables_are_refused_at_definition_time(bad):
    with pytest.raises(DefinitionError):
        make(**bad)


def test_terminal_states_come_last_in_definition_order():
    # an early exit (withdrawn) must not sit between two stages of the main path
    assert SAMPLE.ranked_states() == ["draft", "submitted", "approved", "rejected", "withdrawn"]
