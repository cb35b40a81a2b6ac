"""Delegate nominations: propose within the quota, vet, approve, appoint, replace.

Every state change goes through `apply_transition` (one transaction and one audit entry per
nomination, bulk actions included). Creation refuses over-quota and duplicate persons with a
message that names the person and the organization.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from intranet.audit import chain
from intranet.db import db, write_transaction
from intranet.errors import AppError, Forbidden, Invalid, NotFound
from intranet.extensions import gettext as _
from intranet.i18n import current_language
from intranet.org.models import Member, OrgUnit
from intranet.personnel import access
from intranet.personnel.allocation import (
    allocation_of,
    congress_or_404,
    line_for,
    published_allocation,
)
from intranet.personnel.models import (
    ALTERNATE,
    OFFICIAL,
    AppointmentDecision,
    ExOfficioDelegate,
    Nomination,
    QuotaAllocation,
    QuotaLine,
    VettingNote,
)
from intranet.workflow_service import apply_transition, get_visible_item, start_item
from workflows import WorkflowError
from workflows.nomination import INACTIVE_STATES

ENTITY = "nomination"
EDITABLE_STATES = ("draft", "returned")
KINDS = (OFFICIAL, ALTERNATE)


def kind_label(kind: str) -> str:
    return _("official delegate") if kind == OFFICIAL else _("alternate delegate")


def active() -> Any:
    return Nomination.state.not_in(INACTIVE_STATES)


# -- organizations -----------------------------------------------------------------------------


def nominating_org(user: Any, org_unit_id: int) -> OrgUnit:
    """An organization directly under the congress's committee that this user may see."""
    congress = congress_or_404()
    unit = db.session.get(OrgUnit, org_unit_id)
    if (unit is None or unit.parent_id != congress.org_unit_id
            or not access.may_view_org(user, unit.id)):
        raise NotFound()
    return unit


def my_organizations(user: Any) -> list[OrgUnit]:
    units = access.secretary_units(user)
    if not units:
        return []
    return db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(units))
                              .order_by(OrgUnit.sort_order)).all()


def org_members(unit: OrgUnit) -> Any:
    """Members of the organization, its cells included."""
    cells = select(OrgUnit.id).where(or_(OrgUnit.id == unit.id, OrgUnit.parent_id == unit.id))
    return Member.org_unit_id.in_(cells)


@dataclass
class OrgPage:
    unit: OrgUnit
    allocation: QuotaAllocation | None
    line: QuotaLine | None
    officials: list[Nomination]
    alternates: list[Nomination]
    inactive: list[Nomination]
    candidates: list[Member]

    def used(self, kind: str) -> int:
        rows = self.officials if kind == OFFICIAL else self.alternates
        return len(rows)

    def limit(self, kind: str) -> int:
        if self.line is None:
            return 0
        return self.line.seats if kind == OFFICIAL else self.line.alternates


def org_page(user: Any, org_unit_id: int) -> OrgPage:
    unit = nominating_org(user, org_unit_id)
    allocation = allocation_of(congress_or_404(), with_lines=False)
    if allocation is None or allocation.state != "published":
        return OrgPage(unit, allocation, None, [], [], [], [])
    line = line_for(allocation.id, unit.id)
    rows = db.session.scalars(
        select(Nomination).where(Nomination.allocation_id == allocation.id,
                                 Nomination.org_unit_id == unit.id)
        .options(joinedload(Nomination.member).joinedload(Member.org_unit),
                 joinedload(Nomination.decision))
        .order_by(Nomination.kind.desc(), Nomination.rank, Nomination.id)).all()
    live = [n for n in rows if n.active]
    taken = select(Nomination.member_id).where(Nomination.allocation_id == allocation.id,
                                               active())
    ex_officio = select(ExOfficioDelegate.member_id).where(
        ExOfficioDelegate.allocation_id == allocation.id)
    candidates = db.session.scalars(
        select(Member).where(org_members(unit), Member.id.not_in(taken),
                             Member.id.not_in(ex_officio))
        .order_by(Member.full_name, Member.id)).all()
    return OrgPage(unit, allocation, line,
                   [n for n in live if n.kind == OFFICIAL],
                   [n for n in live if n.kind == ALTERNATE],
                   [n for n in rows if not n.active], candidates)


# -- proposing ---------------------------------------------------------------------------------


