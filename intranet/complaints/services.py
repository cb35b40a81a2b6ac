"""Letters: register, list the queue, open (audited), move through the workflow with the
forms' input, attachments (audited downloads), the Standing Committee's report, export.

Every write runs in one `write_transaction()` with its audit entry; state changes go through
`apply_transition`. Confidential text (content, sender, findings) never reaches the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from intranet.audit import chain
from intranet.auth.models import RoleAssignment, User
from intranet.clock import local_today
from intranet.complaints import access
from intranet.complaints.models import Complaint, ComplaintAttachment, ComplaintSubject
from intranet.complaints.uploads import MAX_FILES, CheckedFile, check_attachment
from intranet.complaints.workflow import ENTITY, current_cutoff
from intranet.db import db, write_transaction
from intranet.errors import Conflict, Forbidden, Invalid, NotFound
from intranet.org.models import Member, OrgUnit
from intranet.org.services import current_congress
from intranet.workflow_service import TransitionResult, apply_transition, get_visible_item
from workflows.complaint import CLOSED_STATES, HOLD_STATES, KINDS, OUTCOMES

# -- intake -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Intake:
    channel: str
    received_on: date
    postmarked_on: date | None
    sender_status: str
    sender_name: str | None
    sender_address: str | None
    summary: str
    content: str
    subjects: Sequence[int] = ()


def people_choices() -> list[tuple[int, str]]:
    """The people a letter may be linked to: nominees, committee candidates and delegates by
    right, with their organization (one query)."""
    from intranet.personnel.models import CommitteeCandidate, ExOfficioDelegate, Nomination

    ids = (select(Nomination.member_id).union(select(CommitteeCandidate.member_id),
                                              select(ExOfficioDelegate.member_id)))
    rows = db.session.execute(
        select(Member.id, Member.full_name, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == Member.org_unit_id)
        .where(Member.id.in_(ids)).order_by(Member.full_name, Member.id)).all()
    return [(r.id, f"{r.full_name} — {r.name}") for r in rows]


def investigator_choices() -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(User.id, User.display_name).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(User.active.is_(True), RoleAssignment.role.in_(list(access.INVESTIGATORS)))
        .distinct().order_by(User.display_name, User.id)).all()
    return [(r.id, r.display_name) for r in rows]


def _next_receipt_no(session, year: int) -> str:
    prefix = f"ĐT-{year}-"
    last = session.scalar(select(func.max(Complaint.receipt_no))
                          .where(Complaint.receipt_no.like(f"{prefix}%")))
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


def register_complaint(user: Any, intake: Intake,
                       files: Iterable[tuple[str, bytes]] = ()) -> tuple[int, str]:
    """Register a letter; answer (id, receipt number). Files are checked before anything is
    written (type by content, size)."""
    if not user.role_names & access.INTAKE:
        raise Forbidden()
    files = list(files)
    if len(files) > MAX_FILES:
        from intranet.extensions import gettext as _

        raise Invalid(_("At most %(n)s files per letter.", n=MAX_FILES), field="attachments")
    checked: list[CheckedFile] = [check_attachment(name, data) for name, data in files]
    from intranet.workflow_service import start_item

    try:
        with write_transaction() as session:
            congress = current_congress()
            item = Complaint(
                congress_id=congress.id if congress else None,
                receipt_no=_next_receipt_no(session, intake.received_on.year),
                channel=intake.channel, received_on=intake.received_on,
                postmarked_on=intake.postmarked_on, sender_status=intake.sender_status,
                sender_name=(intake.sender_name or "").strip() or None,
                sender_address=(intake.sender_address or "").strip() or None,
                summary=intake.summary.strip(), content=intake.content.strip(),
                author_id=user.id)
            for member_id in dict.fromkeys(intake.subjects):
                item.subjects.append(ComplaintSubject(member_id=member_id))
            for f in checked:
                item.attachments.append(ComplaintAttachment(
                    filename=f.filename, content_type=f.content_type, size=len(f.data),
                    sha256=f.sha256, data=f.data, uploaded_by_id=user.id))
            start_item(item, user, {"receipt_no": item.receipt_no, "channel": intake.channel,
                                    "subjects": len(item.subjects),
                                    "attachments": len(checked)})
            return item.id, item.receipt_no
    except IntegrityError as exc:  # two clerks took the same number at once
        raise Conflict(_retry_message()) from exc


def _retry_message() -> str:
    from intranet.extensions import gettext as _

    return _("Another letter was registered at the same moment. Send the form again.")


# -- reading ------------------------------------------------------------------------------------


def get_complaint(user: Any, complaint_id: int) -> Complaint:
    """The letter, for readers only (anyone else: 404). Not audited: for the panel."""
    return get_visible_item(ENTITY, complaint_id, user)


def open_complaint(user: Any, complaint_id: int) -> Complaint:
    """The letter with its people and attachments; the view is recorded in the audit log."""
    with write_transaction():
        item = get_visible_item(ENTITY, complaint_id, user)
        chain.append(ENTITY, item.id, "read_complaint", actor=user,
                     payload={"receipt_no": item.receipt_no})
    return db.session.scalar(
        select(Complaint).where(Complaint.id == complaint_id)
        .options(selectinload(Complaint.subjects).joinedload(ComplaintSubject.member)
                 .joinedload(Member.org_unit),
                 selectinload(Complaint.attachments).load_only(
                     ComplaintAttachment.id, ComplaintAttachment.filename,
                     ComplaintAttachment.content_type, ComplaintAttachment.size),
                 joinedload(Complaint.investigator)))


def download_attachment(user: Any, complaint_id: int, attachment_id: int
                        ) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of one attachment; the download is audited."""
    with write_transaction():
        item = get_visible_item(ENTITY, complaint_id, user)
        attachment = db.session.get(ComplaintAttachment, attachment_id)
        if attachment is None or attachment.complaint_id != item.id:
            raise NotFound()
        chain.append(ENTITY, item.id, "read_attachment", actor=user,
                     payload={"attachment": attachment.id, "sha256": attachment.sha256})
        data = (attachment.filename, attachment.content_type, attachment.data)
    return data


