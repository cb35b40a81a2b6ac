"""The personnel workflows bound to their tables: facts for the guards, effects, recipients,
tasks and object scope (a secretary sees their own organization only; others answer 404)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from intranet.audit import chain
from intranet.auth.models import RoleAssignment, User
from intranet.db import db, utcnow
from intranet.errors import Invalid
from intranet.i18n import current_language
from intranet.org.services import current_congress_id
from intranet.personnel import access, allocation, committee
from intranet.personnel.holds import holds_for, holds_text
from intranet.personnel.models import (
    OFFICIAL,
    CommitteeCandidate,
    Nomination,
    QuotaAllocation,
    QuotaLine,
)
from intranet.personnel.services import active, next_alternate
from intranet.workflow_service import WorkflowBinding, register
from workflows import Text
from workflows.committee_nomination import DEFINITION as COMMITTEE
from workflows.nomination import DEFINITION as NOMINATION
from workflows.nomination import KIND_LABELS
from workflows.quota_allocation import DEFINITION as QUOTA
from workflows.roles import Role

PERSONNEL_VIEWERS = access.SEE_ALL | {Role.SECRETARY}

# -- the quota allocation ----------------------------------------------------------------------


def _allocation_tasks(user: Any):
    roles = user.role_names
    states = []
    if roles & {Role.PERSONNEL, Role.STANDING}:
        states.append("draft")
    if Role.STANDING in roles:
        states.append("frozen")
    if not states:
        return None
    return select(QuotaAllocation).where(QuotaAllocation.state.in_(states),
                                         QuotaAllocation.congress_id == current_congress_id()) \
        .order_by(QuotaAllocation.id)


ALLOCATION = register(WorkflowBinding(
    entity_type="quota_allocation",
    model=QuotaAllocation,
    definition=QUOTA,
    describe=lambda item: f"Phân bổ đại biểu / Delegate quota: {item.total_delegates}",
    url=lambda item: "/personnel/quota",
    facts=lambda item, payload: allocation.allocation_facts(item),
    effects={"freeze": allocation.freeze_effect, "reopen": allocation.reopen_effect},
    scope_of=lambda item: None,
    tasks=_allocation_tasks,
    can_view=lambda user, item: bool(user.role_names & PERSONNEL_VIEWERS),
    audit_payload=allocation.allocation_audit_payload,
))


# -- delegate nominations ----------------------------------------------------------------------


def nomination_facts(item: Nomination, payload: Any) -> dict[str, Any]:
    line = db.session.execute(
        select(QuotaLine.seats, QuotaLine.alternates).where(
            QuotaLine.allocation_id == item.allocation_id,
            QuotaLine.org_unit_id == item.org_unit_id)).one_or_none()
    seats = 0 if line is None else (line.seats if item.kind == OFFICIAL else line.alternates)
    used = db.session.scalar(select(func.count(Nomination.id)).where(
        Nomination.allocation_id == item.allocation_id,
        Nomination.org_unit_id == item.org_unit_id, Nomination.kind == item.kind,
        Nomination.id != item.id, active()))
    org = item.org_unit.name
    holds = holds_for([item.member_id]).get(item.member_id, [])
    facts: dict[str, Any] = {
        "org": Text(org, org), "kind_label": KIND_LABELS[item.kind], "seats": seats,
        "used": used, "holds": [h.reference for h in holds], "holds_text": holds_text(holds),
        "next_alternate": None, "alternate_holds": [], "alternate_holds_text": Text("", ""),
    }
    if item.kind == OFFICIAL and item.state in ("appointed", "replacement_requested"):
        alternate = next_alternate(item)
        if alternate is not None:
            facts["next_alternate"] = alternate.id
            alt_holds = holds_for([alternate.member_id]).get(alternate.member_id, [])
            facts["alternate_holds"] = [h.reference for h in alt_holds]
            facts["alternate_holds_text"] = holds_text(alt_holds)
    return facts


def _acting_user(record) -> User | None:
    return db.session.get(User, record.actor_id)


def _appoint(item: Nomination, record, payload) -> None:
    item.decision_id = int(payload["decision_id"])
    item.appointed_as = item.kind


def _reconsider(item: Nomination, record, payload) -> None:
    item.decision_id = None
    item.appointed_as = None


def _not_summon(item: Nomination, record, payload) -> None:
    item.not_summoned_reason = payload["category"]


def _request_replacement(item: Nomination, record, payload) -> None:
    item.replacement_reason = record.reason


def _reject_replacement(item: Nomination, record, payload) -> None:
    item.replacement_reason = None


def _promote_alternate(item: Nomination, record, payload) -> None:
    """The next appointed alternate of the organization takes the official's seat."""
    alternate = next_alternate(item, lock=True)
    if alternate is None:
        raise Invalid(NOMINATION.guards["alternate_available"].refusal.format(
            org=Text(item.org_unit.name, item.org_unit.name)).get(current_language()))
    alternate.kind = OFFICIAL
    alternate.rank = item.rank
    alternate.replaces_id = item.id
    alternate.promoted_at = utcnow()
    item.replaced_by_id = alternate.id
    chain.append("nomination", alternate.id, "promote", actor=_acting_user(record),
                 payload={"replaces": item.id, "member_id": alternate.member_id})