def nominate(user: Any, org_unit_id: int, member_id: int, kind: str) -> Nomination:
    """Propose one person of the organization as an official or the next alternate delegate."""
    if kind not in KINDS:
        raise Invalid(_("Choose official or alternate."), field="kind")
    try:
        with write_transaction() as session:
            allocation = published_allocation()
            unit = nominating_org(user, org_unit_id)
            if not access.may_nominate_for(user, unit.id):
                raise Forbidden(_("Only the organization's secretary (or a clerk entering its "
                                  "paper list) proposes its delegates."))
            line = line_for(allocation.id, unit.id, lock=True)  # one nomination at a time
            member = session.get(Member, member_id)
            if member is None or not session.scalar(
                    select(func.count()).where(org_members(unit), Member.id == member_id)):
                raise Invalid(_("This person is not a member of %(org)s.", org=unit.name),
                              field="member_id")
            _refuse_duplicate(allocation, member)
            used = session.scalar(select(func.count(Nomination.id)).where(
                Nomination.allocation_id == allocation.id, Nomination.org_unit_id == unit.id,
                Nomination.kind == kind, active()))
            limit = line.seats if kind == OFFICIAL else line.alternates
            if used >= limit:
                raise Invalid(_("%(org)s has used all %(limit)s of its seats for %(kind)s: "
                                "%(name)s cannot be added. Withdraw a nomination first.",
                                org=unit.name, limit=limit, kind=kind_label(kind),
                                name=member.full_name), field="kind")
            rank = (session.scalar(select(func.max(Nomination.rank)).where(
                Nomination.allocation_id == allocation.id, Nomination.org_unit_id == unit.id,
                Nomination.kind == kind)) or 0) + 1
            item = Nomination(allocation_id=allocation.id, org_unit_id=unit.id,
                              member_id=member.id, kind=kind, rank=rank, author_id=user.id)
            start_item(item, user, {"member_id": member.id, "org_unit_id": unit.id,
                                    "kind": kind, "rank": rank})
    except IntegrityError:
        # Someone nominated the same person at the same moment; the unique index refused it.
        raise Invalid(_("This person was nominated by someone else a moment ago."),
                      field="member_id") from None
    return item


def _refuse_duplicate(allocation: QuotaAllocation, member: Member) -> None:
    if db.session.scalar(select(ExOfficioDelegate.id).where(
            ExOfficioDelegate.allocation_id == allocation.id,
            ExOfficioDelegate.member_id == member.id)):
        raise Invalid(_("%(name)s is an ex officio delegate (a member of the incumbent "
                        "Executive Committee) and is not nominated.", name=member.full_name),
                      field="member_id")
    other = db.session.scalar(
        select(Nomination).where(Nomination.allocation_id == allocation.id,
                                 Nomination.member_id == member.id, active())
        .options(joinedload(Nomination.org_unit)))
    if other is not None:
        raise Invalid(_("%(name)s is already nominated as %(kind)s by %(org)s.",
                        name=member.full_name, kind=kind_label(other.kind),
                        org=other.org_unit.name), field="member_id")


def move_alternate(user: Any, nomination_id: int, direction: int) -> Nomination:
    """Swap an alternate with the one ranked just above (-1) or below (+1) it."""
    with write_transaction() as session:
        item = get_visible_item(ENTITY, nomination_id, user)
        if not access.may_nominate_for(user, item.org_unit_id):
            raise Forbidden()
        if item.kind != ALTERNATE or item.state not in EDITABLE_STATES:
            raise Invalid(_("Only alternates still in draft or returned can be reordered."))
        line_for(item.allocation_id, item.org_unit_id, lock=True)
        order = Nomination.rank.asc() if direction > 0 else Nomination.rank.desc()
        beyond = Nomination.rank > item.rank if direction > 0 else Nomination.rank < item.rank
        neighbour = session.scalar(
            select(Nomination).where(
                Nomination.allocation_id == item.allocation_id,
                Nomination.org_unit_id == item.org_unit_id, Nomination.kind == ALTERNATE,
                active(), beyond).order_by(order).limit(1))
        if neighbour is None:
            raise Invalid(_("This alternate cannot move further."))
        if neighbour.state not in EDITABLE_STATES:
            raise Invalid(_("%(name)s is already past the draft: the order above it is "
                            "fixed.", name=neighbour.member.full_name))
        item.rank, neighbour.rank = neighbour.rank, item.rank
        for moved in (item, neighbour):
            chain.append(ENTITY, moved.id, "rank", actor=user, payload={"rank": moved.rank})
    return item


