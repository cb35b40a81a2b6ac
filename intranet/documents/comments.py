"""Comment intake on a circulated document, by every channel, and the comments panel.

Online channels (organizations, members, the public page) close at the deadline. A clerk may
still type in what arrived on paper, by the media or from former leaders until the round is
closed, dated no later than the deadline.
"""

from __future__ import annotations

import functools
import secrets
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import format_datetime
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from intranet.audit import chain
from intranet.clock import local_date, local_today
from intranet.db import db, page_and_total, set_filters, utcnow, write_transaction
from intranet.documents import lookups
from intranet.documents.access import (
    comment_scope,
    scope_clause,
    secretary_units,
    visible_comments,
)
from intranet.documents.labels import label
from intranet.documents.models import (
    CHANNEL_AUDIENCE,
    CLERK_CHANNELS,
    Audience,
    Channel,
    Comment,
    CommentRound,
    Document,
    DocumentSection,
    DocumentVersion,
    PaperBatch,
    Source,
)
from intranet.errors import AppError, Invalid, NotFound
from intranet.extensions import gettext as _
from intranet.org.models import OrgUnit

ENTITY = "document"
TEXT_MAX = 5000


class Closed(AppError):
    """The public link exists but comments are not collected through it (any more)."""

    status = 410


def _deadline_text(round_: CommentRound) -> str:
    return format_datetime(round_.deadline, "HH:mm dd/MM/yyyy")


# -- the round that takes comments --------------------------------------------------------------


def _intake_round(session, document_id: int, channel: Channel, *, late_entry: bool = False
                  ) -> tuple[Document, CommentRound]:
    document = session.get(Document, document_id, populate_existing=True)
    if document is None:
        raise NotFound()
    current = lookups.open_round(document.id) if document.state == "circulated" else None
    if current is None:
        raise Invalid(_("Comments are not being collected on this document now."))
    needed = CHANNEL_AUDIENCE[channel]
    if needed is not None and needed.value not in current.audience_list:
        raise Invalid(_("This round of comment was not sent to: %(audience)s.",
                        audience=label("audience", needed)))
    if not late_entry and current.deadline <= utcnow():
        raise Invalid(_("The comment deadline (%(deadline)s) has passed.",
                        deadline=_deadline_text(current)))
    return document, current


def _section(session, round_: CommentRound, section_id: int | None) -> int | None:
    if section_id is None:
        return None
    section = session.get(DocumentSection, section_id)
    if section is None or section.version_id != round_.version_id:
        raise Invalid(_("Choose a section of the text that was sent out."), field="section_id")
    return section.id


