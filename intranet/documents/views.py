"""Document list, document page, text versions, the editor and the transition forms."""

from __future__ import annotations

from flask import current_app, flash, request, url_for
from flask_login import current_user

from intranet.clock import from_local, local_today
from intranet.documents import bp, lookups, services
from intranet.documents.compare import compare_sections, summary
from intranet.documents.docx_import import too_large_message
from intranet.documents.forms import (
    ApproveForm,
    CirculateForm,
    DocumentForm,
    ImportForm,
    SectionForm,
)
from intranet.documents.models import DocumentKind
from intranet.documents.page import clerk_form_for, document_page, panel
from intranet.errors import AppError, Conflict, Invalid, NotFound
from intranet.extensions import gettext as _
from intranet.htmx import redirect_response, render, wants_fragment
from intranet.i18n import current_language
from intranet.permissions import require
from intranet.security import accepts_uploads, parse_id, upload_formdata
from intranet.web import page_number
from workflows import GuardFailed, InvalidTransition, ReasonRequired
from workflows.document import DOCUMENT

PAGE_SIZE = 50


@bp.route("/documents/")
@require("documents.view")
def index():
    filters = services.DocumentFilters(
        state=request.args.get("state", "") if request.args.get("state") in DOCUMENT.states
        else "",
        kind=request.args.get("kind", "") if request.args.get("kind") in set(DocumentKind)
        else "",
        q=request.args.get("q", "")[:100])
    page = page_number()
    rows, total = services.list_documents(current_user, filters, page, PAGE_SIZE)
    return render("documents/index.html", "documents/_list.html", rows=rows, total=total,
                  page=page, per_page=PAGE_SIZE, filters=filters, definition=DOCUMENT,
                  doc_set=services.current_set())


@bp.route("/documents/new", methods=["GET", "POST"])
@require("documents.edit")
def new():
    form = DocumentForm()
    status = 200
    if form.validate_on_submit():
        try:
            document = services.create_document(
                current_user, kind=form.kind.data, code=form.code.data, title=form.title.data,
                issuer=form.issuer.data)
        except Invalid as exc:
            getattr(form, exc.details.get("field", "title")).errors = [exc.message]
            status = 422
        else:
            flash(_("Document created. Now write or import its first draft."), "success")
            return redirect_response(url_for("documents.edit", document_id=document.id))
    elif form.is_submitted():
        status = 422
    return render("documents/new.html", form=form, status=status)


@bp.route("/documents/<int:document_id>")
@require("documents.view")
def show(document_id: int):
    document = services.get_document(document_id, current_user)
    return render("documents/show.html", **document_page(document))


PARTS = frozenset({"summary", "side", "intake", "clerk_form_body"})


@bp.route("/documents/<int:document_id>/part/<name>")
@require("documents.view")
def part(document_id: int, name: str):
    """A region of the document page, re-rendered after the item changed."""
    if name not in PARTS:
        raise NotFound()
    document = services.get_document(document_id, current_user)
    if name == "clerk_form_body":
        form = clerk_form_for(document, current_user, lookups.open_round(document.id))
        if wants_fragment():  # the page is there already: the form alone, not the whole page
            return render("documents/_clerk_form_body.html", document=document, clerk_form=form)
        return render("documents/show.html", **document_page(document, clerk_form=form))
    return render("documents/show.html", f"documents/_{name}.html", **document_page(document))


# -- text versions ------------------------------------------------------------------------------


@bp.route("/documents/<int:document_id>/versions/<int:number>")
@require("documents.view")
def version(document_id: int, number: int):
    document = services.get_document(document_id, current_user)
    shown = services.get_version(document, number)
    return render("documents/version.html", document=document, version=shown,
                  sections=services.sections_of(shown),
                  versions=services.versions_of(document),
                  reviewed=services.last_reviewed(current_user, document))


@bp.route("/documents/<int:document_id>/versions/<int:number>/reviewed", methods=["POST"])
@require("documents.view")
def mark_reviewed(document_id: int, number: int):
    document = services.get_document(document_id, current_user)
    services.mark_reviewed(current_user, document.id, number)
    flash(_("Marked: you have reviewed draft %(n)s. Later changes will be shown against it.",
            n=number), "success")
    return redirect_response(request.form.get("next") if request.form.get("next", "")
                             .startswith("/documents/") else
                             url_for("documents.version", document_id=document.id,
                                     number=number))


