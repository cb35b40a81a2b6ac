"""Congress days: the delegate roster built from the personnel data, signed delegate cards,
check-in (QR or by name), absences, live attendance and votes by show of cards.

Check-ins and votes are audited writes (`chain.append` in the same short transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from intranet.audit import chain
from intranet.clock import local_today
from intranet.congress.models import (
    APPOINTED,
    EX_OFFICIO,
    Absence,
    AgendaItem,
    CheckIn,
    CongressSession,
    Delegate,
    Vote,
)
from intranet.db import db, write_transaction
from intranet.errors import Conflict, Invalid, NotFound
from intranet.extensions import gettext as _
from intranet.i18n import share_of
from intranet.org.models import Congress, Member, OrgUnit
from intranet.org.services import current_congress
from intranet.personnel.models import ExOfficioDelegate, Nomination, QuotaAllocation

ENTITY = "congress_delegate"
SUMMONED_STATES = ("appointed", "replacement_requested")  # official nominations summoned
TOKEN_SALT = "congress.delegate-card"  # noqa: S105  # nosec B105  # a purpose, not a secret
PER_PAGE = 50
MAX_COUNT = 100_000


def congress_or_404() -> Congress:
    congress = current_congress()
    if congress is None:
        raise NotFound(_("No congress is being prepared yet."))
    return congress


# -- the roster ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summoned:
    """A person the personnel data summon: ex officio, or an appointed official delegate."""

    member_id: int
    category: str
    org_unit_id: int | None
    nomination_id: int | None


def personnel_summoned(congress: Congress) -> list[Summoned]:
    """Who the personnel data summon, in card order: ex officio first, then by organization."""
    allocation_id = select(QuotaAllocation.id).where(
        QuotaAllocation.congress_id == congress.id).scalar_subquery()
    ex_officio = db.session.execute(
        select(ExOfficioDelegate.member_id).where(ExOfficioDelegate.allocation_id
                                                  == allocation_id)
        .order_by(ExOfficioDelegate.id)).scalars().all()
    officials = db.session.execute(
        select(Nomination.member_id, Nomination.org_unit_id, Nomination.id)
        .join(OrgUnit, OrgUnit.id == Nomination.org_unit_id)
        .where(Nomination.allocation_id == allocation_id, Nomination.kind == "official",
               Nomination.state.in_(SUMMONED_STATES))
        .order_by(OrgUnit.sort_order, Nomination.rank, Nomination.id)).all()
    return ([Summoned(m, EX_OFFICIO, None, None) for m in ex_officio]
            + [Summoned(m, APPOINTED, o, n) for m, o, n in officials])


def personnel_outcomes(congress: Congress) -> dict[str, int]:
    """Official nominations replaced or not summoned, as the personnel data record them."""
    allocation_id = select(QuotaAllocation.id).where(
        QuotaAllocation.congress_id == congress.id).scalar_subquery()
    rows = db.session.execute(
        select(Nomination.state, func.count()).where(
            Nomination.allocation_id == allocation_id,
            Nomination.state.in_(("replaced", "not_summoned")))
        .group_by(Nomination.state)).all()
    counts = dict(rows)
    return {"replaced": counts.get("replaced", 0), "not_summoned": counts.get("not_summoned", 0)}


@dataclass(frozen=True)
class RosterChange:
    added: int
    left: int
    returned: int
    total: int


def sync_roster(user: Any) -> RosterChange:
    """Bring the roster in line with the personnel data: new delegates get the next numbers,
    those no longer summoned leave (their cards are refused), those summoned again return."""
    congress = congress_or_404()
    with write_transaction():
        summoned = personnel_summoned(congress)
        by_member = {d.member_id: d for d in db.session.scalars(
            select(Delegate).where(Delegate.congress_id == congress.id))}
        states = dict(db.session.execute(
            select(Nomination.id, Nomination.state).where(
                Nomination.id.in_([d.nomination_id for d in by_member.values()
                                   if d.nomination_id]))).all())
        wanted = {s.member_id for s in summoned}
        number = max((d.number for d in by_member.values()), default=0)
        added = left = returned = 0
        for person in summoned:
            delegate = by_member.get(person.member_id)
            if delegate is None:
                number += 1
                db.session.add(Delegate(
                    congress_id=congress.id, number=number, member_id=person.member_id,
                    category=person.category, org_unit_id=person.org_unit_id,
                    nomination_id=person.nomination_id))
                added += 1
            elif delegate.left_reason is not None:
                delegate.left_reason = None
                delegate.generation += 1  # a new card: the old one stays refused
                returned += 1
        for delegate in by_member.values():
            if delegate.member_id not in wanted and delegate.left_reason is None:
                delegate.left_reason = states.get(delegate.nomination_id, "removed")[:20]
                left += 1
        change = RosterChange(added, left, returned, len(wanted))
        chain.append("congress", congress.id, "roster_sync", actor=user, payload={
            "added": added, "left": left, "returned": returned, "total": len(wanted)})
    from intranet.congress.credentials import open_report

    open_report(user, congress)
    return change


def active_delegates(congress_id: int):
    return and_(Delegate.congress_id == congress_id, Delegate.left_reason.is_(None))


def get_delegate(delegate_id: int) -> Delegate:
    congress = congress_or_404()
    delegate = db.session.scalar(
        select(Delegate).where(Delegate.id == delegate_id, Delegate.congress_id == congress.id)
        .options(joinedload(Delegate.member).joinedload(Member.org_unit),
                 joinedload(Delegate.org_unit)))
    if delegate is None:
        raise NotFound()
    return delegate


def roster_page(congress: Congress, q: str = "", page: int = 1,
                per_page: int = PER_PAGE) -> tuple[list[Delegate], int]:
    stmt = select(Delegate).where(Delegate.congress_id == congress.id)
    if q:
        stmt = stmt.join(Member, Member.id == Delegate.member_id).where(
            func.lower(Member.full_name).contains(q.lower()))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = db.session.scalars(
        stmt.options(joinedload(Delegate.member).joinedload(Member.org_unit),
                     joinedload(Delegate.org_unit))
        .order_by(Delegate.number).offset((page - 1) * per_page).limit(per_page)).all()
    return list(rows), total


def reissue_card(user: Any, delegate_id: int) -> Delegate:
    """A new card for a lost one: the old card's token is refused from now on."""
    delegate = get_delegate(delegate_id)
    with write_transaction():
        delegate = db.session.get(Delegate, delegate.id, populate_existing=True)
        delegate.generation += 1
        chain.append(ENTITY, delegate.id, "reissue_card", actor=user,
                     payload={"generation": delegate.generation})
    return get_delegate(delegate_id)


