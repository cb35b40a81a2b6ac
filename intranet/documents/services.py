"""Documents and their text: list, create, edit the working version, freeze, import, decide.

Every write runs in one `write_transaction()` with its audit entry; state changes go through
`apply_transition` (the binding's effects open and close comment rounds and record decisions).
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, func, or_, select, update

from intranet.audit import chain
from intranet.db import db, utcnow, write_transaction
from intranet.documents import lookups
from intranet.documents.access import DRAFT_READERS, roles_of
from intranet.documents.docx_import import ParsedSection, parse_docx
from intranet.documents.models import (
    Comment,
    CommentRound,
    Document,
    DocumentKind,
    DocumentSection,
    DocumentSet,
    DocumentVersion,
    StandingDecision,
    VersionReview,
)
from intranet.errors import Conflict, Invalid, NotFound
from intranet.extensions import gettext as _
from intranet.org.models import Congress
from intranet.workflow_service import TransitionResult, apply_transition, get_visible_item
from workflows.document import EDITABLE_STATES

ENTITY = "document"


# -- reading ----------------------------------------------------------------------------------


def current_set() -> DocumentSet | None:
    return db.session.scalar(
        select(DocumentSet).join(Congress, Congress.id == DocumentSet.congress_id)
        .order_by(Congress.opens_on.desc()).limit(1))


def get_document(document_id: int, user) -> Document:
    """The document, if this user may see it (otherwise 404)."""
    return get_visible_item(ENTITY, document_id, user)


@dataclass(frozen=True)
class DocumentFilters:
    state: str = ""
    kind: str = ""
    q: str = ""


@dataclass(frozen=True)
class DocumentRow:
    document: Document
    comments: int
    undisposed: int
    version_number: int | None
    version_frozen: bool
    deadline: datetime | None


def list_documents(user, filters: DocumentFilters, page: int = 1, per_page: int = 50
                   ) -> tuple[list[DocumentRow], int]:
    """One page of documents with their counts, in two queries whatever the data size."""
    comments = (select(func.count(Comment.id)).where(Comment.document_id == Document.id)
                .scalar_subquery())
    undisposed = (select(func.count(Comment.id))
                  .where(Comment.document_id == Document.id, Comment.disposition.is_(None))
                  .scalar_subquery())
    latest = (select(DocumentVersion.number).where(DocumentVersion.document_id == Document.id)
              .order_by(DocumentVersion.number.desc()).limit(1).scalar_subquery())
    latest_frozen = (select(DocumentVersion.frozen_at)
                     .where(DocumentVersion.document_id == Document.id)
                     .order_by(DocumentVersion.number.desc()).limit(1).scalar_subquery())
    deadline = (select(CommentRound.deadline)
                .where(CommentRound.document_id == Document.id, CommentRound.closed_at.is_(None))
                .order_by(CommentRound.number.desc()).limit(1).scalar_subquery())
    stmt = select(Document)
    if not roles_of(user) & DRAFT_READERS:
        stmt = stmt.where(Document.last_circulated_at.is_not(None))
    if filters.state:
        stmt = stmt.where(Document.state == filters.state)
    if filters.kind:
        stmt = stmt.where(Document.kind == filters.kind)
    if filters.q:
        like = f"%{filters.q.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(Document.title).like(like),
                              func.lower(Document.code).like(like)))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.execute(
        stmt.add_columns(comments, undisposed, latest, latest_frozen, deadline)
        .order_by(Document.sort_order, Document.id)
        .offset((page - 1) * per_page).limit(per_page)).all()
    return [DocumentRow(d, c or 0, u or 0, n, f is not None, dl)
            for d, c, u, n, f, dl in rows], total


def versions_of(document: Document) -> list[DocumentVersion]:
    return list(lookups.versions(document.id))


def get_version(document: Document, number: int) -> DocumentVersion:
    version = db.session.scalar(select(DocumentVersion).where(
        DocumentVersion.document_id == document.id, DocumentVersion.number == number))
    if version is None:
        raise NotFound()
    return version


@functools.cache
def _sections_statement():
    return (select(DocumentSection).where(DocumentSection.version_id == bindparam("version"))
            .order_by(DocumentSection.position))


def sections_of(version: DocumentVersion) -> list[DocumentSection]:
    return db.session.scalars(_sections_statement(), {"version": version.id}).all()


def section_or_404(document: Document, section_id: int, refresh: bool = False
                   ) -> DocumentSection:
    section = db.session.get(DocumentSection, section_id, populate_existing=refresh)
    if section is None or section.version.document_id != document.id:
        raise NotFound()
    return section


@functools.cache
def _decision_statement():
    return (select(StandingDecision).where(StandingDecision.document_id == bindparam("document"))
            .order_by(StandingDecision.id.desc()).limit(1))


def decision_of(document: Document) -> StandingDecision | None:
    return db.session.scalar(_decision_statement(), {"document": document.id})


def rounds_of(document: Document) -> list[CommentRound]:
    return list(lookups.rounds(document.id))


@functools.cache
def _last_reviewed_statement():
    return (select(DocumentVersion)
            .join(VersionReview, VersionReview.version_id == DocumentVersion.id)
            .where(VersionReview.user_id == bindparam("user"),
                   VersionReview.document_id == bindparam("document")))


def last_reviewed(user, document: Document) -> DocumentVersion | None:
    return db.session.scalar(_last_reviewed_statement(),
                             {"user": user.id, "document": document.id})


# -- creating ---------------------------------------------------------------------------------


def create_document(user, *, kind: str, code: str, title: str, issuer: str | None = None
                    ) -> Document:
    """A new document in the current congress's set, with an empty first draft to edit."""
    if kind not in set(DocumentKind):
        raise Invalid(_("Choose the kind of document."), field="kind")
    code, title = code.strip().upper(), title.strip()
    if not title:
        raise Invalid(_("Enter the title."), field="title")
    with write_transaction() as session:
        doc_set = current_set()
        if doc_set is None:
            raise Invalid(_("No congress is being prepared: there is no document set to add "
                            "to."))
        if session.scalar(select(Document.id).where(Document.set_id == doc_set.id,
                                                    Document.code == code)):
            raise Invalid(_("Another document of this congress already has this code."),
                          field="code")
        congress = session.get(Congress, doc_set.congress_id)
        order = session.scalar(select(func.max(Document.sort_order))
                               .where(Document.set_id == doc_set.id)) or 0
        document = Document(set_id=doc_set.id, org_unit_id=congress.org_unit_id, kind=kind,
                            code=code, title=title, issuer=(issuer or "").strip() or None,
                            sort_order=order + 1, author_id=user.id)
        from intranet.workflow_service import start_item

        start_item(document, user, {"kind": kind, "code": code, "title": title})
        session.add(DocumentVersion(document_id=document.id, number=1, created_by_id=user.id))
    return document