@bp.route("/documents/<int:document_id>/compare")
@require("documents.view")
def compare(document_id: int):
    document = services.get_document(document_id, current_user)
    versions = services.versions_of(document)
    if not versions:
        raise Invalid(_("This document has no text yet."))
    by_number = {v.number: v for v in versions}
    new_n = request.args.get("to", type=int) or versions[-1].number
    old_n = request.args.get("from", type=int) or max(new_n - 1, 1)
    if old_n not in by_number or new_n not in by_number:
        raise Invalid(_("Choose two versions of this document."))
    old, new_ = by_number[old_n], by_number[new_n]
    diffs = compare_sections(services.sections_of(old), services.sections_of(new_))
    return render("documents/compare.html", document=document, versions=versions, old=old,
                  new=new_, diffs=diffs, counts=summary(diffs),
                  reviewed=services.last_reviewed(current_user, document))


# -- the editor ---------------------------------------------------------------------------------


def _editor_context(document, **extra):
    working = lookups.working_version(document.id)
    return {
        "document": document, "working": working,
        "latest": lookups.latest_version(document.id),
        "sections": services.sections_of(working) if working else [],
        "import_form": ImportForm(formdata=None), "definition": DOCUMENT, **extra}


@bp.route("/documents/<int:document_id>/edit")
@require("documents.edit")
def edit(document_id: int):
    document = services.get_document(document_id, current_user)
    return render("documents/edit.html", **_editor_context(document))


def _section_response(document, section, form=None, status=200, error=None, saved=False):
    return render("documents/edit.html", "documents/_section_editor.html",
                  status=status, section=section, form=form, error=error, saved=saved,
                  **_editor_context(document))


@bp.route("/documents/<int:document_id>/sections/<int:section_id>", methods=["POST"])
@require("documents.edit")
def save_section(document_id: int, section_id: int):
    document = services.get_document(document_id, current_user)
    form = SectionForm(prefix=f"s{section_id}")
    current = services.section_or_404(document, section_id)
    if not form.validate():
        return _section_response(document, current, form, 422)
    seen = request.form.get("seen", "")
    try:
        section = services.edit_section(
            current_user, document.id, section_id, number=form.number.data or "",
            heading=form.heading.data, body=form.body.data or "", level=form.level.data,
            seen=-1 if (seen_id := parse_id(seen)) is None else seen_id)
    except Conflict as exc:
        fresh = services.section_or_404(document, section_id, refresh=True)
        return _section_response(document, fresh, status=409, error=exc.message)
    except Invalid as exc:
        return _section_response(document, current, form, 422, error=exc.message)
    return _section_response(document, section, saved=True)


def _editor_redirect(document, anchor: str = ""):
    return redirect_response(url_for("documents.edit", document_id=document.id) + anchor)


@bp.route("/documents/<int:document_id>/sections", methods=["POST"])
@require("documents.edit")
def add_section(document_id: int):
    document = services.get_document(document_id, current_user)
    after = request.form.get("after", "")
    section = services.add_section(current_user, document.id,
                                   parse_id(after))
    return _editor_redirect(document, f"#section-{section.id}")


@bp.route("/documents/<int:document_id>/sections/<int:section_id>/delete", methods=["POST"])
@require("documents.edit")
def delete_section(document_id: int, section_id: int):
    document = services.get_document(document_id, current_user)
    services.delete_section(current_user, document.id, section_id)
    flash(_("Section deleted."), "info")
    return _editor_redirect(document)


@bp.route("/documents/<int:document_id>/sections/<int:section_id>/move", methods=["POST"])
@require("documents.edit")
def move_section(document_id: int, section_id: int):
    document = services.get_document(document_id, current_user)
    services.move_section(current_user, document.id, section_id,
                          -1 if request.form.get("step") == "up" else 1)
    return _editor_redirect(document, f"#section-{section_id}")


@bp.route("/documents/<int:document_id>/freeze", methods=["POST"])
@require("documents.edit")
def freeze(document_id: int):
    document = services.get_document(document_id, current_user)
    version = services.freeze_version(current_user, document.id)
    flash(_("Draft %(n)s is frozen: it can no longer change and may be circulated.",
            n=version.number), "success")
    return redirect_response(url_for("documents.show", document_id=document.id))


