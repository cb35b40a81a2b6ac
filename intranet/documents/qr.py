"""QR codes of the public comment links (segno: pure Python, SVG and PNG)."""

from __future__ import annotations

import io

import segno
from flask import current_app, url_for


def public_url(token: str) -> str:
    """The address printed in the QR code: the configured public site, or this one."""
    base = current_app.config.get("DOCUMENTS_PUBLIC_BASE_URL")
    path = url_for("documents.public_page", token=token)
    return f"{base.rstrip('/')}{path}" if base else url_for("documents.public_page",
                                                             token=token, _external=True)


def qr_image(url: str, kind: str, scale: int = 8) -> bytes:
    """The QR code as an SVG or PNG file (error correction M, a quiet zone of 4 modules)."""
    buffer = io.BytesIO()
    code = segno.make(url, error="m", micro=False)
    if kind == "svg":
        code.save(buffer, kind="svg", scale=scale, border=4, xmldecl=False, svgclass="qr-code",
                  lineclass=None, title=url)
    else:
        code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
