"""The credentials-report definition: every state × trigger × role, and its guards."""

from dataclasses import dataclass

import pytest

from workflows.credentials_report import DEFINITION
from workflows.engine import Actor, GuardFailed, ReasonRequired
from workflows.roles import Role

from .matrix import assert_cell, assert_tables_cover


@dataclass
class Report:
    state: str
    author_id: int | None = 1


OK = {"summoned": 250, "roster": 250, "matches": True}
MOVES = {("draft", "confirm"): "confirmed", ("confirmed", "reopen"): "draft"}
WHO = {"confirm": {Role.CREDENTIALS}, "reopen": {Role.CREDENTIALS}}


def test_the_tables_cover_the_definition():
    assert_tables_cover(DEFINITION, MOVES, WHO)


@pytest.mark.parametrize("state_id", list(DEFINITION.states))
@pytest.mark.parametrize("trigger", list(WHO))
@pytest.mark.parametrize("role", list(Role))
def test_every_state_trigger_and_role(state_id, trigger, role):
    assert_cell(DEFINITION, Report(state_id), trigger, role, MOVES, WHO, OK, reason="tính lại")


CREDENTIALS = Actor(5, frozenset({Role.CREDENTIALS}))


@pytest.mark.parametrize("changes, guard, text", [
    ({"summoned": 0}, "has_delegates", "No delegate"),
    ({"matches": False, "roster": 249}, "roster_matches", "roster (249) differs"),
])
def test_confirming_needs_delegates_and_a_roster_equal_to_the_personnel_data(changes, guard,
                                                                            text):
    with pytest.raises(GuardFailed) as caught:
        DEFINITION.fire(Report("draft"), "confirm", CREDENTIALS, {**OK, **changes})
    assert caught.value.guard == guard and text in caught.value.message.en


def test_reopening_needs_a_reason():
    with pytest.raises(ReasonRequired):
        DEFINITION.fire(Report("confirmed"), "reopen", CREDENTIALS, OK)
