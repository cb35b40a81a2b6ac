"""Committee personnel: candidates for the new Executive and Standing Committees, Secretary,
Deputy Secretaries and delegates to the city congress, with their polls and the city's decision.

Poll results are entered as counts; whether a poll gave a majority is computed by
`workflows.polls.poll_result` under the configured base (PERSONNEL_MAJORITY_BASE).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from intranet.db import db, write_transaction
from intranet.errors import Invalid
from intranet.extensions import gettext as _
from intranet.org.models import Member, OrgUnit, UnitKind
from intranet.personnel.allocation import congress_or_404
from intranet.personnel.holds import holds_for, holds_text
from intranet.personnel.indicators import Structure, rules_from, structure
from intranet.personnel.models import CommitteeCandidate, CommitteePoll
from intranet.workflow_service import (
    TransitionResult,
    apply_transition,
    get_visible_item,
    start_item,
)
from workflows import Text
from workflows.committee_nomination import BODIES, POLL_STAGES
from workflows.polls import PollError, poll_result
from workflows.roles import Role

ENTITY = "committee_nomination"
TAKEN_STATES = ("submitted", "appointed")
POLL_TRIGGER_BY_STATE = {"shortlisted": "record_key_cadre_poll",
                         "selected": "record_executive_poll"}
ORG_KINDS = (UnitKind.GRASSROOTS_COMMITTEE, UnitKind.GRASSROOTS_CELL, UnitKind.AFFILIATED_CELL)


def seats_of(body: str) -> int:
    return int(current_app.config["PERSONNEL_COMMITTEE_SEATS"].get(body, 0))


def majority_base() -> str:
    return current_app.config["PERSONNEL_MAJORITY_BASE"]


def describe(item: CommitteeCandidate) -> str:
    return f"{item.member.full_name} ({BODIES[item.body].vi})"


# -- workflow binding helpers ------------------------------------------------------------------


def _result_text(poll: CommitteePoll | None) -> Text:
    if poll is None:
        return Text("chưa có kết quả phiếu", "no poll recorded")
    base = poll.ballots if poll.base == "ballots" else poll.voters
    return Text(f"{poll.votes_for}/{base} phiếu", f"{poll.votes_for}/{base} votes")


def candidate_facts(item: CommitteeCandidate, payload: Any) -> dict[str, Any]:
    polls = {p.stage: p for p in db.session.scalars(
        select(CommitteePoll).where(CommitteePoll.candidate_id == item.id))}
    taken = db.session.scalar(select(func.count(CommitteeCandidate.id)).where(
        CommitteeCandidate.congress_id == item.congress_id,
        CommitteeCandidate.body == item.body, CommitteeCandidate.id != item.id,
        CommitteeCandidate.state.in_(TAKEN_STATES)))
    holds = holds_for([item.member_id]).get(item.member_id, [])
    key_cadre, executive = polls.get("key_cadre"), polls.get("executive")
    return {
        "key_cadre_passed": bool(key_cadre and key_cadre.passed),
        "key_cadre_result": _result_text(key_cadre),
        "executive_passed": bool(executive and executive.passed),
        "executive_result": _result_text(executive),
        "body": BODIES[item.body], "seats": seats_of(item.body), "taken": taken,
        "holds": [h.reference for h in holds], "holds_text": holds_text(holds),
    }


def store_poll(item: CommitteeCandidate, record, payload) -> None:
    counts = payload["poll"]
    result = poll_result(voters=counts["voters"], ballots=counts["ballots"],
                         votes_for=counts["for"], votes_against=counts["against"],
                         base=counts["base"])  # computed again here: never trust a typed result
    db.session.add(CommitteePoll(
        candidate_id=item.id, stage=POLL_STAGES[record.trigger], voters=result.voters,
        ballots=result.ballots, votes_for=result.votes_for, votes_against=result.votes_against,
        base=result.base, passed=result.passed, recorded_by_id=record.actor_id))


def store_decision(item: CommitteeCandidate, record, payload) -> None:
    item.decision_number = payload["decision_number"]
    item.decision_date = date.fromisoformat(payload["decision_date"])


def audit_payload(item: CommitteeCandidate, record, payload) -> dict:
    keys = ("poll", "decision_number", "decision_date")
    return {k: payload[k] for k in keys if k in payload}


def candidate_tasks(user: Any):
    roles = user.role_names
    states: list[str] = []
    if Role.STANDING in roles:
        states += ["pool", "key_cadre_polled", "vetted"]
    if Role.PERSONNEL in roles:
        states += ["shortlisted", "selected", "executive_polled", "submitted"]
    if not states:
        return None
    return (select(CommitteeCandidate).where(CommitteeCandidate.state.in_(states))
            .options(joinedload(CommitteeCandidate.member))
            .order_by(CommitteeCandidate.state_changed_at, CommitteeCandidate.id))


# -- services ----------------------------------------------------------------------------------


def in_ward(ward_id: int) -> Any:
    """Members of any unit of the ward (its organizations and their cells)."""
    units = select(OrgUnit.id).where(or_(
        OrgUnit.id == ward_id, OrgUnit.parent_id == ward_id,
        OrgUnit.parent_id.in_(select(OrgUnit.id).where(OrgUnit.parent_id == ward_id))))
    return Member.org_unit_id.in_(units)


def add_candidate(user: Any, body: str, member_id: int) -> CommitteeCandidate:
    """Put a member of the ward into the succession pool for a body or post."""
    if body not in BODIES:
        raise Invalid(_("Choose the body or post."), field="body")
    try:
        with write_transaction() as session:
            congress = congress_or_404()
            member = session.scalar(select(Member).where(Member.id == member_id,
                                                         in_ward(congress.org_unit_id)))
            if member is None:
                raise Invalid(_("Choose a member of the ward's Party organization."),
                              field="member_id")
            if session.scalar(select(CommitteeCandidate.id).where(
                    CommitteeCandidate.congress_id == congress.id,
                    CommitteeCandidate.body == body, CommitteeCandidate.member_id == member.id,
                    CommitteeCandidate.state != "dropped")):
                raise Invalid(_("%(name)s is already a candidate for this body.",
                                name=member.full_name), field="member_id")
            item = CommitteeCandidate(congress_id=congress.id, body=body, member_id=member.id,
                                      author_id=user.id)
            start_item(item, user, {"body": body, "member_id": member.id})
    except IntegrityError:
        raise Invalid(_("This person was added by someone else a moment ago."),
                      field="member_id") from None
    return item


POLL_FIELD_MESSAGES = {
    "voters": lambda: _("Enter how many were entitled to vote (at least 1)."),
    "ballots": lambda: _("There cannot be more ballots than people entitled to vote."),
    "votes_for": lambda: _("Votes for and against cannot exceed the ballots, nor be negative."),
    "votes_against": lambda: _("Votes cannot be negative."),
}


def record_poll(user: Any, candidate_id: int, *, voters: int, ballots: int, votes_for: int,
                votes_against: int, version: int | None) -> TransitionResult:
    item = get_visible_item(ENTITY, candidate_id, user)
    trigger = POLL_TRIGGER_BY_STATE.get(item.state)
    if trigger is None:
        raise Invalid(_("No poll is expected at this stage."))
    try:
        result = poll_result(voters=voters, ballots=ballots, votes_for=votes_for,
                             votes_against=votes_against, base=majority_base())
    except PollError as exc:
        message = POLL_FIELD_MESSAGES.get(exc.field, POLL_FIELD_MESSAGES["votes_for"])()
        raise Invalid(message, field=exc.field) from exc
    return apply_transition(item, trigger, user, expected_version=version,
                            payload={"poll": result.as_dict()})


def record_appointment(user: Any, candidate_id: int, number: str, decided_on: date | None,
                       version: int | None) -> TransitionResult:
    number = (number or "").strip()
    if not number or len(number) > 40:
        raise Invalid(_("Enter the decision number (at most 40 characters)."), field="number")
    if decided_on is None:
        raise Invalid(_("Enter the decision date."), field="decided_on")
    item = get_visible_item(ENTITY, candidate_id, user)
    return apply_transition(item, "appoint", user, expected_version=version, payload={
        "decision_number": number, "decision_date": decided_on.isoformat()})


def get_candidate(user: Any, candidate_id: int) -> CommitteeCandidate:
    item = get_visible_item(ENTITY, candidate_id, user)
    return db.session.scalar(
        select(CommitteeCandidate).where(CommitteeCandidate.id == item.id)
        .options(joinedload(CommitteeCandidate.member).joinedload(Member.org_unit),
                 selectinload(CommitteeCandidate.polls)))


def candidates(body: str = "") -> list[CommitteeCandidate]:
    congress = congress_or_404()
    stmt = (select(CommitteeCandidate).where(CommitteeCandidate.congress_id == congress.id)
            .options(joinedload(CommitteeCandidate.member).joinedload(Member.org_unit)
                     .joinedload(OrgUnit.parent),
                     selectinload(CommitteeCandidate.polls))
            .order_by(CommitteeCandidate.body, CommitteeCandidate.id))
    if body in BODIES:
        stmt = stmt.where(CommitteeCandidate.body == body)
    return db.session.scalars(stmt).unique().all()


def search_members(query: str, limit: int = 20) -> list[Member]:
    query = (query or "").strip().lower()[:100]
    if len(query) < 2:
        return []
    congress = congress_or_404()
    return db.session.scalars(
        select(Member).where(in_ward(congress.org_unit_id),
                             func.lower(Member.full_name).like(f"%{query}%"))
        .options(joinedload(Member.org_unit))
        .order_by(Member.full_name, Member.id).limit(limit)).all()


def organization_kind(member: Member) -> str:
    """The kind of the organization directly under the ward the member belongs to."""
    kind = member.org_unit.kind
    return UnitKind.GRASSROOTS_COMMITTEE if kind == UnitKind.SUB_CELL else kind


def committee_structure(people: list[CommitteeCandidate]) -> Structure:
    congress = congress_or_404()
    live = [(organization_kind(c.member), c.member) for c in people if c.state != "dropped"]
    return structure(live, rules_from(current_app.config, congress.opens_on.year), ORG_KINDS)