@dataclass(frozen=True)
class Filters:
    state: str = ""
    kind: str = ""
    overdue: bool = False
    q: str = ""


@dataclass(frozen=True)
class QueueRow:
    complaint: Complaint
    subjects: list[str]
    overdue: bool
    late: bool


def _filtered(filters: Filters, today: date):
    stmt = select(Complaint)
    if filters.state == "open":
        stmt = stmt.where(Complaint.state.not_in(CLOSED_STATES))
    elif filters.state:
        stmt = stmt.where(Complaint.state == filters.state)
    if filters.kind:
        stmt = stmt.where(Complaint.kind == filters.kind)
    if filters.overdue:
        stmt = stmt.where(overdue_clause(today))
    if filters.q:
        like = f"%{filters.q.strip().lower()}%"
        stmt = stmt.where(func.lower(Complaint.receipt_no).like(like)
                          | func.lower(Complaint.summary).like(like))
    return stmt


def overdue_clause(today: date):
    """Assigned or being verified past the deadline."""
    return and_(Complaint.state.in_(("assigned", "verifying")), Complaint.deadline < today)


def list_complaints(user: Any, filters: Filters, page: int = 1, per_page: int = 50
                    ) -> tuple[list[QueueRow], int]:
    """One page of the queue: three queries whatever the data size."""
    if not access.may_read(user):
        raise NotFound()
    today = local_today()
    stmt = _filtered(filters, today)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    items = db.session.scalars(
        stmt.order_by(Complaint.received_on.desc(), Complaint.id.desc())
        .offset((page - 1) * per_page).limit(per_page)).all()
    names: dict[int, list[str]] = {}
    if items:
        for complaint_id, name in db.session.execute(
                select(ComplaintSubject.complaint_id, Member.full_name)
                .join(Member, Member.id == ComplaintSubject.member_id)
                .where(ComplaintSubject.complaint_id.in_([i.id for i in items]))
                .order_by(ComplaintSubject.id)):
            names.setdefault(complaint_id, []).append(name)
    found = current_cutoff()
    cutoff = found[0] if found else None
    return [QueueRow(i, names.get(i.id, []),
                     i.state in ("assigned", "verifying") and i.deadline is not None
                     and i.deadline < today,
                     cutoff is not None and i.arrived_on > cutoff) for i in items], total


# -- transitions with their own forms -----------------------------------------------------------


def move_complaint(user: Any, complaint_id: int, trigger: str, *, version: int | None,
                   reason: str | None = None, **payload: Any) -> TransitionResult:
    item = get_complaint(user, complaint_id)
    return apply_transition(item, trigger, user, reason=reason, expected_version=version,
                            payload=payload)


# -- the Standing Committee's report ------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    received: int
    processed: int  # classified: dealt with in this term
    not_processed: dict[str, int]
    transferred: int
    concluded: dict[str, int]
    by_kind: dict[str, int]
    open_holds: int
    overdue: int
    cutoff: date | None
    opens_on: date | None

    @property
    def not_processed_total(self) -> int:
        return sum(self.not_processed.values())

    @property
    def concluded_total(self) -> int:
        return sum(self.concluded.values())


def report(user: Any) -> Report:
    """Counts for the Standing Committee: two grouped queries, whatever the data size."""
    if not access.may_read(user):
        raise NotFound()
    today = local_today()
    rows = db.session.execute(
        select(Complaint.state, Complaint.not_processed_reason, Complaint.outcome,
               Complaint.kind,
               func.sum(case((overdue_clause(today), 1), else_=0)),
               func.count(Complaint.id))
        .group_by(Complaint.state, Complaint.not_processed_reason, Complaint.outcome,
                  Complaint.kind)).all()
    received = transferred = overdue = processed = holds = 0
    not_processed: dict[str, int] = {}
    concluded = dict.fromkeys(OUTCOMES, 0)
    by_kind = dict.fromkeys(KINDS, 0)
    for state, reason, outcome, kind, late, count in rows:
        received += count
        overdue += int(late or 0)
        if state == "not_processed":
            not_processed[reason or "?"] = not_processed.get(reason or "?", 0) + count
        elif state == "transferred":
            transferred += count
        if kind:
            processed += count
            by_kind[kind] = by_kind.get(kind, 0) + count
        if outcome:
            concluded[outcome] = concluded.get(outcome, 0) + count
        if state in HOLD_STATES:
            holds += count
    found = current_cutoff()
    return Report(received, processed, not_processed, transferred, concluded, by_kind, holds,
                  overdue, found[0] if found else None, found[1] if found else None)


def export_queue(user: Any, filters: Filters) -> list[QueueRow]:
    """Every letter matching the filters (names of the people included): audited."""
    rows, total = list_complaints(user, filters, 1, 100_000)
    from intranet.personnel.exports import record_export

    record_export(user, ENTITY, "queue", "complaints", "csv", total,
                  {"state": filters.state, "kind": filters.kind, "overdue": filters.overdue})
    return rows
