"""Small reads shared by the binding, the services and the views."""

from __future__ import annotations

import functools

from sqlalchemy import bindparam, func, select

from intranet.db import db, read_once
from intranet.documents.models import (
    Comment,
    CommentRound,
    Document,
    DocumentSection,
    DocumentSet,
    DocumentVersion,
)
from intranet.org.models import Body, BodyMembership, Congress

# The statements a document's page runs on every request are built once (`functools.cache`),
# their values bound parameters: building a statement and its cache key cost more than
# running it.


@functools.cache
def _versions_statement():
    return (select(DocumentVersion).where(DocumentVersion.document_id == bindparam("document"))
            .order_by(DocumentVersion.number))


@read_once
def versions(document_id: int) -> tuple[DocumentVersion, ...]:
    """Every version of the document, in order (a handful): the page, its panel and its forms
    ask for the latest, the latest frozen and the list; one read answers all of them."""
    return tuple(db.session.scalars(_versions_statement(), {"document": document_id}))


def latest_version(document_id: int) -> DocumentVersion | None:
    found = versions(document_id)
    return found[-1] if found else None


def latest_frozen_version(document_id: int) -> DocumentVersion | None:
    return next((v for v in reversed(versions(document_id)) if v.frozen_at is not None), None)


def working_version(document_id: int) -> DocumentVersion | None:
    """The version being edited: the latest one, when it is not frozen."""
    latest = latest_version(document_id)
    return latest if latest is not None and not latest.frozen else None


def section_count(version_id: int) -> int:
    return db.session.scalar(select(func.count(DocumentSection.id))
                             .where(DocumentSection.version_id == version_id)) or 0


@functools.cache
def _rounds_statement():
    return (select(CommentRound).where(CommentRound.document_id == bindparam("document"))
            .order_by(CommentRound.number))


@read_once
def rounds(document_id: int) -> tuple[CommentRound, ...]:
    """Every comment round of the document, in order (a handful): the open one, the last one
    and the list are all asked for by one page."""
    return tuple(db.session.scalars(_rounds_statement(), {"document": document_id}))


def open_round(document_id: int) -> CommentRound | None:
    return next((r for r in reversed(rounds(document_id)) if r.closed_at is None), None)


def last_round(document_id: int) -> CommentRound | None:
    found = rounds(document_id)
    return found[-1] if found else None


@functools.cache
def _undisposed_statement():
    return select(func.count(Comment.id)).where(Comment.document_id == bindparam("document"),
                                                Comment.disposition.is_(None))


def undisposed_count(document_id: int) -> int:
    return db.session.scalar(_undisposed_statement(), {"document": document_id}) or 0


def committee_size(document: Document) -> int:
    """Seats on the Standing Committee of the document's committee, for the congress's term."""
    term = db.session.scalar(
        select(Congress.term).join(DocumentSet, DocumentSet.congress_id == Congress.id)
        .where(DocumentSet.id == document.set_id))
    return db.session.scalar(
        select(func.count(func.distinct(BodyMembership.member_id)))
        .where(BodyMembership.org_unit_id == document.org_unit_id,
               BodyMembership.body == Body.STANDING, BodyMembership.term == term)) or 0
