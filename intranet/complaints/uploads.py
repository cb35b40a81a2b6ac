"""Scanned attachments: PDF or images, recognized by their content (never by the name or the
type the browser claims), within a size limit. The size refusal is the documents area's."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import current_app

from intranet.documents.docx_import import TooLarge, too_large_message
from intranet.errors import Invalid
from intranet.extensions import gettext as _

# Magic bytes -> content type. Only these are kept.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
MAX_FILES = 10


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def sniff(data: bytes) -> str | None:
    for magic, content_type in SIGNATURES:
        if data.startswith(magic):
            return content_type
    return None


def check_attachment(filename: str, data: bytes) -> CheckedFile:
    limit = current_app.config["COMPLAINTS_ATTACHMENT_MAX_BYTES"]
    if len(data) > limit:
        raise TooLarge(too_large_message(limit))
    content_type = sniff(data)
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "scan"
    if not data or content_type is None:
        raise Invalid(_("“%(name)s” is not a PDF or an image (PNG, JPEG, TIFF), whatever its "
                        "name says.", name=name), field="attachments")
    return CheckedFile(name, content_type, data)
