"""Committee personnel: every state × trigger × role, the polls' majority and the guards."""

from dataclasses import dataclass

import pytest

from workflows.committee_nomination import DEFINITION
from workflows.engine import Actor, GuardFailed
from workflows.polls import PollError, poll_result
from workflows.roles import Role

from .matrix import assert_cell, assert_tables_cover


@dataclass
class Candidate:
    state: str
    author_id: int | None = 1


POLL = {"voters": 27, "ballots": 27, "for": 20, "against": 7}
OK = {"poll": POLL, "key_cadre_passed": True, "executive_passed": True,
      "key_cadre_result": "20/27", "executive_result": "20/27", "body": "Ban Chấp hành",
      "seats": 27, "taken": 3, "holds": [], "holds_text": "", "decision_number": "99-QĐ/TU",
      "decision_date": "2025-08-10"}
ACTIVE = ["pool", "shortlisted", "key_cadre_polled", "selected", "executive_polled", "vetted",
          "submitted"]
MOVES = {
    ("pool", "shortlist"): "shortlisted",
    ("shortlisted", "record_key_cadre_poll"): "key_cadre_polled",
    ("key_cadre_polled", "select"): "selected",
    ("selected", "record_executive_poll"): "executive_polled",
    ("executive_polled", "vet"): "vetted",
    ("vetted", "submit_to_city"): "submitted",
    ("submitted", "appoint"): "appointed",
    **{(s, "drop"): "dropped" for s in ACTIVE},
}
WHO = {
    "shortlist": {Role.STANDING},
    "record_key_cadre_poll": {Role.PERSONNEL, Role.STANDING},
    "select": {Role.STANDING},
    "record_executive_poll": {Role.PERSONNEL, Role.STANDING},
    "vet": {Role.PERSONNEL},
    "submit_to_city": {Role.STANDING},
    "appoint": {Role.STANDING, Role.PERSONNEL},
    "drop": {Role.STANDING},
}


def test_the_tables_cover_the_definition():
    assert_tables_cover(DEFINITION, MOVES, WHO)


def test_the_path_is_the_one_the_domain_describes():
    assert [s for s in DEFINITION.ranked_states() if s != "dropped"] == [
        "pool", "shortlisted", "key_cadre_polled", "selected", "executive_polled", "vetted",
        "submitted", "appointed"]


@pytest.mark.parametrize("state_id", list(DEFINITION.states))
@pytest.mark.parametrize("trigger", list(WHO))
@pytest.mark.parametrize("role", list(Role))
def test_every_state_trigger_and_role(state_id, trigger, role):
    assert_cell(DEFINITION, Candidate(state_id), trigger, role, MOVES, WHO, OK,
                reason="không đủ tín nhiệm")


STANDING = Actor(2, frozenset({Role.STANDING, Role.PERSONNEL}))


@pytest.mark.parametrize("source, trigger, changes, guard", [
    ("shortlisted", "record_key_cadre_poll", {"poll": None}, "poll_entered"),
    ("key_cadre_polled", "select", {"key_cadre_passed": False}, "key_cadre_majority"),
    ("selected", "record_executive_poll", {"poll": None}, "poll_entered"),
    ("executive_polled", "vet", {"executive_passed": False}, "executive_majority"),
    ("vetted", "submit_to_city", {"taken": 27}, "within_seats"),
    ("vetted", "submit_to_city", {"holds": ["x"], "holds_text": "đơn thư"}, "no_hold"),
    ("submitted", "appoint", {"decision_number": ""}, "decision_recorded"),
    ("submitted", "appoint", {"holds": ["x"], "holds_text": "đơn thư"}, "no_hold"),
])
def test_guards(source, trigger, changes, guard):
    with pytest.raises(GuardFailed) as caught:
        DEFINITION.fire(Candidate(source), trigger, STANDING, {**OK, **changes})
    assert caught.value.guard == guard


# -- the majority is computed, not typed -------------------------------------------------------

@pytest.mark.parametrize("counts, base, passed", [
    (dict(voters=230, ballots=220, votes_for=111, votes_against=100), "ballots", True),
    (dict(voters=230, ballots=220, votes_for=110, votes_against=100), "ballots", False),  # half
    (dict(voters=230, ballots=220, votes_for=115, votes_against=100), "voters", False),
    (dict(voters=230, ballots=220, votes_for=116, votes_against=100), "voters", True),
    (dict(voters=27, ballots=27, votes_for=14, votes_against=13), "ballots", True),
    (dict(voters=27, ballots=26, votes_for=13, votes_against=13), "ballots", False),
])
def test_more_than_half_of_the_base(counts, base, passed):
    assert poll_result(**counts, base=base).passed is passed


@pytest.mark.parametrize("counts, field", [
    (dict(voters=27, ballots=28, votes_for=1, votes_against=1), "ballots"),
    (dict(voters=27, ballots=27, votes_for=20, votes_against=8), "votes_for"),
    (dict(voters=27, ballots=27, votes_for=-1, votes_against=8), "votes_for"),
    (dict(voters=0, ballots=0, votes_for=0, votes_against=0), "voters"),
])
def test_inconsistent_counts_are_refused(counts, field):
    with pytest.raises(PollError) as caught:
        poll_result(**counts)
    assert caught.value.field == field


def test_blank_or_invalid_ballots_are_what_is_left():
    result = poll_result(voters=30, ballots=28, votes_for=20, votes_against=5)
    assert result.invalid_or_blank == 3
    assert result.as_dict() == {"voters": 30, "ballots": 28, "for": 20, "against": 5,
                                "base": "ballots", "passed": True}
