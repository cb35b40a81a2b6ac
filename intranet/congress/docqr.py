"""Documents by QR: every approved version of a congress document has a QR code leading a
logged-in delegate to its text; one printable page holds them all."""

from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from intranet.db import db
from intranet.documents.models import Document, DocumentVersion
from intranet.errors import NotFound


def approved_versions() -> list[DocumentVersion]:
    return list(db.session.scalars(
        select(DocumentVersion).join(Document, Document.id == DocumentVersion.document_id)
        .where(DocumentVersion.approved_at.is_not(None))
        .options(joinedload(DocumentVersion.document))
        .order_by(Document.sort_order, Document.id, DocumentVersion.number)))


def approved_version(version_id: int) -> DocumentVersion:
    version = db.session.scalar(
        select(DocumentVersion).where(DocumentVersion.id == version_id,
                                      DocumentVersion.approved_at.is_not(None))
        .options(joinedload(DocumentVersion.document)))
    if version is None:
        raise NotFound()
    return version


def version_url(version: DocumentVersion) -> str:
    """The text of the version in the intranet (login required there)."""
    base = current_app.config.get("INTRANET_BASE_URL")
    args = {"document_id": version.document_id, "number": version.number}
    if base:
        return f"{base.rstrip('/')}{url_for('documents.version', **args)}"
    return url_for("documents.version", _external=True, **args)