# -- the working version ----------------------------------------------------------------------


def _editable(session, document_id: int) -> Document:
    document = session.get(Document, document_id, populate_existing=True)
    if document is None:
        raise NotFound()
    if document.state not in EDITABLE_STATES:
        raise Invalid(_("This document is closed: its text can no longer change."))
    return document


def _working(session, document: Document) -> DocumentVersion:
    version = lookups.working_version(document.id)
    if version is None:
        raise Invalid(_("Every version of this document is frozen. Start a new draft to edit "
                        "the text."))
    return version


def _section_of_working(session, document: Document, section_id: int) -> DocumentSection:
    version = _working(session, document)
    section = session.get(DocumentSection, section_id)
    if section is None or section.version_id != version.id:
        raise NotFound()
    return section


def _audit(user, document: Document, action: str, **payload) -> None:
    chain.append(ENTITY, document.id, action, actor=user, payload=payload)


def new_key() -> str:
    return secrets.token_hex(6)


def edit_section(user, document_id: int, section_id: int, *, number: str, heading: str,
                 body: str, level: int, seen: int) -> DocumentSection:
    """Save one section of the working version; `seen` is the edit count the form was built on."""
    with write_transaction() as session:
        document = _editable(session, document_id)
        section = _section_of_working(session, document, section_id)
        updated = session.execute(
            update(DocumentSection)
            .where(DocumentSection.id == section.id, DocumentSection.edit_count == seen)
            .values(number=number.strip()[:20], heading=heading.strip()[:500],
                    body=body.strip(), level=min(max(level, 1), 3),
                    edit_count=DocumentSection.edit_count + 1)
            .execution_options(synchronize_session=False)).rowcount
        if updated != 1:
            raise Conflict(_("Someone else saved this section in the meantime. Reload to see "
                             "their text before changing it."))
        session.refresh(section)
        _audit(user, document, "section_edit", text_version=section.version.number,
               section=section.key)
    return section