def _recipients(item: Nomination, record) -> list[int]:
    """The organization's secretaries and whoever proposed the nomination."""
    users = set(db.session.scalars(select(RoleAssignment.user_id).where(
        RoleAssignment.role == Role.SECRETARY, RoleAssignment.org_unit_id == item.org_unit_id)))
    if item.author_id:
        users.add(item.author_id)
    return sorted(users)


def _nomination_tasks(user: Any):
    roles = user.role_names
    conditions = []
    if Role.PERSONNEL in roles:
        conditions.append(Nomination.state == "submitted")
    if Role.STANDING in roles:
        conditions.append(Nomination.state.in_(("vetted", "approved", "replacement_requested")))
    units = access.secretary_units(user)
    if units:
        conditions.append(Nomination.state.in_(("draft", "returned"))
                          & Nomination.org_unit_id.in_(units))
    if not conditions:
        return None
    this_congress = Nomination.allocation_id.in_(select(QuotaAllocation.id).where(
        QuotaAllocation.congress_id == current_congress_id()))
    return (select(Nomination).where(this_congress, or_(*conditions))
            .options(joinedload(Nomination.member), joinedload(Nomination.org_unit))
            .order_by(Nomination.state_changed_at, Nomination.id))


AUDITED_PAYLOAD = ("decision_id", "decision_number", "decision_date", "category", "letter")

NOMINATIONS = register(WorkflowBinding(
    entity_type="nomination",
    model=Nomination,
    definition=NOMINATION,
    describe=lambda item: f"{item.member.full_name} — {item.org_unit.name}",
    url=lambda item: f"/personnel/nominations/{item.id}",
    facts=nomination_facts,
    effects={"appoint": _appoint, "reconsider": _reconsider, "refer_back": _reconsider,
             "not_summon": _not_summon,
             "request_replacement": _request_replacement,
             "reject_replacement": _reject_replacement,
             "approve_replacement": _promote_alternate},
    recipients=_recipients,
    tasks=_nomination_tasks,
    own_forms=frozenset({"appoint", "not_summon", "refer_back"}),  # refer_back: by a letter
    can_view=access.can_view_nomination,
    # Only these keys reach the audit log (never free text from a form).
    audit_payload=lambda item, record, payload: {
        k: payload[k] for k in AUDITED_PAYLOAD if k in payload},
))


# -- committee personnel -----------------------------------------------------------------------

CANDIDATES = register(WorkflowBinding(
    entity_type="committee_nomination",
    model=CommitteeCandidate,
    definition=COMMITTEE,
    describe=committee.describe,
    url=lambda item: f"/personnel/committee/{item.id}",
    facts=committee.candidate_facts,
    effects={"record_key_cadre_poll": committee.store_poll,
             "record_executive_poll": committee.store_poll,
             "appoint": committee.store_decision},
    scope_of=lambda item: None,
    tasks=committee.candidate_tasks,
    own_forms=frozenset({"record_key_cadre_poll", "record_executive_poll", "appoint"}),
    can_view=lambda user, item: access.may_see_committee(user),
    audit_payload=committee.audit_payload,
))