# -- moving many at once -----------------------------------------------------------------------


@dataclass
class BulkOutcome:
    done: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)

    @property
    def ids(self) -> list[int]:
        return [*self.done, *self.refused]


def fire_many(user: Any, ids: Iterable[int], trigger: str, *, reason: str | None = None,
              versions: Mapping[int, int] | None = None,
              payload: Mapping[str, Any] | None = None) -> BulkOutcome:
    """Fire one trigger on many nominations, each in its own transaction with its own audit."""
    outcome = BulkOutcome()
    versions = versions or {}
    for item_id in dict.fromkeys(ids):
        try:
            item = get_visible_item(ENTITY, item_id, user)
            apply_transition(item, trigger, user, reason=reason,
                             expected_version=versions.get(item_id), payload=payload)
        except WorkflowError as exc:
            outcome.refused[item_id] = exc.message.get(current_language())
        except AppError as exc:
            outcome.refused[item_id] = exc.message
        else:
            outcome.done.append(item_id)
    return outcome


def submit_drafts(user: Any, org_unit_id: int) -> BulkOutcome:
    """Send every draft (and returned) nomination of the organization for vetting."""
    unit = nominating_org(user, org_unit_id)
    if not access.may_nominate_for(user, unit.id):
        raise Forbidden()
    allocation = published_allocation()
    ids = db.session.scalars(
        select(Nomination.id).where(Nomination.allocation_id == allocation.id,
                                    Nomination.org_unit_id == unit.id,
                                    Nomination.state.in_(EDITABLE_STATES))
        .order_by(Nomination.kind.desc(), Nomination.rank)).all()
    if not ids:
        raise Invalid(_("There is no draft to send."))
    return fire_many(user, ids, "submit")


def record_decision(user: Any, number: str, decided_on: date | None) -> AppointmentDecision:
    """The appointment decision with this number (created on first use)."""
    number = (number or "").strip()
    if not number or len(number) > 40:
        raise Invalid(_("Enter the decision number (at most 40 characters)."), field="number")
    if decided_on is None:
        raise Invalid(_("Enter the decision date."), field="decided_on")
    with write_transaction() as session:
        congress = congress_or_404()
        decision = session.scalar(select(AppointmentDecision).where(
            AppointmentDecision.congress_id == congress.id,
            AppointmentDecision.number == number))
        if decision is None:
            decision = AppointmentDecision(congress_id=congress.id, number=number,
                                           decided_on=decided_on, created_by_id=user.id)
            session.add(decision)
            session.flush()
            chain.append("appointment_decision", decision.id, "create", actor=user,
                         payload={"number": number, "decided_on": decided_on.isoformat()})
        elif decision.decided_on != decided_on:
            raise Invalid(_("Decision %(number)s is already recorded with the date %(date)s.",
                            number=number, date=decision.decided_on.strftime("%d/%m/%Y")),
                          field="decided_on")
    return decision


