"""The citizens' page (no login) reached by QR code, the QR code itself and its A4 poster."""

from __future__ import annotations

import time

from flask import Response, abort, current_app, request
from flask_login import current_user

from intranet.documents import bp, lookups, services
from intranet.documents import comments as intake
from intranet.documents.forms import PublicCommentForm
from intranet.documents.models import CommentRound
from intranet.documents.qr import public_url, qr_image
from intranet.errors import Invalid, NotFound
from intranet.extensions import db, limiter
from intranet.extensions import gettext as _
from intranet.htmx import render
from intranet.permissions import require


def _per_ip() -> str:
    return current_app.config["DOCUMENTS_PUBLIC_RATE_PER_IP"]


def _per_link() -> str:
    return current_app.config["DOCUMENTS_PUBLIC_RATE_PER_LINK"]


def _link_key() -> str:
    return f"public-comment:{(request.view_args or {}).get('token', '')}"


def _public(found, form, *, status=200, error=None):
    form.form_token.data = intake.issue_form_token()
    return render("documents/public.html", status=status, found=found, form=form, error=error,
                  sections=services.sections_of(found.version),
                  max_chars=current_app.config["DOCUMENTS_PUBLIC_MAX_CHARS"])


@bp.route("/gop-y/<token>", methods=["GET", "POST"])
@require("public")
@limiter.limit(_per_ip, methods=["POST"], scope="public-comment-ip")
@limiter.limit(_per_link, key_func=_link_key, methods=["POST"], scope="public-comment-token")
def public_page(token: str):
    """The frozen text by section and a comment form, while the document is circulated."""
    token = token[:64]
    if request.method == "POST" and (request.content_length or 0) > current_app.config[
            "DOCUMENTS_PUBLIC_MAX_BYTES"]:
        abort(413)  # the app-wide limits already bounded what was read (CSRF reads the form)
    try:
        found = intake.public_round(token)
    except intake.Closed as exc:
        return render("documents/public_closed.html", status=410, message=exc.message,
                      found=exc.details["found"])
    sections = services.sections_of(found.version)
    if request.method == "GET":
        chosen = request.args.get("section", type=int)
        return _public(found, PublicCommentForm(sections, formdata=None, section_id=chosen))
    form = PublicCommentForm(sections)
    if form.website.data:  # the honeypot: people do not see this field
        return _public(found, form, status=422, error=_(
            "Your comment could not be accepted. If you filled in every visible field, "
            "please send it again."))
    issued = intake.read_form_token(form.form_token.data)
    if issued is None:
        return _public(found, form, status=422, error=_(
            "This form has expired. Your text is kept below: send it again."))
    key, served_at = issued
    if time.time() - served_at < current_app.config["DOCUMENTS_PUBLIC_MIN_FILL_SECONDS"]:
        return _public(found, form, status=422, error=_(
            "The form was sent too quickly after it was opened. Please read your comment "
            "once more, then send it again."))
    if not form.validate():
        return _public(found, form, status=422)
    if len(form.text.data) > current_app.config["DOCUMENTS_PUBLIC_MAX_CHARS"]:
        form.text.errors = [_("At most %(n)s characters.",
                              n=current_app.config["DOCUMENTS_PUBLIC_MAX_CHARS"])]
        return _public(found, form, status=422)
    try:
        comment, created = intake.submit_public_comment(
            token, key=key, section_id=form.section_id.data, text=form.text.data,
            author_name=form.author_name.data, area=form.area.data)
    except Invalid as exc:
        form.text.errors = [exc.message]
        return _public(found, form, status=422)
    except intake.Closed as exc:
        return render("documents/public_closed.html", status=410, message=exc.message,
                      found=exc.details["found"])
    return render("documents/public_receipt.html", found=found, comment=comment,
                  created=created)


def _round(document, number: int) -> CommentRound:
    from sqlalchemy import select

    found = db.session.scalar(select(CommentRound).where(
        CommentRound.document_id == document.id, CommentRound.number == number))
    if found is None:
        raise NotFound()
    return found


@bp.route("/documents/<int:document_id>/rounds/<int:number>/qr.<fmt>")
@require("documents.poster")
def qr_code(document_id: int, number: int, fmt: str):
    if fmt not in ("svg", "png"):
        raise NotFound()
    document = services.get_document(document_id, current_user)
    round_ = _round(document, number)
    content = qr_image(public_url(round_.token), fmt)
    filename = f"qr-{document.code.lower()}-dot-{number}.{fmt}"
    disposition = "attachment" if request.args.get("download") else "inline"
    return Response(content, mimetype="image/svg+xml" if fmt == "svg" else "image/png",
                    headers={"Content-Disposition": f'{disposition}; filename="{filename}"'})


@bp.route("/documents/<int:document_id>/rounds/<int:number>/poster")
@require("documents.poster")
def poster(document_id: int, number: int):
    document = services.get_document(document_id, current_user)
    round_ = _round(document, number)
    return render("documents/poster.html", document=document, round=round_,
                  link=public_url(round_.token), doc_set=services.current_set(),
                  open_round=lookups.open_round(document.id))