def add_section(user, document_id: int, after_id: int | None = None) -> DocumentSection:
    """An empty section after the given one (or at the end) of the working version."""
    with write_transaction() as session:
        document = _editable(session, document_id)
        version = _working(session, document)
        if after_id is not None:
            after = _section_of_working(session, document, after_id)
            position, level = after.position + 1, after.level
        else:
            position = (session.scalar(select(func.max(DocumentSection.position))
                                       .where(DocumentSection.version_id == version.id)) or 0) + 1
            level = 1
        _shift(session, version.id, position, +1)
        section = DocumentSection(version_id=version.id, key=new_key(), position=position,
                                  level=level, number="", heading=_("New section"), body="")
        session.add(section)
        session.flush()
        _audit(user, document, "section_add", text_version=version.number, section=section.key)
    return section


def _shift(session, version_id: int, from_position: int, step: int) -> None:
    """Move the sections at or after a position by one place."""
    rows = session.scalars(select(DocumentSection)
                           .where(DocumentSection.version_id == version_id,
                                  DocumentSection.position >= from_position)
                           .order_by(DocumentSection.position)).all()
    for row in rows:
        row.position += step
    session.flush()


def delete_section(user, document_id: int, section_id: int) -> None:
    with write_transaction() as session:
        document = _editable(session, document_id)
        section = _section_of_working(session, document, section_id)
        linked = session.scalar(select(func.count(Comment.id))
                                .where(Comment.revised_section_id == section.id)) or 0
        if linked:
            raise Invalid(_("%(n)s disposition(s) point to this section. Link them to another "
                            "section before deleting it.", n=linked))
        key, number, position = section.key, section.version.number, section.position
        session.delete(section)
        session.flush()
        _shift(session, section.version_id, position + 1, -1)
        _audit(user, document, "section_delete", text_version=number, section=key)


def move_section(user, document_id: int, section_id: int, step: int) -> None:
    """Swap a section with its neighbour above (-1) or below (+1)."""
    with write_transaction() as session:
        document = _editable(session, document_id)
        section = _section_of_working(session, document, section_id)
        neighbour = session.scalar(select(DocumentSection).where(
            DocumentSection.version_id == section.version_id,
            DocumentSection.position == section.position + step))
        if neighbour is None:
            return
        section.position, neighbour.position = neighbour.position, section.position
        _audit(user, document, "section_move", text_version=section.version.number,
               section=section.key, step=step)


def freeze_version(user, document_id: int) -> DocumentVersion:
    """Freeze the working version: from now on it never changes (and may be circulated)."""
    with write_transaction() as session:
        document = _editable(session, document_id)
        version = _working(session, document)
        if not lookups.section_count(version.id):
            raise Invalid(_("An empty draft cannot be frozen: add its sections first."))
        version.frozen_at, version.frozen_by_id = utcnow(), user.id
        _audit(user, document, "version_freeze", text_version=version.number)
    return version


def start_new_draft(user, document_id: int, note: str = "") -> DocumentVersion:
    """A new working version (dự thảo lần n+1), a copy of the latest frozen one."""
    with write_transaction() as session:
        document = _editable(session, document_id)
        latest = lookups.latest_version(document.id)
        if latest is not None and not latest.frozen:
            raise Invalid(_("Draft %(n)s is still being edited: freeze it before starting "
                            "another.", n=latest.number))
        version = _new_version(session, user, document, latest, note)
        if latest is not None:
            for s in sections_of(latest):
                session.add(DocumentSection(version_id=version.id, key=s.key,
                                            position=s.position, level=s.level,
                                            number=s.number, heading=s.heading, body=s.body))
        _audit(user, document, "version_create", text_version=version.number,
               based_on=latest.number if latest else None)
    return version


def _new_version(session, user, document: Document, latest: DocumentVersion | None,
                 note: str) -> DocumentVersion:
    version = DocumentVersion(document_id=document.id, number=(latest.number if latest else 0)
                              + 1, note=note.strip()[:300], created_by_id=user.id)
    session.add(version)
    session.flush()
    return version


def normalized(section_title: str) -> str:
    return " ".join(section_title.lower().split())


