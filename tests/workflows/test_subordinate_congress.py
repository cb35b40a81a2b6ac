"""The subordinate-congress definition: every state × trigger × role, and its guards."""

from dataclasses import dataclass

import pytest

from workflows.engine import Actor, GuardFailed, InvalidTransition, NotPermitted
from workflows.roles import Role
from workflows.subordinate_congress import DEFINITION


@dataclass
class Tracked:
    state: str
    author_id: int | None = 1


OK = {"held_on": "2025-07-20", "attended": 40, "received_on": "2025-07-25"}
MOVES = {
    ("planned", "hold"): "held",
    ("held", "receive_report"): "report_received",
    ("held", "reopen"): "planned",
}
WHO = {
    "hold": {Role.STANDING, Role.COMMUNICATIONS, Role.SECRETARY},
    "receive_report": {Role.STANDING, Role.COMMUNICATIONS},
    "reopen": {Role.STANDING, Role.COMMUNICATIONS},
}


def test_the_tables_cover_the_definition():
    assert set(WHO) == set(DEFINITION.triggers)
    assert {(s, t.trigger) for t in DEFINITION.transitions for s in t.sources} == set(MOVES)


@pytest.mark.parametrize("state_id", list(DEFINITION.states))
@pytest.mark.parametrize("trigger", list(WHO))
@pytest.mark.parametrize("role", list(Role))
def test_every_state_trigger_and_role(state_id, trigger, role):
    actor = Actor(id=99, roles=frozenset({role}))
    fire = lambda: DEFINITION.fire(Tracked(state_id), trigger, actor, OK,  # noqa: E731
                                   reason="nhầm ngày")
    if (state_id, trigger) not in MOVES:
        with pytest.raises(InvalidTransition):
            fire()
    elif role not in WHO[trigger]:
        with pytest.raises(NotPermitted):
            fire()
    else:
        assert fire().to_state == MOVES[(state_id, trigger)]


STANDING = Actor(5, frozenset({Role.STANDING}))


@pytest.mark.parametrize("state_id, trigger, changes, guard", [
    ("planned", "hold", {"held_on": None}, "held_date"),
    ("planned", "hold", {"attended": 0}, "attendance"),
    ("held", "receive_report", {"received_on": ""}, "received_date"),
])
def test_each_step_needs_its_facts(state_id, trigger, changes, guard):
    with pytest.raises(GuardFailed) as caught:
        DEFINITION.fire(Tracked(state_id), trigger, STANDING, {**OK, **changes})
    assert caught.value.guard == guard
