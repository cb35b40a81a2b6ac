"""The quota allocation of the congress: calculate, adjust with a reason, freeze, publish.

The arithmetic is `intranet.personnel.quota` (pure, exact); this module feeds it the
organizations directly under the committee holding the congress with their member counts (a
grassroots committee counts its cells' members), the incumbent Executive Committee as the
ex officio delegates, and records every calculation and adjustment in the audit log.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from intranet.audit import chain
from intranet.db import db, utcnow, write_transaction
from intranet.errors import Invalid, NotFound
from intranet.extensions import gettext as _
from intranet.org.models import (
    Body,
    BodyMembership,
    Congress,
    Member,
    OrgUnit,
    subtree_member_counts,
)
from intranet.org.services import current_congress, current_congress_id
from intranet.personnel.models import ExOfficioDelegate, QuotaAllocation, QuotaLine
from intranet.personnel.quota import Claim, QuotaError, allocate
from intranet.workflow_service import start_item

ENTITY = "quota_allocation"
MAX_ALTERNATES = 20


def congress_or_404() -> Congress:
    congress = current_congress()
    if congress is None:
        raise NotFound(_("No congress is being prepared yet."))
    return congress


def allocation_of(congress: Congress, *, with_lines: bool = True) -> QuotaAllocation | None:
    stmt = select(QuotaAllocation).where(QuotaAllocation.congress_id == congress.id)
    if with_lines:
        stmt = stmt.options(
            selectinload(QuotaAllocation.lines).joinedload(QuotaLine.org_unit),
            selectinload(QuotaAllocation.ex_officio).joinedload(ExOfficioDelegate.member)
            .joinedload(Member.org_unit),
        )
    allocation = db.session.scalar(stmt)
    if allocation is not None:  # its congress is at hand: no second read when asked for
        set_committed_value(allocation, "congress", congress)
    return allocation


@functools.cache
def _current_allocation_statement():
    return (select(QuotaAllocation).where(QuotaAllocation.congress_id == current_congress_id())
            .options(joinedload(QuotaAllocation.congress)))


def published_allocation() -> QuotaAllocation:
    """The allocation organizations nominate against; refused until it is published. With
    its congress, in one statement (every personnel page asks for it), built once."""
    allocation = db.session.scalar(_current_allocation_statement())
    if allocation is None:
        congress_or_404()  # no congress at all: 404
    if allocation is None or allocation.state != "published":
        raise Invalid(_("Nominations open once the quota allocation is published."))
    return allocation


def organizations_of(ward_id: int) -> list[tuple[OrgUnit, int]]:
    """The organizations directly under the committee, each with its members (cells included)."""
    counts = subtree_member_counts(ward_id)
    units = db.session.scalars(
        select(OrgUnit).where(OrgUnit.parent_id == ward_id)
        .order_by(OrgUnit.sort_order, OrgUnit.code)).all()
    return [(unit, counts.get(unit.id, 0)) for unit in units]


def incumbent_executive(ward_id: int) -> list[BodyMembership]:
    """Members of the incumbent Executive Committee (its latest recorded term)."""
    term = db.session.scalar(
        select(func.max(BodyMembership.term))
        .where(BodyMembership.org_unit_id == ward_id, BodyMembership.body == Body.EXECUTIVE))
    if term is None:
        return []
    return db.session.scalars(
        select(BodyMembership)
        .where(BodyMembership.org_unit_id == ward_id, BodyMembership.body == Body.EXECUTIVE,
               BodyMembership.term == term)
        .order_by(BodyMembership.id)).all()


@dataclass(frozen=True)
class Parameters:
    total: int
    minimum: int
    alternates: int


def default_parameters(allocation: QuotaAllocation | None) -> Parameters:
    if allocation is not None:
        return Parameters(allocation.total_delegates, allocation.minimum_per_org,
                          allocation.alternates_per_org)
    config = current_app.config
    return Parameters(config["PERSONNEL_DELEGATE_CAP"], config["PERSONNEL_MINIMUM_PER_ORG"],
                      config["PERSONNEL_ALTERNATES_PER_ORG"])


def calculate_allocation(user: Any, params: Parameters) -> QuotaAllocation:
    """Create the draft allocation, or recalculate it, from the current organizations."""
    cap = current_app.config["PERSONNEL_DELEGATE_CAP"]
    if not 0 < params.total <= cap:
        raise Invalid(_("The total must be between 1 and %(cap)s.", cap=cap), field="total")
    if not 0 <= params.minimum <= 50:
        raise Invalid(_("The minimum must be between 0 and 50."), field="minimum")
    if not 0 <= params.alternates <= MAX_ALTERNATES:
        raise Invalid(_("Alternates per organization must be between 0 and %(n)s.",
                        n=MAX_ALTERNATES), field="alternates")
    with write_transaction() as session:
        congress = congress_or_404()
        allocation = _locked(congress)
        if allocation is not None and allocation.state != "draft":
            raise Invalid(_("The allocation is frozen: reopen it before recalculating."))
        organizations = organizations_of(congress.org_unit_id)
        executive = incumbent_executive(congress.org_unit_id)
        appointed = params.total - len(executive)
        if appointed < 0:
            raise Invalid(_("The total is smaller than the %(n)s ex officio delegates.",
                            n=len(executive)), field="total")
        try:
            result = allocate([Claim(unit.id, members, unit.sort_order)
                               for unit, members in organizations], appointed, params.minimum)
        except QuotaError as exc:
            raise Invalid(_quota_message(exc), field="minimum") from exc

        payload = {"total": params.total, "minimum": params.minimum,
                   "alternates": params.alternates}
        if allocation is None:
            allocation = QuotaAllocation(congress_id=congress.id, author_id=user.id,
                                         total_delegates=params.total,
                                         minimum_per_org=params.minimum,
                                         alternates_per_org=params.alternates)
            start_item(allocation, user, payload)
        else:
            allocation.lines.clear()
            allocation.ex_officio.clear()
            session.flush()  # the old rows go before the new ones take their keys
        allocation.total_delegates = params.total
        allocation.minimum_per_org = params.minimum
        allocation.alternates_per_org = params.alternates
        allocation.ex_officio_count = len(executive)
        allocation.members_total = result.members
        allocation.rounds = result.rounds
        allocation.calculated_at = utcnow()
        shares = result.by_key()
        for unit, _members in organizations:
            share = shares[unit.id]
            allocation.lines.append(QuotaLine(
                org_unit_id=unit.id, sort_order=unit.sort_order, members=share.members,
                quota_num=share.quota.numerator, quota_den=share.quota.denominator,
                final_num=share.final_quota.numerator, final_den=share.final_quota.denominator,
                floor_seats=share.floor, computed_seats=share.seats,
                held_at_minimum=share.held_at_minimum, remainder_seat=share.remainder_seat,
                tied=share.tied, seats=share.seats, alternates=params.alternates))
        for seat in executive:
            allocation.ex_officio.append(ExOfficioDelegate(member_id=seat.member_id,
                                                           position=seat.position))
        ties = [{"remainder": str(t.remainder), "candidates": list(t.candidates),
                 "winners": list(t.winners), "rule": t.rule} for t in result.ties]
        allocation.tie_breaks = chain.canonical_json(ties)
        session.flush()
        chain.append(ENTITY, allocation.id, "calculate", actor=user, payload={
            **payload, "ex_officio": len(executive), "appointed_seats": appointed,
            "organizations": len(organizations), "members": result.members,
            "rounds": result.rounds, "ties": ties})
    return allocation


def adjust_line(user: Any, line_id: int, *, seats: int, alternates: int,
                reason: str) -> QuotaLine:
    """Change one organization's seats or alternates in the draft, with the reason recorded."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give the reason for the adjustment."), field="reason")
    with write_transaction() as session:
        line = session.get(QuotaLine, line_id)
        if line is None:
            raise NotFound()
        allocation = _locked(line.allocation.congress)
        if allocation.state != "draft":
            raise Invalid(_("The allocation is frozen: reopen it before adjusting."))
        if seats < allocation.minimum_per_org or seats > allocation.appointed_seats:
            raise Invalid(_("Seats must be between the minimum (%(min)s) and %(max)s.",
                            min=allocation.minimum_per_org, max=allocation.appointed_seats),
                          field="seats")
        if not 0 <= alternates <= MAX_ALTERNATES:
            raise Invalid(_("Alternates per organization must be between 0 and %(n)s.",
                            n=MAX_ALTERNATES), field="alternates")
        if (seats, alternates) == (line.seats, line.alternates):
            raise Invalid(_("Nothing changed."), field="seats")
        change = {"org_unit_id": line.org_unit_id, "org": line.org_unit.name,
                  "seats": [line.seats, seats], "alternates": [line.alternates, alternates]}
        line.seats, line.alternates = seats, alternates
        line.adjustment_reason = reason[:2000]
        line.adjusted_by_id = user.id
        line.adjusted_at = utcnow()
        chain.append(ENTITY, allocation.id, "adjust", actor=user, reason=reason[:2000],
                     payload=change)
    return line


