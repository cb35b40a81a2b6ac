"""What the Documents Subcommittee did with each comment (tiếp thu, giải trình).

A disposition is recorded for one comment, for several at once, or for a group of similar
comments (always for the whole group: its members are disposed together). Not accepted needs
an explanation. The link to the revised text points at a section of a later version.
Once the document is approved or withdrawn, dispositions no longer change.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from intranet.audit import chain
from intranet.db import db, utcnow, write_transaction
from intranet.documents import lookups
from intranet.documents.models import (
    Comment,
    CommentGroup,
    Disposition,
    Document,
    DocumentSection,
    DocumentVersion,
)
from intranet.errors import Invalid, NotFound
from intranet.extensions import gettext as _
from workflows.document import EDITABLE_STATES

ENTITY = "document"
MAX_BULK = 1000


def _open(session, document_id: int) -> Document:
    document = session.get(Document, document_id, populate_existing=True)
    if document is None:
        raise NotFound()
    if document.state not in EDITABLE_STATES:
        raise Invalid(_("This document is closed: its dispositions can no longer change."))
    return document


def _selected(session, document: Document, comment_ids: Iterable[int]) -> list[Comment]:
    ids = sorted(set(comment_ids))
    if not ids:
        raise Invalid(_("Select at least one comment."))
    if len(ids) > MAX_BULK:
        raise Invalid(_("At most %(n)s comments at a time.", n=MAX_BULK))
    comments = session.scalars(select(Comment).where(Comment.id.in_(ids),
                                                     Comment.document_id == document.id)).all()
    if len(comments) != len(ids):
        raise NotFound()
    return comments


def _with_groups(session, comments: list[Comment]) -> list[Comment]:
    """The comments and every other member of their groups."""
    group_ids = {c.group_id for c in comments if c.group_id}
    if not group_ids:
        return comments
    members = session.scalars(select(Comment).where(Comment.group_id.in_(group_ids))).all()
    return list({c.id: c for c in [*comments, *members]}.values())


def revision_targets(document: Document, comment: Comment | None = None
                     ) -> list[DocumentSection]:
    """Sections a disposition may link to: those of the latest version, when it is later than
    the version commented on (or than every circulated version, for a bulk disposition)."""
    latest = lookups.latest_version(document.id)
    if comment is not None:
        commented = db.session.get(DocumentVersion, comment.version_id).number
    else:
        last = lookups.last_round(document.id)
        commented = last.version.number if last else 0
    if latest is None or latest.number <= commented:
        return []
    return db.session.scalars(select(DocumentSection)
                              .where(DocumentSection.version_id == latest.id)
                              .order_by(DocumentSection.position)).all()


def _revised_section(session, document: Document, comments: list[Comment],
                     section_id: int | None) -> int | None:
    if section_id is None:
        return None
    section = session.get(DocumentSection, section_id)
    version = session.get(DocumentVersion, section.version_id) if section else None
    newest_commented = max(session.get(DocumentVersion, c.version_id).number for c in comments)
    if (version is None or version.document_id != document.id
            or version.number <= newest_commented):
        raise Invalid(_("Link to a section of the revised version (a later draft than the "
                        "one commented on)."), field="revised_section_id")
    return section.id


def dispose(user, document_id: int, comment_ids: Iterable[int], *, disposition: str,
            explanation: str | None, revised_section_id: int | None,
            meeting: str | None = None) -> int:
    """Record one disposition for the selected comments (and the rest of their groups)."""
    if disposition not in set(Disposition):
        raise Invalid(_("Choose a disposition."), field="disposition")
    explanation = (explanation or "").strip() or None
    if disposition == Disposition.NOT_ACCEPTED and not explanation:
        raise Invalid(_("Explain why the comment is not accepted."), field="explanation")
    with write_transaction() as session:
        document = _open(session, document_id)
        comments = _with_groups(session, _selected(session, document, comment_ids))
        section = _revised_section(session, document, comments, revised_section_id)
        now = utcnow()
        for c in comments:
            c.disposition, c.explanation, c.revised_section_id = disposition, explanation, section
            c.meeting = (meeting or "").strip()[:200] or None
            c.disposed_at, c.disposed_by_id = now, user.id
        chain.append(ENTITY, document.id, "dispose", actor=user, payload={
            "comments": sorted(c.id for c in comments), "disposition": disposition,
            "revised_section": section})
    return len(comments)


def clear_disposition(user, document_id: int, comment_id: int) -> int:
    """Back to "no disposition yet" (for the comment's whole group)."""
    with write_transaction() as session:
        document = _open(session, document_id)
        comments = _with_groups(session, _selected(session, document, [comment_id]))
        for c in comments:
            c.disposition = c.explanation = c.revised_section_id = c.meeting = None
            c.disposed_at = c.disposed_by_id = None
        chain.append(ENTITY, document.id, "dispose_clear", actor=user,
                     payload={"comments": sorted(c.id for c in comments)})
    return len(comments)


def _disposition_of(c: Comment) -> tuple:
    return (c.disposition, c.explanation, c.revised_section_id, c.meeting)


def group_comments(user, document_id: int, comment_ids: Iterable[int], summary: str | None
                   ) -> CommentGroup:
    """Count similar comments once: a new group, or the others joined to the one group among
    them. They must be on the same section, and not disposed differently."""
    summary = (summary or "").strip()
    with write_transaction() as session:
        document = _open(session, document_id)
        selected = _selected(session, document, comment_ids)
        groups = {c.group_id for c in selected if c.group_id}
        if len(groups) > 1:
            raise Invalid(_("The selection already belongs to several groups; choose comments "
                            "of one group at most."))
        members = _with_groups(session, selected)
        if len(members) < 2:
            raise Invalid(_("Select at least two similar comments."))
        if len({(c.version_id, c.section_id) for c in members}) > 1:
            raise Invalid(_("Similar comments are grouped within one section: these are on "
                            "different sections."))
        disposed = {_disposition_of(c) for c in members if c.disposition}
        if len(disposed) > 1:
            raise Invalid(_("These comments were disposed differently; make their dispositions "
                            "the same (or clear them) before grouping."))
        if groups:
            group = session.get(CommentGroup, groups.pop())
            if summary:
                group.summary = summary
        else:
            if not summary:
                raise Invalid(_("Summarize what the similar comments say."), field="summary")
            group = CommentGroup(document_id=document.id, summary=summary,
                                 created_by_id=user.id)
            session.add(group)
            session.flush()
        template = next((c for c in members if c.disposition), None)
        for c in members:
            c.group_id = group.id
            if template is not None and not c.disposition:
                c.disposition, c.explanation = template.disposition, template.explanation
                c.revised_section_id, c.meeting = template.revised_section_id, template.meeting
                c.disposed_at, c.disposed_by_id = utcnow(), user.id
        chain.append(ENTITY, document.id, "comments_group", actor=user, payload={
            "group": group.id, "comments": sorted(c.id for c in members)})
    return group


def ungroup_comment(user, document_id: int, comment_id: int) -> None:
    """Take a comment out of its group (a group of one is dissolved)."""
    with write_transaction() as session:
        document = _open(session, document_id)
        (comment,) = _selected(session, document, [comment_id])
        if comment.group_id is None:
            return
        group_id = comment.group_id
        comment.group_id = None
        session.flush()
        rest = session.scalars(select(Comment).where(Comment.group_id == group_id)).all()
        if len(rest) <= 1:
            for c in rest:
                c.group_id = None
            session.flush()
            session.delete(session.get(CommentGroup, group_id))
        chain.append(ENTITY, document.id, "comments_ungroup", actor=user,
                     payload={"group": group_id, "comment": comment.id})