def _text(text: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise Invalid(_("Write the comment."), field="text")
    if len(cleaned) > TEXT_MAX:
        raise Invalid(_("A comment has at most %(n)s characters.", n=TEXT_MAX), field="text")
    return cleaned


def _add(session, user, document: Document, round_: CommentRound, **fields) -> Comment:
    comment = Comment(document_id=document.id, round_id=round_.id,
                      version_id=round_.version_id, created_by_id=getattr(user, "id", None),
                      **fields)
    session.add(comment)
    session.flush()
    chain.append(ENTITY, document.id, "comment_add", actor=user,
                 actor_name=None if user else "public",
                 payload={"comment": comment.id, "channel": comment.channel,
                          "source": comment.source, "batch": comment.batch_id})
    return comment


def submit_member_comment(user, document_id: int, *, section_id: int | None, text: str
                          ) -> Comment:
    """A logged-in cadre or member comments in their own name."""
    with write_transaction() as session:
        document, round_ = _intake_round(session, document_id, Channel.MEMBER_ONLINE)
        return _add(session, user, document, round_, section_id=_section(session, round_,
                                                                         section_id),
                    source=Source.MEMBER, channel=Channel.MEMBER_ONLINE,
                    author_name=user.display_name, text=_text(text), received_on=local_today())


def submit_org_comment(user, document_id: int, *, org_unit_id: int, section_id: int | None,
                       text: str) -> Comment:
    """A secretary submits their organization's comment; never for another organization."""
    if org_unit_id not in secretary_units(user):
        raise NotFound()
    with write_transaction() as session:
        document, round_ = _intake_round(session, document_id, Channel.ORG_SUBMISSION)
        return _add(session, user, document, round_, section_id=_section(session, round_,
                                                                         section_id),
                    source=Source.ORGANIZATION, channel=Channel.ORG_SUBMISSION,
                    org_unit_id=org_unit_id, text=_text(text), received_on=local_today())


def _org_unit(session, org_unit_id: int | None) -> int | None:
    if org_unit_id is None:
        return None
    if session.get(OrgUnit, org_unit_id) is None:
        raise Invalid(_("Unknown organization."), field="org_unit_id")
    return org_unit_id


def _received(round_: CommentRound, received_on: date) -> date:
    if received_on > local_date(round_.deadline) or received_on < local_date(round_.opened_at):
        raise Invalid(_("The date received must fall within the comment period (until "
                        "%(deadline)s).", deadline=_deadline_text(round_)), field="received_on")
    return received_on


def record_comment(user, document_id: int, *, channel: str, source: str,
                   org_unit_id: int | None, author_name: str | None, section_id: int | None,
                   text: str, received_on: date) -> Comment:
    """A clerk types in a comment from the mass media, a former leader or a conference."""
    if channel not in {c.value for c in CLERK_CHANNELS}:
        raise Invalid(_("Choose how the comment arrived."), field="channel")
    if source not in set(Source):
        raise Invalid(_("Choose who the comment is from."), field="source")
    with write_transaction() as session:
        document, round_ = _intake_round(session, document_id, Channel(channel),
                                         late_entry=True)
        return _add(session, user, document, round_,
                    section_id=_section(session, round_, section_id), source=source,
                    channel=channel, org_unit_id=_org_unit(session, org_unit_id),
                    author_name=(author_name or "").strip()[:120] or None, text=_text(text),
                    received_on=_received(round_, received_on))


# -- paper batches ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchRow:
    batch: PaperBatch
    entered: int

    @property
    def mismatch(self) -> bool:
        return self.entered != self.batch.declared_count


def create_batch(user, document_id: int, *, label_text: str, declared_count: int,
                 received_on: date, org_unit_id: int | None) -> PaperBatch:
    if declared_count < 1 or declared_count > 10000:
        raise Invalid(_("Between 1 and 10,000 comments."), field="declared_count")
    with write_transaction() as session:
        document, round_ = _intake_round(session, document_id, Channel.PAPER, late_entry=True)
        batch = PaperBatch(document_id=document.id, round_id=round_.id,
                           org_unit_id=_org_unit(session, org_unit_id),
                           label=label_text.strip()[:200] or _("Paper forms"),
                           declared_count=declared_count,
                           received_on=_received(round_, received_on), created_by_id=user.id)
        session.add(batch)
        session.flush()
        chain.append(ENTITY, document.id, "batch_create", actor=user,
                     payload={"batch": batch.id, "declared": declared_count})
    return batch


def get_batch(document: Document, batch_id: int) -> PaperBatch:
    batch = db.session.get(PaperBatch, batch_id)
    if batch is None or batch.document_id != document.id:
        raise NotFound()
    return batch


def _open_batch(session, document_id: int, batch_id: int) -> PaperBatch:
    batch = session.get(PaperBatch, batch_id)
    if batch is None or batch.document_id != document_id:
        raise NotFound()
    if batch.completed_at is not None:
        raise Invalid(_("This batch is finished; nothing more can be entered in it."))
    return batch


def add_batch_comment(user, document_id: int, batch_id: int, *, section_id: int | None,
                      source: str, org_unit_id: int | None, author_name: str | None,
                      text: str) -> Comment:
    """One comment read from a paper form of the batch."""
    if source not in set(Source):
        raise Invalid(_("Choose who the comment is from."), field="source")
    with write_transaction() as session:
        batch = _open_batch(session, document_id, batch_id)
        document, round_ = _intake_round(session, document_id, Channel.PAPER, late_entry=True)
        if batch.round_id != round_.id:
            raise Invalid(_("This batch belongs to an earlier round of comment."))
        return _add(session, user, document, round_,
                    section_id=_section(session, round_, section_id), source=source,
                    channel=Channel.PAPER,
                    org_unit_id=_org_unit(session, org_unit_id) or batch.org_unit_id,
                    author_name=(author_name or "").strip()[:120] or None, text=_text(text),
                    received_on=batch.received_on, batch_id=batch.id)


def complete_batch(user, document_id: int, batch_id: int, note: str | None) -> BatchRow:
    """Finish a batch; when the count entered differs from the one declared, say why."""
    with write_transaction() as session:
        batch = _open_batch(session, document_id, batch_id)
        entered = session.scalar(select(func.count(Comment.id))
                                 .where(Comment.batch_id == batch.id)) or 0
        note = (note or "").strip()
        if entered != batch.declared_count and not note:
            raise Invalid(_("%(entered)s comments entered but %(declared)s declared: explain "
                            "the difference before finishing.", entered=entered,
                            declared=batch.declared_count), field="note")
        batch.completed_at, batch.note = utcnow(), note or None
        chain.append(ENTITY, document_id, "batch_complete", actor=user,
                     payload={"batch": batch.id, "declared": batch.declared_count,
                              "entered": entered})
    return BatchRow(batch, entered)


def batch_comments(batch: PaperBatch) -> list[Comment]:
    return db.session.scalars(select(Comment).where(Comment.batch_id == batch.id)
                              .options(joinedload(Comment.section))
                              .order_by(Comment.id.desc())).all()


def group_size(group_id: int) -> int:
    return db.session.scalar(select(func.count(Comment.id))
                             .where(Comment.group_id == group_id)) or 0


@functools.cache
def _batch_rows_statement():
    entered = (select(func.count(Comment.id)).where(Comment.batch_id == PaperBatch.id)
               .scalar_subquery())
    return (select(PaperBatch, entered).where(PaperBatch.document_id == bindparam("document"))
            .options(joinedload(PaperBatch.org_unit)).order_by(PaperBatch.id))


def batch_rows(document: Document) -> list[BatchRow]:
    rows = db.session.execute(_batch_rows_statement(), {"document": document.id}).all()
    return [BatchRow(b, n or 0) for b, n in rows]


# -- the public page ----------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="documents-public-form")


def issue_form_token(issued_at: float | None = None) -> str:
    """A signed idempotency key and the moment the form was served (for the fill time)."""
    return _serializer().dumps({"k": secrets.token_urlsafe(18),
                                "t": int(issued_at if issued_at is not None else time.time())})


def read_form_token(token: str) -> tuple[str, float] | None:
    try:
        data = _serializer().loads(token or "")
        return str(data["k"]), float(data["t"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


@dataclass(frozen=True)
class PublicRound:
    document: Document
    round: CommentRound
    version: DocumentVersion


def public_round(token: str) -> PublicRound:
    """The round behind a public link: 404 when unknown, Closed when no longer taking comments."""
    round_ = db.session.scalar(select(CommentRound).where(CommentRound.token == token))
    if round_ is None:
        raise NotFound()
    document = db.session.get(Document, round_.document_id)
    found = PublicRound(document, round_, db.session.get(DocumentVersion, round_.version_id))
    if (document.state != "circulated" or round_.closed_at is not None
            or Audience.PUBLIC.value not in round_.audience_list):
        raise Closed(_("Comments on this document are no longer collected through this link."),
                     found=found)
    if round_.deadline <= utcnow():
        raise Closed(_("The comment period ended at %(deadline)s.",
                       deadline=_deadline_text(round_)), found=found)
    return found


def submit_public_comment(token: str, *, key: str, section_id: int | None, text: str,
                          author_name: str | None, area: str | None) -> tuple[Comment, bool]:
    """Store a citizen's comment once per form (the idempotency key); (comment, created)."""
    existing = db.session.scalar(select(Comment).where(Comment.idempotency_key == key))
    if existing is not None:
        return existing, False
    try:
        with write_transaction() as session:
            found = public_round(token)
            if session.scalar(select(Comment.id).where(Comment.idempotency_key == key)):
                raise _AlreadyStored()
            name = " — ".join(p for p in ((author_name or "").strip()[:80],
                                          (area or "").strip()[:80]) if p)
            comment = _add(session, None, found.document, found.round,
                           section_id=_section(session, found.round, section_id),
                           source=Source.CITIZEN, channel=Channel.PUBLIC_QR,
                           author_name=name or None, text=_text(text),
                           received_on=local_today(), idempotency_key=key)
            comment.receipt_no = f"{found.document.code}-{comment.id:06d}"
        return comment, True
    except (IntegrityError, _AlreadyStored):  # the same form sent twice at once
        db.session.rollback()
        stored = db.session.scalar(select(Comment).where(Comment.idempotency_key == key))
        if stored is None:
            raise
        return stored, False


class _AlreadyStored(Exception):
    pass


# -- the comments panel -------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentFilters:
    channel: str = ""
    source: str = ""
    section: str = ""  # a section id, "general", or empty for all
    disposition: str = ""  # a disposition, "pending", or empty for all

    def bound(self) -> tuple[tuple[str, ...], dict[str, Any]]:
        """The set filters' names (the page's statement is built once for each set of them)
        and their values, to bind. General comments and pending ones are names with no value:
        their clauses (IS NULL) bind nothing."""
        names, params = set_filters({
            "channel": self.channel, "source": self.source,
            "section": int(self.section) if self.section.isdigit() else None,
            "disposition": self.disposition if self.disposition != "pending" else None})
        flags = (("general",) if self.section == "general" else ()) + (
            ("pending",) if self.disposition == "pending" else ())
        return names + flags, params


def _filtered(stmt, names: tuple[str, ...]):
    if "channel" in names:
        stmt = stmt.where(Comment.channel == bindparam("channel"))
    if "source" in names:
        stmt = stmt.where(Comment.source == bindparam("source"))
    if "general" in names:
        stmt = stmt.where(Comment.section_id.is_(None))
    if "section" in names:
        stmt = stmt.where(Comment.section_id == bindparam("section"))
    if "pending" in names:
        stmt = stmt.where(Comment.disposition.is_(None))
    if "disposition" in names:
        stmt = stmt.where(Comment.disposition == bindparam("disposition"))
    return stmt


@dataclass(frozen=True)
class CommentPage:
    comments: list[Comment]
    total: int
    group_sizes: dict[int, int]


def _comments_matching(scope: str, names: tuple[str, ...]):
    return _filtered(select(Comment).where(Comment.document_id == bindparam("document"),
                                           scope_clause(scope)), names)


@functools.cache
def _comment_count_statement(scope: str, names: tuple[str, ...]):
    return select(func.count()).select_from(_comments_matching(scope, names).subquery())


@functools.cache
def _comment_page_statement(scope: str, names: tuple[str, ...]):
    """Built once per reader scope and set of filters: building this statement and its cache
    key took longer than running it."""
    stmt = _comments_matching(scope, names)
    count = _comment_count_statement(scope, names)
    # The page's ids first, then their rows with what they show: joined after the LIMIT, not
    # for each of a thousand comments before it; the count rides along (one statement).
    page_ids = (stmt.with_only_columns(Comment.id).order_by(Comment.id.desc())
                .offset(bindparam("offset")).limit(bindparam("limit")))
    return (select(Comment, count.scalar_subquery()).where(Comment.id.in_(page_ids))
            .options(joinedload(Comment.section), joinedload(Comment.org_unit),
                     joinedload(Comment.group), joinedload(Comment.batch),
                     joinedload(Comment.revised_section).joinedload(DocumentSection.version))
            .order_by(Comment.id.desc()))


@functools.cache
def _group_sizes_statement():
    return (select(Comment.group_id, func.count(Comment.id))
            .where(Comment.group_id.in_(bindparam("groups", expanding=True)))
            .group_by(Comment.group_id))


def comment_page(user, document: Document, filters: CommentFilters, page: int = 1,
                 per_page: int = 30) -> CommentPage:
    """The comments this user may read, filtered; a fixed number of queries per page."""
    scope, viewer = comment_scope(user)
    names, values = filters.bound()
    params = {"document": document.id, **viewer, **values}
    found = db.session.execute(
        _comment_page_statement(scope, names),
        {**params, "offset": (page - 1) * per_page, "limit": per_page}).unique().all()
    comments, total = page_and_total(found, page, _comment_count_statement(scope, names),
                                     params)
    group_ids = sorted({c.group_id for c in comments if c.group_id})
    sizes = dict(db.session.execute(  # run even for none: the page's query count stays fixed
        _group_sizes_statement(), {"groups": group_ids}).all())
    return CommentPage(comments, total, sizes)


def visible_count(user, document: Document) -> int:
    return db.session.scalar(select(func.count(Comment.id)).where(
        Comment.document_id == document.id, visible_comments(user))) or 0


def get_comment(user, document: Document, comment_id: int) -> Comment:
    from intranet.documents.access import can_view_comment

    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.document_id != document.id or not can_view_comment(user,
                                                                                    comment):
        raise NotFound()
    return comment


@functools.cache
def _circulated_sections_statement():
    return (select(DocumentVersion, DocumentSection)
            .join(DocumentSection, DocumentSection.version_id == DocumentVersion.id)
            .where(DocumentVersion.id.in_(select(CommentRound.version_id)
                                          .where(CommentRound.document_id
                                                 == bindparam("document"))))
            .order_by(DocumentVersion.number, DocumentSection.position))


def circulated_sections(document: Document) -> list[tuple[DocumentVersion, DocumentSection]]:
    """Sections of every version sent out for comment (what comments can point at)."""
    rows = db.session.execute(_circulated_sections_statement(),
                              {"document": document.id}).all()
    return [(v, s) for v, s in rows]