def _locked(congress: Congress) -> QuotaAllocation | None:
    """The congress's allocation, its row locked (PostgreSQL) against a concurrent freeze."""
    return db.session.scalar(
        select(QuotaAllocation).where(QuotaAllocation.congress_id == congress.id)
        .with_for_update())


def seats_sum(allocation_id: int) -> tuple[int, int]:
    """(lines, seats given out) of an allocation."""
    lines, seats = db.session.execute(
        select(func.count(QuotaLine.id), func.coalesce(func.sum(QuotaLine.seats), 0))
        .where(QuotaLine.allocation_id == allocation_id)).one()
    return lines, seats


def allocation_facts(allocation: QuotaAllocation) -> dict[str, Any]:
    lines, seats = seats_sum(allocation.id)
    return {"lines": lines, "seats_sum": seats, "appointed_seats": allocation.appointed_seats,
            "total": allocation.total_delegates,
            "cap": current_app.config["PERSONNEL_DELEGATE_CAP"]}


def frozen_table(allocation: QuotaAllocation) -> list[list[int]]:
    rows = db.session.execute(
        select(QuotaLine.org_unit_id, QuotaLine.members, QuotaLine.seats, QuotaLine.alternates)
        .where(QuotaLine.allocation_id == allocation.id).order_by(QuotaLine.sort_order)).all()
    return [list(r) for r in rows]