# -- signed card tokens ----------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def card_token(delegate: Delegate) -> str:
    return _serializer().dumps([delegate.id, delegate.generation])


def card_url(delegate: Delegate) -> str:
    """The address in the card's QR code: a phone's camera app opens it at the desk."""
    base = current_app.config.get("INTRANET_BASE_URL")
    path = url_for("congress.scan_page", token=card_token(delegate))
    return f"{base.rstrip('/')}{path}" if base else url_for(
        "congress.scan_page", token=card_token(delegate), _external=True)


def token_from(code: str) -> str:
    """A scanner types either the token or the whole URL printed in the QR code."""
    code = (code or "").strip()
    if "/" in code:
        code = urlsplit(code).path.rstrip("/").rsplit("/", 1)[-1]
    return code[:200]


def delegate_for_token(token: str) -> Delegate:
    """The delegate a card belongs to; a forged, damaged, revoked or superseded card is
    refused with a message the desk can read out."""
    congress = congress_or_404()
    try:
        value = _serializer().loads(token_from(token))
        delegate_id, generation = int(value[0]), int(value[1])
    except (BadSignature, TypeError, ValueError, IndexError):
        raise Invalid(_("This is not a valid delegate card: the code was not issued by this "
                        "congress. Check the person's identity and check them in by name."),
                      field="code") from None
    delegate = db.session.scalar(
        select(Delegate).where(Delegate.id == delegate_id, Delegate.congress_id == congress.id)
        .options(joinedload(Delegate.member), joinedload(Delegate.org_unit)))
    if delegate is None:
        raise Invalid(_("This delegate card does not belong to this congress."), field="code")
    if delegate.generation != generation:
        raise Invalid(_("This delegate card has been revoked (a new card was issued to "
                        "%(name)s). Ask for the new card.", name=delegate.member.full_name),
                      field="code")
    if delegate.left_reason is not None:
        raise Invalid(_("%(name)s is no longer summoned to the congress: the card is refused.",
                        name=delegate.member.full_name), field="code")
    return delegate


