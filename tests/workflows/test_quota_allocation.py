"""The quota-allocation definition: every state × trigger × role, and its guards."""

from dataclasses import dataclass

import pytest

from workflows.engine import Actor, GuardFailed, InvalidTransition, NotPermitted
from workflows.quota_allocation import DEFINITION
from workflows.roles import Role


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
    assert set(WHO) == set(DEFINITION.triggers)
    assert {(s, t.trigger) for t in DEFINITION.transitions for s in t.sources} == set(MOVES)


@pytest.mark.parametrize("state_id", list(DEFINITION.states))
@pytest.mark.parametrize("trigger", list(WHO))
@pytest.mark.parametrize("role", list(Role))
def test_every_state_trigger_and_role(state_id, trigger, role):
    actor = Actor(id=99, roles=frozenset({role}))
    fire = lambda: DEFINITION.fire(Allocation(state_id), trigger, actor, OK,  # noqa: E731
                                   reason="điều chỉnh")
    if (state_id, trigger) not in MOVES:
        with pytest.raises(InvalidTransition):
            fire()
    elif role not in WHO[trigger]:
        with pytest.raises(NotPermitted):
            fire()
    else:
        assert fire().to_state == MOVES[(state_id, trigger)]


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
