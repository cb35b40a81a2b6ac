"""The subordinate-congress definition: every state × trigger × role, and its guards."""

from dataclasses import dataclass

import pytest

from workflows.engine import Actor, GuardFailed
from workflows.roles import Role
from workflows.subordinate_congress import DEFINITION

from .matrix import assert_cell, assert_tables_cover


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
    assert_tables_cover(DEFINITION, MOVES, WHO)


@pytest.mark.parametrize("state_id", list(DEFINITION.states))
@pytest.mark.parametrize("trigger", list(WHO))
@pytest.mark.parametrize("role", list(Role))
def test_every_state_trigger_and_role(state_id, trigger, role):
    assert_cell(DEFINITION, Tracked(state_id), trigger, role, MOVES, WHO, OK, reason="nhầm ngày")


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