# -- sessions and check-in -------------------------------------------------------------------


def sessions(congress: Congress) -> list[CongressSession]:
    return list(db.session.scalars(
        select(CongressSession).where(CongressSession.congress_id == congress.id)
        .order_by(CongressSession.position)))


def get_session(session_id: int | None) -> CongressSession:
    """The session asked for; without one, the session held today, else the first."""
    congress = congress_or_404()
    stmt = select(CongressSession).where(CongressSession.congress_id == congress.id)
    if session_id:
        stmt = stmt.where(CongressSession.id == session_id)
    found = db.session.scalars(stmt.order_by(CongressSession.position)).all()
    if not found:
        raise NotFound(_("The congress has no session yet."))
    today = local_today()
    return next((s for s in found if s.held_on == today), found[0])


@dataclass(frozen=True)
class CheckInOutcome:
    delegate: Delegate
    session: CongressSession
    already: bool
    at: datetime | None


def check_in(user: Any, session_id: int, delegate: Delegate, method: str) -> CheckInOutcome:
    """Record a delegate present at a session, once. A repeated scan (or two desks scanning
    the same card at once: the unique constraint decides) answers "already checked in"."""
    session = get_session(session_id)
    if delegate.congress_id != session.congress_id or delegate.left_reason is not None:
        raise Invalid(_("%(name)s is not summoned to this congress.",
                        name=delegate.member.full_name))
    try:
        with write_transaction():
            existing = db.session.scalar(select(CheckIn).where(
                CheckIn.session_id == session.id, CheckIn.delegate_id == delegate.id))
            if existing is not None:
                return CheckInOutcome(delegate, session, True, existing.checked_at)
            row = CheckIn(session_id=session.id, delegate_id=delegate.id, method=method,
                          recorded_by_id=user.id)
            db.session.add(row)
            db.session.flush()
            chain.append(ENTITY, delegate.id, "check_in", actor=user,
                         payload={"session_id": session.id, "method": method})
            at = row.checked_at
    except IntegrityError:
        at = db.session.scalar(select(CheckIn.checked_at).where(
            CheckIn.session_id == session.id, CheckIn.delegate_id == delegate.id))
        return CheckInOutcome(delegate, session, True, at)
    return CheckInOutcome(delegate, session, False, at)


def record_absence(user: Any, session_id: int, delegate_id: int, reason: str) -> Absence:
    session = get_session(session_id)
    delegate = get_delegate(delegate_id)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give the reason for the absence."), field="reason")
    if len(reason) > 500:
        raise Invalid(_("The reason is too long (500 characters at most)."), field="reason")
    try:
        with write_transaction():
            present = db.session.scalar(select(CheckIn.id).where(
                CheckIn.session_id == session.id, CheckIn.delegate_id == delegate.id))
            if present is not None:
                raise Conflict(_("%(name)s is checked in at this session.",
                                 name=delegate.member.full_name))
            absence = Absence(session_id=session.id, delegate_id=delegate.id, reason=reason,
                              recorded_by_id=user.id)
            db.session.add(absence)
            db.session.flush()
            # The reason may be personal: the audit entry says that one was given, not what.
            chain.append(ENTITY, delegate.id, "record_absence", actor=user,
                         payload={"session_id": session.id})
    except IntegrityError:
        raise Conflict(_("An absence is already recorded for %(name)s at this session.",
                         name=delegate.member.full_name)) from None
    return absence


def search_delegates(congress: Congress, session_id: int, q: str,
                     limit: int = 10) -> list[tuple[Delegate, bool]]:
    """Delegates whose name (or card number) matches, each with "checked in at this session"."""
    q = (q or "").strip()
    if not q:
        return []
    condition = func.lower(Member.full_name).contains(q.lower())
    if q.isascii() and q.isdigit():
        condition = or_(condition, Delegate.number == int(q))
    present = select(CheckIn.id).where(CheckIn.session_id == session_id,
                                       CheckIn.delegate_id == Delegate.id).exists()
    rows = db.session.execute(
        select(Delegate, present).join(Member, Member.id == Delegate.member_id)
        .where(active_delegates(congress.id), condition)
        .options(joinedload(Delegate.member).joinedload(Member.org_unit),
                 joinedload(Delegate.org_unit))
        .order_by(Delegate.number).limit(limit)).all()
    return [(d, bool(p)) for d, p in rows]


