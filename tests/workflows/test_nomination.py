"""The delegate-nomination definition: every state × trigger × role against a table by hand."""

from dataclasses import dataclass

import pytest

from workflows.engine import Actor, GuardFailed, InvalidTransition, NotPermitted, Text
from workflows.nomination import DEFINITION, INACTIVE_STATES, NOT_SUMMONED_REASONS
from workflows.roles import Role


@dataclass
class Nomination:
    state: str
    kind: str = "official"
    author_id: int | None = 1


# Facts under which every guard holds.
OK = {"org": Text("Chi bộ A", "Cell A"), "kind_label": Text("chính thức", "official"),
      "seats": 3, "used": 2, "holds": [], "holds_text": "", "decision_number": "12-QĐ/ĐU",
      "decision_date": "2025-08-01", "category": "transferred", "next_alternate": 7,
      "alternate_holds": [], "alternate_holds_text": "", "letter": "3/2025"}

MOVES = {
    ("draft", "submit"): "submitted",
    ("returned", "submit"): "submitted",
    ("submitted", "vet"): "vetted",
    ("submitted", "return_from_vetting"): "returned",
    ("vetted", "approve"): "approved",
    ("vetted", "return_from_approval"): "returned",
    ("approved", "appoint"): "appointed",
    ("approved", "reconsider"): "vetted",
    ("appointed", "reconsider"): "vetted",
    ("approved", "refer_back"): "vetted",
    ("appointed", "refer_back"): "vetted",
    ("draft", "withdraw"): "withdrawn",
    ("submitted", "withdraw"): "withdrawn",
    ("vetted", "withdraw"): "withdrawn",
    ("returned", "withdraw"): "withdrawn",
    ("approved", "not_summon"): "not_summoned",
    ("appointed", "not_summon"): "not_summoned",
    ("appointed", "request_replacement"): "replacement_requested",
    ("replacement_requested", "approve_replacement"): "replaced",
    ("replacement_requested", "reject_replacement"): "appointed",
}
WHO = {
    "submit": {Role.SECRETARY, Role.CLERK},
    "vet": {Role.PERSONNEL},
    "return_from_vetting": {Role.PERSONNEL},
    "approve": {Role.STANDING},
    "return_from_approval": {Role.STANDING},
    "appoint": {Role.STANDING},
    "reconsider": {Role.STANDING},
    "refer_back": {Role.COMPLAINTS, Role.INSPECTOR},
    "withdraw": {Role.SECRETARY, Role.CLERK},
    "not_summon": {Role.STANDING},
    "request_replacement": {Role.SECRETARY, Role.PERSONNEL},
    "approve_replacement": {Role.STANDING},
    "reject_replacement": {Role.STANDING},
}


def test_the_tables_cover_the_definition():
    assert set(WHO) == set(DEFINITION.triggers)
    assert {(s, t.trigger) for t in DEFINITION.transitions for s in t.sources} == set(MOVES)
    assert {s for s, st in DEFINITION.states.items() if st.terminal} == set(INACTIVE_STATES)


@pytest.mark.parametrize("state_id", list(DEFINITION.states))
@pytest.mark.parametrize("trigger", list(WHO))
@pytest.mark.parametrize("role", list(Role))
def test_every_state_trigger_and_role(state_id, trigger, role):
    actor = Actor(id=99, roles=frozenset({role}))
    item = Nomination(state_id)
    fire = lambda: DEFINITION.fire(item, trigger, actor, OK, reason="lý do")  # noqa: E731
    if (state_id, trigger) not in MOVES:
        with pytest.raises(InvalidTransition):
            fire()
    elif role not in WHO[trigger]:
        with pytest.raises(NotPermitted):
            fire()
    else:
        record = fire()
        assert (record.from_state, record.to_state) == (state_id, MOVES[(state_id, trigger)])


SECRETARY = Actor(1, frozenset({Role.SECRETARY}))
STANDING = Actor(2, frozenset({Role.STANDING}))


def refused(state_id, trigger, actor, reason="lý do", kind="official", **changes):
    with pytest.raises(GuardFailed) as caught:
        DEFINITION.fire(Nomination(state_id, kind=kind), trigger, actor, {**OK, **changes},
                        reason=reason)
    return caught.value


def test_over_quota_is_refused_with_the_organization_and_the_count():
    error = refused("draft", "submit", SECRETARY, used=3)
    assert error.guard == "within_quota"
    assert error.message.vi == "Chi bộ A đã dùng hết 3/3 suất chính thức."
    assert error.message.en == "Cell A has used all 3/3 official seats."


def test_a_hold_on_the_person_blocks_approval_and_appointment():
    holds = {"holds": ["complaint 4"], "holds_text": "đơn thư số 4 đang giải quyết"}
    assert refused("vetted", "approve", STANDING, **holds).guard == "no_hold"
    error = refused("approved", "appoint", STANDING, **holds)
    assert "đơn thư số 4 đang giải quyết" in error.message.vi


@pytest.mark.parametrize("missing", ["decision_number", "decision_date"])
def test_appointment_needs_the_decision_number_and_date(missing):
    assert refused("approved", "appoint", STANDING, **{missing: ""}).guard == "decision_recorded"


@pytest.mark.parametrize("category", [None, "", "illness", "SUSPENDED"])
def test_not_summoned_needs_one_of_the_four_reasons(category):
    assert refused("appointed", "not_summon", STANDING, category=category).guard == \
        "reason_category"


@pytest.mark.parametrize("category", list(NOT_SUMMONED_REASONS))
def test_each_not_summoned_reason_is_accepted(category):
    record = DEFINITION.fire(Nomination("appointed"), "not_summon", STANDING,
                             {**OK, "category": category}, reason="theo quyết định")
    assert record.to_state == "not_summoned"


def test_only_an_official_delegate_is_replaced():
    assert refused("appointed", "request_replacement", SECRETARY,
                   kind="alternate").guard == "is_official"


def test_a_replacement_needs_an_appointed_alternate_without_a_hold():
    assert refused("appointed", "request_replacement", SECRETARY,
                   next_alternate=None).guard == "alternate_available"
    assert refused("replacement_requested", "approve_replacement", STANDING,
                   next_alternate=None).guard == "alternate_available"
    error = refused("replacement_requested", "approve_replacement", STANDING,
                    alternate_holds=["x"], alternate_holds_text="đang xác minh")
    assert error.guard == "alternate_no_hold" and "đang xác minh" in error.message.vi


@pytest.mark.parametrize("trigger, source", [
    ("return_from_vetting", "submitted"), ("return_from_approval", "vetted"),
    ("withdraw", "draft"), ("not_summon", "appointed"), ("request_replacement", "appointed"),
    ("reject_replacement", "replacement_requested"), ("reconsider", "approved"),
])
def test_these_steps_need_a_reason(trigger, source):
    assert DEFINITION.transition_for(source, trigger).reason_required


def test_only_a_founded_letter_sends_a_nomination_back():
    inspector = Actor(3, frozenset({Role.INSPECTOR}))
    with pytest.raises(GuardFailed) as caught:
        DEFINITION.fire(Nomination("approved"), "refer_back", inspector, {**OK, "letter": None},
                        reason="đơn thư đúng")
    assert caught.value.guard == "founded_letter"
    assert DEFINITION.transition_for("appointed", "refer_back").reason_required
