"""Comments: the panel and its filters, intake forms, dispositions, groups, paper batches."""

from __future__ import annotations

from flask import request, url_for
from flask_login import current_user

from intranet.clock import local_today
from intranet.documents import bp, lookups, services
from intranet.documents import comments as intake
from intranet.documents import dispositions as disposing
from intranet.documents.forms import (
    BatchCompleteForm,
    BatchEntryForm,
    BatchForm,
    ClerkCommentForm,
    CommentForm,
    DispositionForm,
)
from intranet.documents.page import comment_form_for, document_page, row_flags, unit_choices
from intranet.errors import Invalid
from intranet.extensions import gettext as _
from intranet.htmx import redirect_response, render
from intranet.permissions import require
from intranet.security import parse_id

CHANGED = {"comments-changed": True}
DISPOSED = {"dispositions-changed": True}


def _list(document, status=200, trigger=None, **extra):
    return render("documents/show.html", "documents/_comment_list.html", status=status,
                  trigger=trigger, **document_page(document, **extra))


@bp.route("/documents/<int:document_id>/comments")
@require("documents.view")
def comment_list(document_id: int):
    document = services.get_document(document_id, current_user)
    return _list(document)


def _form_error(form, exc: Invalid, default: str) -> None:
    field = getattr(form, exc.details.get("field") or default, None) or getattr(form, default)
    field.errors = [*field.errors, exc.message] if isinstance(field.errors, list) \
        else [exc.message]


@bp.route("/documents/<int:document_id>/comments", methods=["POST"])
@require("documents.comment")
def add_comment(document_id: int):
    """A member's own comment, or a secretary's on behalf of their organization."""
    document = services.get_document(document_id, current_user)
    open_round = lookups.open_round(document.id)
    template = comment_form_for(document, current_user, open_round)
    if template is None:
        raise Invalid(_("Comments are not being collected on this document now."))
    form = CommentForm(services.sections_of(open_round.version), [], formdata=request.form)
    form.org_unit_id.choices = template.org_unit_id.choices
    status, done = 422, None
    if form.validate():
        try:
            if form.org_unit_id.data is None:
                intake.submit_member_comment(current_user, document.id,
                                             section_id=form.section_id.data,
                                             text=form.text.data)
            else:
                intake.submit_org_comment(current_user, document.id,
                                          org_unit_id=form.org_unit_id.data,
                                          section_id=form.section_id.data, text=form.text.data)
        except Invalid as exc:
            _form_error(form, exc, "text")
        else:
            status, done = 200, _("Thank you: your comment has been recorded.")
            form = comment_form_for(document, current_user, open_round)
    return render("documents/show.html", "documents/_comment_form.html", status=status,
                  trigger=CHANGED if done else None,
                  **document_page(document, comment_form=form, comment_done=done))


@bp.route("/documents/<int:document_id>/comments/recorded", methods=["POST"])
@require("documents.intake")
def record_comment(document_id: int):
    """A clerk types in a comment from the media, a former leader or a conference."""
    document = services.get_document(document_id, current_user)
    open_round = lookups.open_round(document.id)
    if open_round is None:
        raise Invalid(_("Comments are not being collected on this document now."))
    form = ClerkCommentForm(services.sections_of(open_round.version), unit_choices(document))
    status, done = 422, None
    if form.validate():
        try:
            intake.record_comment(
                current_user, document.id, channel=form.channel.data, source=form.source.data,
                org_unit_id=form.org_unit_id.data, author_name=form.author_name.data,
                section_id=form.section_id.data, text=form.text.data,
                received_on=form.received_on.data)
        except Invalid as exc:
            _form_error(form, exc, "text")
        else:
            status, done = 200, _("Comment recorded.")
            form = ClerkCommentForm(services.sections_of(open_round.version),
                                    unit_choices(document), formdata=None,
                                    received_on=form.received_on.data,
                                    channel=form.channel.data)
    return render("documents/show.html", "documents/_clerk_form.html", status=status,
                  trigger=CHANGED if done else None,
                  **document_page(document, clerk_form=form, clerk_done=done))


# -- dispositions and groups --------------------------------------------------------------------


def _row(document, comment, status=200, form=None, trigger=None):
    sizes = {comment.group_id: intake.group_size(comment.group_id)} if comment.group_id else {}
    return render("documents/disposition.html", "documents/_comment_row.html", status=status,
                  trigger=trigger, c=comment, form=form, sizes=sizes,
                  **row_flags(document, current_user))


def _disposition_form(document, comment, formdata=None):
    targets = disposing.revision_targets(document, comment)
    form = DispositionForm(targets, formdata=formdata, obj=None if formdata else comment)
    if formdata is None and comment.revised_section_id:
        form.revised_section_id.data = comment.revised_section_id
    return form


@bp.route("/documents/<int:document_id>/comments/<int:comment_id>/dispose")
@require("documents.dispose")
def disposition_form(document_id: int, comment_id: int):
    document = services.get_document(document_id, current_user)
    comment = intake.get_comment(current_user, document, comment_id)
    return _row(document, comment, form=_disposition_form(document, comment))


@bp.route("/documents/<int:document_id>/comments/<int:comment_id>/dispose",
          methods=["POST"])
@require("documents.dispose")
def dispose(document_id: int, comment_id: int):
    document = services.get_document(document_id, current_user)
    comment = intake.get_comment(current_user, document, comment_id)
    form = _disposition_form(document, comment, formdata=request.form)
    if request.form.get("action") == "clear":
        disposing.clear_disposition(current_user, document.id, comment.id)
    elif not form.validate():
        return _row(document, comment, 422, form)
    else:
        try:
            disposing.dispose(current_user, document.id, [comment.id],
                              disposition=form.disposition.data,
                              explanation=form.explanation.data,
                              revised_section_id=form.revised_section_id.data,
                              meeting=form.meeting.data)
        except Invalid as exc:
            _form_error(form, exc, "disposition")
            return _row(document, comment, 422, form)
    comment = intake.get_comment(current_user, document, comment_id)
    return _row(document, comment, trigger=DISPOSED)