def import_docx(user, document_id: int, data: bytes, filename: str = "") -> DocumentVersion:
    """Replace the working version's text with a .docx file's (headings become sections)."""
    return replace_text(user, document_id, parse_docx(data), filename[:100] or "docx")


def replace_text(user, document_id: int, parsed: Sequence[ParsedSection], origin: str
                 ) -> DocumentVersion:
    """Put these sections in the working version (a new draft if every version is frozen).

    Sections whose heading is unchanged keep their identity, so comparisons and links from
    dispositions still find them.
    """
    with write_transaction() as session:
        document = _editable(session, document_id)
        latest = lookups.latest_version(document.id)
        if latest is None or latest.frozen:
            version = _new_version(session, user, document, latest,
                                   _("Imported from %(file)s", file=origin))
        else:
            version = latest
        _replace_sections(session, version, parsed, lookups.latest_frozen_version(document.id))
        _audit(user, document, "version_import", text_version=version.number,
               sections=len(parsed), file=origin)
    return version


def _replace_sections(session, version: DocumentVersion, parsed: Sequence[ParsedSection],
                      previous: DocumentVersion | None) -> None:
    existing = {normalized(s.title): s for s in sections_of(version)}
    earlier = {normalized(s.title): s.key for s in sections_of(previous)} if previous else {}
    kept: set[int] = set()
    linked = set(session.scalars(select(Comment.revised_section_id).where(
        Comment.revised_section_id.in_([s.id for s in existing.values()]))))
    for position, item in enumerate(parsed, 1):
        key = normalized(f"{item.number} {item.heading}".strip())
        section = existing.get(key)
        if section is not None and section.id not in kept:
            kept.add(section.id)
            section.position, section.level, section.body = position, item.level, item.body
            section.number, section.heading = item.number, item.heading
            section.edit_count += 1
        else:
            session.add(DocumentSection(
                version_id=version.id, key=earlier.get(key) or new_key(), position=position,
                level=item.level, number=item.number, heading=item.heading, body=item.body))
    for s in existing.values():
        if s.id not in kept:
            if s.id in linked:
                raise Invalid(_("The section “%(title)s” is linked from dispositions and is not "
                                "in the imported file. Relink those dispositions first.",
                                title=s.title))
            session.delete(s)
    session.flush()


def mark_reviewed(user, document_id: int, number: int) -> VersionReview:
    """Remember that this user has read this (frozen) version."""
    with write_transaction() as session:
        document = session.get(Document, document_id)
        version = get_version(document, number)
        if not version.frozen:
            raise Invalid(_("Only a frozen version can be marked as reviewed: this one may "
                            "still change."))
        review = session.scalar(select(VersionReview).where(
            VersionReview.user_id == user.id, VersionReview.document_id == document_id))
        if review is None:
            review = VersionReview(user_id=user.id, document_id=document_id,
                                   version_id=version.id)
            session.add(review)
        review.version_id, review.reviewed_at = version.id, utcnow()
    return review


# -- transitions that need a form ---------------------------------------------------------------


def circulate_document(user, document_id: int, *, deadline: datetime, audiences: list[str],
                       expected_version: int | None, reason: str | None = None,
                       trigger: str = "circulate") -> TransitionResult:
    """Send the frozen version out for comment (or, from revision, for another round)."""
    document = get_document(document_id, user)
    return apply_transition(document, trigger, user, reason=reason,
                            expected_version=expected_version,
                            payload={"deadline": deadline, "audiences": audiences})


def approve_document(user, document_id: int, *, meeting_date: date, members_present: int,
                     votes_for: int, votes_against: int, note: str | None,
                     expected_version: int | None, today: date) -> TransitionResult:
    """Record the Standing Committee's decision; the workflow checks the majority."""
    document = get_document(document_id, user)
    size = lookups.committee_size(document)
    if meeting_date > today:
        raise Invalid(_("The meeting date cannot be in the future."), field="meeting_date")
    if members_present > size:
        raise Invalid(_("The Standing Committee has %(n)s members: no more can be present.",
                        n=size), field="members_present")
    if votes_for + votes_against > members_present:
        raise Invalid(_("There are more votes than members present."), field="votes_for")
    return apply_transition(document, "approve", user, expected_version=expected_version,
                            payload={"meeting_date": meeting_date,
                                     "members_present": members_present,
                                     "votes_for": votes_for, "votes_against": votes_against,
                                     "note": note})