def recent_check_ins(session_id: int, limit: int = 8) -> list[CheckIn]:
    return list(db.session.scalars(
        select(CheckIn).where(CheckIn.session_id == session_id)
        .options(joinedload(CheckIn.delegate).joinedload(Delegate.member))
        .order_by(CheckIn.checked_at.desc(), CheckIn.id.desc()).limit(limit)))


# -- attendance ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    key: str
    label: str
    summoned: int
    present: int

    @property
    def share(self) -> Decimal | None:
        """Present out of summoned, for the percent filter (12,5% in Vietnamese)."""
        return share_of(self.present, self.summoned)


@dataclass(frozen=True)
class Attendance:
    session: CongressSession
    total: AttendanceRow
    by_kind: list[AttendanceRow]
    by_org: list[AttendanceRow]
    orgs_total: int
    excused: int


def attendance(session: CongressSession, page: int = 1, per_page: int = PER_PAGE) -> Attendance:
    """Present / summoned for a session, overall, by kind of organization and by organization
    (ex officio delegates form their own row). A fixed number of queries."""
    from intranet.web import unit_kind_label

    present = func.count(CheckIn.id)
    joined = (select(Delegate.org_unit_id, func.count(Delegate.id), present)
              .outerjoin(CheckIn, and_(CheckIn.delegate_id == Delegate.id,
                                       CheckIn.session_id == session.id))
              .where(active_delegates(session.congress_id)))
    per_org = db.session.execute(joined.group_by(Delegate.org_unit_id)).all()
    units = {u.id: u for u in db.session.scalars(
        select(OrgUnit).where(OrgUnit.id.in_([o for o, _n, _p in per_org if o])))}
    rows = []
    kinds: dict[str, list[int]] = {}
    for org_id, summoned, here in per_org:
        unit = units.get(org_id)
        key = unit.kind if unit else EX_OFFICIO
        label = unit.name if unit else _("Ex officio delegates")
        rows.append((unit.sort_order if unit else -1, AttendanceRow(str(org_id or ""), label,
                                                                    summoned, here)))
        tally = kinds.setdefault(key, [0, 0])
        tally[0] += summoned
        tally[1] += here
    rows.sort(key=lambda pair: pair[0])
    ordered = [r for _o, r in rows]
    kind_order = (EX_OFFICIO, "grassroots_committee", "grassroots_cell", "affiliated_cell")
    by_kind = [AttendanceRow(k, _("Ex officio delegates") if k == EX_OFFICIO
                             else unit_kind_label(k), *kinds[k])
               for k in sorted(kinds, key=lambda k: kind_order.index(k)
                               if k in kind_order else 99)]
    total = AttendanceRow("total", _("Total"), sum(r.summoned for r in ordered),
                          sum(r.present for r in ordered))
    excused = db.session.scalar(
        select(func.count(Absence.id)).join(Delegate, Delegate.id == Absence.delegate_id)
        .where(Absence.session_id == session.id, active_delegates(session.congress_id)))
    start = (page - 1) * per_page
    return Attendance(session, total, by_kind, ordered[start:start + per_page], len(ordered),
                      excused or 0)


# -- votes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Base:
    summoned: int
    absent_throughout: int

    @property
    def value(self) -> int:
        return self.summoned - self.absent_throughout


def vote_base(congress_id: int) -> Base:
    """Delegates summoned minus those absent throughout (checked in at no session)."""
    attended = select(CheckIn.id).join(CongressSession,
                                       CongressSession.id == CheckIn.session_id).where(
        CheckIn.delegate_id == Delegate.id, CongressSession.congress_id == congress_id).exists()
    summoned, absent = db.session.execute(
        select(func.count(Delegate.id), func.coalesce(func.sum(case((~attended, 1), else_=0)), 0))
        .where(active_delegates(congress_id))).one()
    return Base(summoned, absent)


def passes(votes_for: int, base: int) -> bool:
    """More than half of the base: exactly half fails."""
    return 2 * votes_for > base


def _count(value: Any, field: str) -> int:
    if isinstance(value, bool):
        value = None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise Invalid(_("Enter a whole number."), field=field) from None
    if number < 0:
        raise Invalid(_("A count cannot be negative."), field=field)
    if number > MAX_COUNT:
        raise Invalid(_("This count is too large."), field=field)
    return number