@bp.route("/documents/<int:document_id>/drafts", methods=["POST"])
@require("documents.edit")
def new_draft(document_id: int):
    document = services.get_document(document_id, current_user)
    version = services.start_new_draft(current_user, document.id,
                                       request.form.get("note", "")[:300])
    flash(_("Draft %(n)s started from the previous one.", n=version.number), "success")
    return _editor_redirect(document)


@bp.route("/documents/<int:document_id>/import", methods=["POST"])
@require("documents.edit")
@accepts_uploads
def import_docx(document_id: int):
    document = services.get_document(document_id, current_user)
    form = ImportForm(formdata=upload_formdata("file"))
    limit = current_app.config["DOCUMENTS_DOCX_MAX_BYTES"]
    if (request.content_length or 0) > limit + 64 * 1024:
        form.file.errors = [too_large_message(limit)]
        return render("documents/edit.html", status=413,
                      **_editor_context(document, import_form=form))
    if not form.validate():
        return render("documents/edit.html", status=422,
                      **_editor_context(document, import_form=form))
    upload = form.file.data
    try:
        version = services.import_docx(current_user, document.id, upload.read(),
                                       upload.filename or "")
    except AppError as exc:
        if exc.status not in (413, 422):
            raise
        form.file.errors = [exc.message]
        return render("documents/edit.html", status=exc.status,
                      **_editor_context(document, import_form=form))
    flash(_("Imported into draft %(n)s: check the sections below.", n=version.number),
          "success")
    return _editor_redirect(document)


# -- transitions with their own forms -----------------------------------------------------------


def _version_of(form) -> int | None:
    raw = form.version.data or ""
    return parse_id(raw)


def _panel_response(document_id, *, status=200, error=None, done=None, forms=None):
    document = services.get_document(document_id, current_user)
    trigger = {"tasks-changed": True, "item-changed": f"document-{document.id}"} if done \
        else None
    return render("flow/_actions.html", status=status, trigger=trigger,
                  **panel(document, current_user, error=error, done=done, forms=forms or {}))


def _transition_done(result):
    state = DOCUMENT.states[result.record.to_state].label.get(current_language())
    return _("Done: now “%(state)s”.", state=state)


@bp.route("/documents/<int:document_id>/circulate", methods=["POST"])
@require("documents.circulate")
def circulate(document_id: int):
    trigger = "recirculate" if request.form.get("trigger") == "recirculate" else "circulate"
    form = CirculateForm()
    if not form.validate():
        return _panel_response(document_id, status=422, forms={trigger: form})
    try:
        result = services.circulate_document(
            current_user, document_id, deadline=from_local(form.deadline.data),
            audiences=form.audiences.data or [], expected_version=_version_of(form),
            reason=form.reason.data, trigger=trigger)
    except (GuardFailed, ReasonRequired) as exc:
        return _panel_response(document_id, status=422, forms={trigger: form},
                               error=exc.message.get(current_language()))
    except InvalidTransition as exc:
        return _panel_response(document_id, status=409, error=exc.message.get(
            current_language()))
    except Conflict as exc:
        return _panel_response(document_id, status=409, error=exc.message)
    return _panel_response(document_id, done=_transition_done(result))


@bp.route("/documents/<int:document_id>/approve", methods=["POST"])
@require("documents.decide")
def approve(document_id: int):
    form = ApproveForm()
    if not form.validate():
        return _panel_response(document_id, status=422, forms={"approve": form})

    try:
        result = services.approve_document(
            current_user, document_id, meeting_date=form.meeting_date.data,
            members_present=form.members_present.data, votes_for=form.votes_for.data,
            votes_against=form.votes_against.data, note=form.note.data,
            expected_version=_version_of(form), today=local_today())
    except Invalid as exc:
        getattr(form, exc.details.get("field", "votes_for")).errors = [exc.message]
        return _panel_response(document_id, status=422, forms={"approve": form})
    except GuardFailed as exc:
        return _panel_response(document_id, status=422, forms={"approve": form},
                               error=exc.message.get(current_language()))
    except InvalidTransition as exc:
        return _panel_response(document_id, status=409, error=exc.message.get(
            current_language()))
    except Conflict as exc:
        return _panel_response(document_id, status=409, error=exc.message)
    return _panel_response(document_id, done=_transition_done(result))