def appoint(user: Any, ids: Iterable[int], number: str, decided_on: date | None,
            versions: Mapping[int, int] | None = None) -> tuple[AppointmentDecision, BulkOutcome]:
    """Appoint the selected approved nominations by one decision (number and date)."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise Invalid(_("Select at least one nomination."), field="ids")
    approved = db.session.scalar(select(func.count(Nomination.id)).where(
        Nomination.id.in_(ids), Nomination.state == "approved"))
    if not approved:
        raise Invalid(_("None of the selected nominations is approved yet."), field="ids")
    decision = record_decision(user, number, decided_on)
    outcome = fire_many(user, ids, "appoint", versions=versions, payload={
        "decision_id": decision.id, "decision_number": decision.number,
        "decision_date": decision.decided_on.isoformat()})
    return decision, outcome


def not_summon(user: Any, nomination_id: int, category: str, reason: str,
               version: int | None) -> Nomination:
    item = get_visible_item(ENTITY, nomination_id, user)
    return apply_transition(item, "not_summon", user, reason=reason, expected_version=version,
                            payload={"category": category}).item


# -- confidential vetting notes ----------------------------------------------------------------


@dataclass(frozen=True)
class NoteView:
    body: str
    author: str
    created_at: Any


def add_vetting_note(user: Any, nomination_id: int, body: str) -> None:
    body = (body or "").strip()
    if not access.may_write_notes(user):
        raise Forbidden()
    if not body or len(body) > 5000:
        raise Invalid(_("Write the note (at most 5,000 characters)."), field="body")
    with write_transaction() as session:
        item = get_visible_item(ENTITY, nomination_id, user)
        note = VettingNote(nomination_id=item.id, author_id=user.id, body=body)
        session.add(note)
        session.flush()
        # The text stays out of the audit log: it is confidential.
        chain.append(ENTITY, item.id, "add_note", actor=user, payload={"note_id": note.id})


def read_vetting_notes(user: Any, nomination_id: int) -> list[NoteView]:
    """The notes of one nomination, for the roles allowed; the read itself is audited."""
    if not access.may_read_notes(user):
        raise Forbidden()
    with write_transaction() as session:
        item = get_visible_item(ENTITY, nomination_id, user)
        notes = session.scalars(select(VettingNote).where(VettingNote.nomination_id == item.id)
                                .options(joinedload(VettingNote.author))
                                .order_by(VettingNote.id)).all()
        views = [NoteView(n.body, n.author.display_name if n.author else "—", n.created_at)
                 for n in notes]
        chain.append(ENTITY, item.id, "read_notes", actor=user,
                     payload={"notes": [n.id for n in notes]})
    return views


def note_counts(ids: Iterable[int]) -> dict[int, int]:
    ids = list(ids)
    if not ids:
        return {}
    return dict(db.session.execute(
        select(VettingNote.nomination_id, func.count(VettingNote.id))
        .where(VettingNote.nomination_id.in_(ids)).group_by(VettingNote.nomination_id)).all())


# -- one nomination ----------------------------------------------------------------------------


def get_nomination(user: Any, nomination_id: int) -> Nomination:
    item = get_visible_item(ENTITY, nomination_id, user)
    return db.session.scalar(
        select(Nomination).where(Nomination.id == item.id)
        .options(joinedload(Nomination.member).joinedload(Member.org_unit),
                 joinedload(Nomination.org_unit), joinedload(Nomination.decision),
                 joinedload(Nomination.replaced_by).joinedload(Nomination.member),
                 joinedload(Nomination.replaces).joinedload(Nomination.member)))


def next_alternate(item: Nomination, *, lock: bool = False) -> Nomination | None:
    """The organization's best-ranked appointed alternate (who takes a vacated seat)."""
    stmt = (select(Nomination).where(
        Nomination.allocation_id == item.allocation_id,
        Nomination.org_unit_id == item.org_unit_id, Nomination.kind == ALTERNATE,
        Nomination.state == "appointed").order_by(Nomination.rank, Nomination.id).limit(1))
    if lock:
        stmt = stmt.with_for_update()
    return db.session.scalar(stmt)


def state_counts(allocation: QuotaAllocation) -> dict[tuple[str, str], int]:
    """(kind, state) -> number of nominations, for the overview."""
    rows = db.session.execute(
        select(Nomination.kind, Nomination.state, func.count(Nomination.id))
        .where(Nomination.allocation_id == allocation.id)
        .group_by(Nomination.kind, Nomination.state)).all()
    return {(kind, state): n for kind, state, n in rows}


def decision_annex(decision_id: int) -> tuple[AppointmentDecision, list[Nomination]]:
    """A decision and the delegates it appointed, officials first, as the decision named them."""
    congress = congress_or_404()
    decision = db.session.get(AppointmentDecision, decision_id)
    if decision is None or decision.congress_id != congress.id:
        raise NotFound()
    rows = db.session.scalars(
        select(Nomination).where(Nomination.decision_id == decision.id)
        .options(joinedload(Nomination.member), joinedload(Nomination.org_unit))
        .join(Nomination.org_unit)
        .order_by(Nomination.appointed_as.desc(), OrgUnit.sort_order, Nomination.rank,
                  Nomination.id)).all()
    return decision, rows


def decisions() -> list[tuple[AppointmentDecision, int]]:
    """The congress's appointment decisions with how many delegates each appointed."""
    congress = congress_or_404()
    return db.session.execute(
        select(AppointmentDecision, func.count(Nomination.id))
        .outerjoin(Nomination, Nomination.decision_id == AppointmentDecision.id)
        .where(AppointmentDecision.congress_id == congress.id)
        .group_by(AppointmentDecision.id)
        .order_by(AppointmentDecision.decided_on, AppointmentDecision.id)).all()
