"""Small reads shared by the binding, the services and the views."""

from __future__ import annotations

from sqlalchemy import func, select

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


def latest_version(document_id: int) -> DocumentVersion | None:
    return db.session.scalar(
        select(DocumentVersion).where(DocumentVersion.document_id == document_id)
        .order_by(DocumentVersion.number.desc()).limit(1))


def latest_frozen_version(document_id: int) -> DocumentVersion | None:
    return db.session.scalar(
        select(DocumentVersion).where(DocumentVersion.document_id == document_id,
                                      DocumentVersion.frozen_at.is_not(None))
        .order_by(DocumentVersion.number.desc()).limit(1))


def working_version(document_id: int) -> DocumentVersion | None:
    """The version being edited: the latest one, when it is not frozen."""
    latest = latest_version(document_id)
    return latest if latest is not None and not latest.frozen else None


def section_count(version_id: int) -> int:
    return db.session.scalar(select(func.count(DocumentSection.id))
                             .where(DocumentSection.version_id == version_id)) or 0


@read_once
def open_round(document_id: int) -> CommentRound | None:
    return db.session.scalar(
        select(CommentRound).where(CommentRound.document_id == document_id,
                                   CommentRound.closed_at.is_(None))
        .order_by(CommentRound.number.desc()).limit(1))


@read_once
def last_round(document_id: int) -> CommentRound | None:
    return db.session.scalar(
        select(CommentRound).where(CommentRound.document_id == document_id)
        .order_by(CommentRound.number.desc()).limit(1))


def undisposed_count(document_id: int) -> int:
    return db.session.scalar(
        select(func.count(Comment.id)).where(Comment.document_id == document_id,
                                             Comment.disposition.is_(None))) or 0


def committee_size(document: Document) -> int:
    """Seats on the Standing Committee of the document's committee, for the congress's term."""
    term = db.session.scalar(
        select(Congress.term).join(DocumentSet, DocumentSet.congress_id == Congress.id)
        .where(DocumentSet.id == document.set_id))
    return db.session.scalar(
        select(func.count(func.distinct(BodyMembership.member_id)))
        .where(BodyMembership.org_unit_id == document.org_unit_id,
               BodyMembership.body == Body.STANDING, BodyMembership.term == term)) or 0