def freeze_effect(allocation: QuotaAllocation, record, payload) -> None:
    """On freezing: check the sum again under the row lock and seal the table with a digest."""
    table = frozen_table(allocation)
    ex_officio = sorted(db.session.scalars(
        select(ExOfficioDelegate.member_id)
        .where(ExOfficioDelegate.allocation_id == allocation.id)))
    if sum(row[2] for row in table) != allocation.appointed_seats:
        raise Invalid(_("The seats changed while freezing; reload and try again."))
    sealed = chain.canonical_json({"total": allocation.total_delegates, "lines": table,
                                   "ex_officio": ex_officio})
    allocation.frozen_digest = hashlib.sha256(sealed.encode()).hexdigest()


def reopen_effect(allocation: QuotaAllocation, record, payload) -> None:
    allocation.frozen_digest = None


def allocation_audit_payload(allocation: QuotaAllocation, record, payload) -> dict:
    if record.trigger == "freeze":
        return {"digest": allocation.frozen_digest, "total": allocation.total_delegates,
                "ex_officio": allocation.ex_officio_count,
                "appointed_seats": allocation.appointed_seats}
    return dict(payload)


def tie_breaks(allocation: QuotaAllocation) -> list[dict]:
    """The recorded tie-breaks with the organizations' names."""
    ties = json.loads(allocation.tie_breaks or "[]")
    names = {line.org_unit_id: line.org_unit.name for line in allocation.lines}
    for tie in ties:
        tie["remainder_value"] = Fraction(tie["remainder"])
        tie["candidate_names"] = [names.get(k, str(k)) for k in tie["candidates"]]
        tie["winner_names"] = [names.get(k, str(k)) for k in tie["winners"]]
    return ties


def _quota_message(exc: QuotaError) -> str:
    if exc.code == "minimum_exceeds_seats":
        return _("A minimum of %(minimum)s seat(s) for each of the %(organizations)s "
                 "organizations needs %(needed)s seats, but only %(seats)s are to be allocated. "
                 "Lower the minimum or raise the total.", **exc.details)
    if exc.code == "no_members":
        return _("No organization has members: there is nothing to allocate by.")
    return _("The allocation cannot be calculated with these figures.")


def line_for(allocation_id: int, org_unit_id: int, *, lock: bool = False) -> QuotaLine | None:
    stmt = select(QuotaLine).where(QuotaLine.allocation_id == allocation_id,
                                   QuotaLine.org_unit_id == org_unit_id)
    if lock:  # PostgreSQL locks no outer-joined row: load the line alone
        return db.session.scalar(stmt.with_for_update())
    return db.session.scalar(stmt.options(joinedload(QuotaLine.org_unit)))