def _selected_ids() -> list[int]:
    return [i for i in map(parse_id, request.form.getlist("ids")) if i]


@bp.route("/documents/<int:document_id>/comments/bulk", methods=["POST"])
@require("documents.dispose")
def bulk(document_id: int):
    """Dispose of the selected comments at once, or group them as similar."""
    document = services.get_document(document_id, current_user)
    ids = _selected_ids()
    action = request.form.get("action")
    try:
        if action == "group":
            disposing.group_comments(current_user, document.id, ids,
                                     request.form.get("summary", "")[:4000])
            message = _("Grouped: the similar comments are counted once with their number.")
        else:
            # "set_" names: the list's filters (disposition…) are sent along with this form
            raw = request.form.get("set_revised_section_id", "")
            count = disposing.dispose(
                current_user, document.id, ids,
                disposition=request.form.get("set_disposition", ""),
                explanation=request.form.get("set_explanation", "")[:4000],
                revised_section_id=parse_id(raw),
                meeting=request.form.get("set_meeting", "")[:200])
            message = _("Disposition recorded for %(n)s comment(s).", n=count)
    except Invalid as exc:
        return _list(document, 422, bulk_error=exc.message)
    return _list(document, trigger=DISPOSED, bulk_done=message)


@bp.route("/documents/<int:document_id>/comments/<int:comment_id>/ungroup", methods=["POST"])
@require("documents.dispose")
def ungroup(document_id: int, comment_id: int):
    document = services.get_document(document_id, current_user)
    comment = intake.get_comment(current_user, document, comment_id)
    disposing.ungroup_comment(current_user, document.id, comment.id)
    return _list(document)


# -- paper batches ------------------------------------------------------------------------------


@bp.route("/documents/<int:document_id>/batches", methods=["GET", "POST"])
@require("documents.intake")
def batches(document_id: int):
    document = services.get_document(document_id, current_user)
    form = BatchForm(unit_choices(document))
    status = 200
    if request.method == "GET":

        form = BatchForm(unit_choices(document), formdata=None, received_on=local_today())
    elif form.validate():
        try:
            batch = intake.create_batch(
                current_user, document.id, label_text=form.label.data,
                declared_count=form.declared_count.data, received_on=form.received_on.data,
                org_unit_id=form.org_unit_id.data)
        except Invalid as exc:
            _form_error(form, exc, "label")
            status = 422
        else:
            return redirect_response(url_for("documents.batch", document_id=document.id,
                                             batch_id=batch.id))
    else:
        status = 422
    return render("documents/batches.html", document=document, form=form, status=status,
                  batches=intake.batch_rows(document),
                  open_round=lookups.open_round(document.id))


def _batch_page(document, batch, *, form=None, complete_form=None, status=200, done=None,
                trigger=None, fragment=None):
    version = lookups.open_round(document.id)
    sections = services.sections_of(version.version) if version else []
    entries = intake.batch_comments(batch)
    return render("documents/batch.html", fragment, status=status, trigger=trigger,
                  document=document, batch=batch, entries=entries,
                  form=form or BatchEntryForm(sections, formdata=None),
                  complete_form=complete_form or BatchCompleteForm(formdata=None), done=done)


@bp.route("/documents/<int:document_id>/batches/<int:batch_id>")
@require("documents.intake")
def batch(document_id: int, batch_id: int):
    document = services.get_document(document_id, current_user)
    return _batch_page(document, intake.get_batch(document, batch_id))


@bp.route("/documents/<int:document_id>/batches/<int:batch_id>/comments", methods=["POST"])
@require("documents.intake")
def batch_entry(document_id: int, batch_id: int):
    document = services.get_document(document_id, current_user)
    paper = intake.get_batch(document, batch_id)
    open_round = lookups.open_round(document.id)
    sections = services.sections_of(open_round.version) if open_round else []
    form = BatchEntryForm(sections)
    if not form.validate():
        return _batch_page(document, paper, form=form, status=422,
                           fragment="documents/_batch_entry.html")
    try:
        intake.add_batch_comment(current_user, document.id, paper.id,
                                 section_id=form.section_id.data, source=form.source.data,
                                 org_unit_id=None, author_name=form.author_name.data,
                                 text=form.text.data)
    except Invalid as exc:
        _form_error(form, exc, "text")
        return _batch_page(document, paper, form=form, status=422,
                           fragment="documents/_batch_entry.html")
    kept = BatchEntryForm(sections, formdata=None, source=form.source.data,
                          section_id=form.section_id.data)
    return _batch_page(document, paper, form=kept, done=_("Entered."),
                       fragment="documents/_batch_entry.html", trigger=CHANGED)


@bp.route("/documents/<int:document_id>/batches/<int:batch_id>/complete", methods=["POST"])
@require("documents.intake")
def batch_complete(document_id: int, batch_id: int):
    document = services.get_document(document_id, current_user)
    paper = intake.get_batch(document, batch_id)
    form = BatchCompleteForm()
    try:
        intake.complete_batch(current_user, document.id, paper.id, form.note.data)
    except Invalid as exc:
        _form_error(form, exc, "note")
        return _batch_page(document, paper, complete_form=form, status=422)
    return redirect_response(url_for("documents.batches", document_id=document.id))
