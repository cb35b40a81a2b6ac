"""The quota-allocation definition: every state × trigger × role, and its guards."""

from dataclasses import dataclass

import pytest

from workflows.engine import Actor, GuardFailed, NotPermitted
from workflows.quota_allocation import DEFINITION
from workflows.roles import Role

from .matrix import assert_cell, assert_tables_cover


@dataclass
class Allocation:
    state: str
    author_id: int | None = 1


OK = {"lines": 102, "total": 250, "cap": 250, "seats_sum": 223, "appointed_seats": 223}
MOVES = {
    ("draft", "freeze"): "frozen",
    ("frozen", "reopen"): "draft",
    ("frozen", "publish"): "published",
}
WHO = {
    "freeze": {Role.PERSONNEL, Role.STANDING},
    "reopen": {Role.STANDING},
    "publish": {Role.STANDING},
}


def test_the_tables_cover_the_definition():
    assert_tables_cover(DEFINITION, MOVES, WHO)


@pytest.mark.parametrize("state_id", list(DEFINITION.states))
@pytest.mark.parametrize("trigger", list(WHO))
@pytest.mark.parametrize("role", list(Role))
def test_every_state_trigger_and_role(state_id, trigger, role):
    assert_cell(DEFINITION, Allocation(state_id), trigger, role, MOVES, WHO, OK,
                reason="điều chỉnh")


PERSONNEL = Actor(5, frozenset({Role.PERSONNEL}))


@pytest.mark.parametrize("changes, guard, text", [
    ({"lines": 0}, "calculated", "not been calculated"),
    ({"total": 251}, "within_cap", "(251) exceeds the maximum of 250"),
    ({"seats_sum": 222}, "seats_add_up", "(222) differ from the appointed seats (223)"),
])
def test_freezing_needs_a_complete_calculation_within_the_cap(changes, guard, text):
    with pytest.raises(GuardFailed) as caught:
        DEFINITION.fire(Allocation("draft"), "freeze", PERSONNEL, {**OK, **changes})
    assert caught.value.guard == guard and text in caught.value.message.en


def test_whoever_prepared_the_allocation_may_not_publish_it():
    author = Actor(1, frozenset({Role.STANDING}))
    with pytest.raises(NotPermitted):
        DEFINITION.fire(Allocation("frozen", author_id=1), "publish", author, OK)
    assert DEFINITION.fire(Allocation("frozen", author_id=2), "publish", author, OK).to_state \
        == "published"
