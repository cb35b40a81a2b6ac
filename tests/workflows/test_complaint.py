"""The letters (complaints) definition: every state × trigger × role against a table by hand."""

from dataclasses import dataclass

import pytest

from workflows.committee_nomination import DEFINITION as COMMITTEE
from workflows.complaint import (
    CLOSED_STATES,
    DEFINITION,
    HOLD_STATES,
    KINDS,
    NOT_PROCESSED_REASONS,
    OUTCOMES,
)
from workflows.engine import Actor, GuardFailed, Text
from workflows.nomination import DEFINITION as NOMINATION
from workflows.roles import Role

from .matrix import assert_cell, assert_tables_cover


@dataclass
class Letter:
    state: str
    author_id: int | None = 1


# Facts under which every guard but one of the two cut-off guards holds.
IN_TIME = {"late": False, "cutoff": Text("14/07/2025", "14/07/2025"), "category": "anonymous",
           "kind": "denunciation", "investigator": 5, "deadline": "2025-08-01",
           "outcome": "unfounded", "findings": "Không có cơ sở."}
LATE = {**IN_TIME, "late": True}

MOVES = {
    ("received", "set_aside"): "not_processed",
    ("received", "transfer"): "transferred",
    ("received", "classify"): "classified",
    ("classified", "assign"): "assigned",
    ("assigned", "start_verification"): "verifying",
    ("verifying", "conclude"): "concluded",
    ("concluded", "reply"): "replied",
    ("replied", "close"): "closed",
}
WHO = {
    "set_aside": {Role.COMPLAINTS},
    "transfer": {Role.COMPLAINTS},
    "classify": {Role.COMPLAINTS},
    "assign": {Role.COMPLAINTS},
    "start_verification": {Role.COMPLAINTS, Role.INSPECTOR},
    "conclude": {Role.COMPLAINTS, Role.INSPECTOR},
    "reply": {Role.COMPLAINTS},
    "close": {Role.COMPLAINTS},
}
# Those allowed to read a letter (and so to see the receipt number in a refusal).
READERS = {Role.COMPLAINTS, Role.PERSONNEL, Role.STANDING, Role.INSPECTOR}


def test_the_tables_cover_the_definition():
    assert_tables_cover(DEFINITION, MOVES, WHO)
    assert {s for s, st in DEFINITION.states.items() if st.terminal} == set(CLOSED_STATES)
    assert set(HOLD_STATES) <= set(DEFINITION.states)


@pytest.mark.parametrize("state_id", list(DEFINITION.states))
@pytest.mark.parametrize("trigger", list(WHO))
@pytest.mark.parametrize("role", list(Role))
def test_every_state_trigger_and_role(state_id, trigger, role):
    facts = LATE if trigger == "transfer" else IN_TIME
    assert_cell(DEFINITION, Letter(state_id), trigger, role, MOVES, WHO, facts)


CLERK = Actor(1, frozenset({Role.COMPLAINTS}))


def refused(state_id, trigger, reason="lý do", **changes):
    with pytest.raises(GuardFailed) as caught:
        DEFINITION.fire(Letter(state_id), trigger, CLERK, {**IN_TIME, **changes}, reason=reason)
    return caught.value


def test_a_late_letter_is_transferred_not_classified():
    error = refused("received", "classify", late=True)
    assert error.guard == "in_time" and "14/07/2025" in error.message.en
    assert refused("received", "transfer").guard == "after_cutoff"


@pytest.mark.parametrize("category", [None, "", "rude", "ANONYMOUS"])
def test_not_processed_needs_one_of_the_five_reasons(category):
    assert refused("received", "set_aside", category=category).guard == "reason_category"


@pytest.mark.parametrize("category", list(NOT_PROCESSED_REASONS))
def test_each_not_processed_reason_is_accepted_with_a_reason_text(category):
    record = DEFINITION.fire(Letter("received"), "set_aside", CLERK,
                             {**IN_TIME, "category": category}, reason="không ký tên")
    assert record.to_state == "not_processed"
    assert DEFINITION.transition_for("received", "set_aside").reason_required


@pytest.mark.parametrize("kind", [None, "", "other"])
def test_classification_needs_a_kind(kind):
    assert refused("received", "classify", kind=kind).guard == "kind_chosen"


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_is_accepted(kind):
    assert DEFINITION.fire(Letter("received"), "classify", CLERK,
                           {**IN_TIME, "kind": kind}).to_state == "classified"


def test_an_assignment_needs_an_investigator_and_a_deadline():
    assert refused("classified", "assign", investigator=None).guard == "investigator_chosen"
    assert refused("classified", "assign", deadline=None).guard == "deadline_set"


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_a_conclusion_needs_an_outcome_and_findings(outcome):
    assert refused("verifying", "conclude", outcome="maybe").guard == "outcome_chosen"
    assert refused("verifying", "conclude", outcome=outcome, findings="  ").guard == \
        "findings_written"


@pytest.mark.parametrize("definition", [NOMINATION, COMMITTEE], ids=["nomination", "committee"])
def test_only_readers_of_letters_can_meet_a_hold_refusal(definition):
    """The no_hold refusal names the letter's receipt number: every role that can fire a
    transition guarded by it must be allowed to read letters (others see a neutral badge)."""
    for t in definition.transitions:
        if "no_hold" in t.guards:
            assert t.roles <= READERS, t.trigger