def get_agenda_item(item_id: int) -> AgendaItem:
    congress = congress_or_404()
    item = db.session.scalar(
        select(AgendaItem).join(CongressSession).where(
            AgendaItem.id == item_id, CongressSession.congress_id == congress.id)
        .options(joinedload(AgendaItem.session), joinedload(AgendaItem.vote),
                 joinedload(AgendaItem.document)))
    if item is None:
        raise NotFound()
    return item


def record_vote(user: Any, item_id: int, votes_for: Any, votes_against: Any,
                abstentions: Any) -> Vote:
    """Record a show-of-cards vote: counts checked against the base, result computed."""
    item = get_agenda_item(item_id)
    if not item.needs_vote:
        raise Invalid(_("This item of the programme is not decided by a vote."))
    counts = {"votes_for": _count(votes_for, "votes_for"),
              "votes_against": _count(votes_against, "votes_against"),
              "abstentions": _count(abstentions, "abstentions")}
    try:
        with write_transaction():
            if db.session.scalar(select(Vote.id).where(Vote.agenda_item_id == item.id)):
                raise Conflict(_("The vote on this item is already recorded."))
            base = vote_base(item.session.congress_id)
            if base.value <= 0:
                raise Invalid(_("No delegate has checked in yet: there is no base for a vote."))
            if sum(counts.values()) > base.value:
                raise Invalid(_("For, against and abstaining add up to %(sum)s, more than the "
                                "base of %(base)s delegates.", sum=sum(counts.values()),
                                base=base.value), field="votes_for")
            vote = Vote(agenda_item_id=item.id, summoned=base.summoned,
                        absent_throughout=base.absent_throughout, base=base.value,
                        passed=passes(counts["votes_for"], base.value),
                        recorded_by_id=user.id, **counts)
            db.session.add(vote)
            db.session.flush()
            chain.append("agenda_item", item.id, "vote", actor=user, payload={
                **counts, "base": base.value, "summoned": base.summoned,
                "absent_throughout": base.absent_throughout, "passed": vote.passed,
                "document_id": item.document_id})
    except IntegrityError:
        raise Conflict(_("The vote on this item is already recorded.")) from None
    return vote


def programme(session: CongressSession) -> list[AgendaItem]:
    return list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.session_id == session.id)
        .options(selectinload(AgendaItem.vote), joinedload(AgendaItem.document))
        .order_by(AgendaItem.position)))


def adoption_votes(document_ids: list[int]) -> dict[int, Vote]:
    """The adoption vote of each approved document, by document id."""
    rows = db.session.execute(
        select(AgendaItem.document_id, Vote).join(Vote, Vote.agenda_item_id == AgendaItem.id)
        .where(AgendaItem.document_id.in_(document_ids))).all()
    return {doc_id: vote for doc_id, vote in rows}


def checked_in_count(congress_id: int) -> int:
    return db.session.scalar(
        select(func.count(distinct(CheckIn.delegate_id))).join(
            CongressSession, CongressSession.id == CheckIn.session_id)
        .where(CongressSession.congress_id == congress_id)) or 0


# -- congress bodies and discussion groups ---------------------------------------------------


def bodies(congress: Congress) -> dict[str, list[Delegate]]:
    """The elected congress bodies (Presidium, Secretariat, ...) with their delegates."""
    from intranet.congress.models import BODIES, BodySeat

    seats = db.session.scalars(
        select(BodySeat).where(BodySeat.congress_id == congress.id)
        .options(joinedload(BodySeat.delegate).joinedload(Delegate.member))
        .order_by(BodySeat.body, BodySeat.position, BodySeat.id)).all()
    out: dict[str, list[Delegate]] = {b: [] for b in BODIES if b != "discussion_group"}
    for seat in seats:
        out.setdefault(seat.body, []).append(seat.delegate)
    return out


def discussion_groups(congress: Congress) -> list[tuple[int, int]]:
    """(group number, delegates in it)."""
    return [(g, n) for g, n in db.session.execute(
        select(Delegate.group_no, func.count()).where(active_delegates(congress.id),
                                                      Delegate.group_no.is_not(None))
        .group_by(Delegate.group_no).order_by(Delegate.group_no)).all()]


def parse_version(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
