"""Complaints pages: the queue, the intake form, one letter with its panel and timeline, the
Standing Committee's report, downloads. Each view parses, calls one service, renders."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

from flask import Response, current_app, request, url_for
from flask_login import current_user

from intranet.complaints import access, bp, services
from intranet.complaints.forms import FORMS, IntakeForm, action_forms
from intranet.complaints.holds import letters_about
from intranet.complaints.labels import (
    CHANNEL_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    REASON_LABELS,
    SENDER_LABELS,
    label,
)
from intranet.complaints.workflow import current_cutoff
from intranet.documents.docx_import import too_large_message
from intranet.errors import AppError, Conflict, NotFound
from intranet.extensions import gettext as _
from intranet.flow.services import panel_context
from intranet.htmx import redirect_response, render
from intranet.i18n import current_language
from intranet.permissions import require, user_may
from intranet.security import accepts_uploads, parse_id, upload_formdata
from intranet.web import page_number
from workflows import InvalidTransition, NotPermitted, WorkflowError
from workflows.complaint import DEFINITION

TABLES = {"channel": CHANNEL_LABELS, "sender": SENDER_LABELS, "reason": REASON_LABELS,
          "kind": KIND_LABELS, "outcome": OUTCOME_LABELS}


@bp.app_template_global("complaint_label")
def complaint_label(table: str, code):
    return label(TABLES[table], code)


@bp.app_template_global("person_letters")
def person_letters(member_id: int):
    """For the personnel pages: the letters about a person (readers) or a neutral hold."""
    return letters_about(member_id, current_user)


# -- the queue ----------------------------------------------------------------------------------


def _filters() -> services.Filters:
    state = request.args.get("state", "")
    kind = request.args.get("kind", "")
    return services.Filters(
        state=state if state == "open" or state in DEFINITION.states else "",
        kind=kind if kind in KIND_LABELS else "",
        overdue=request.args.get("overdue") == "1",
        q=request.args.get("q", "")[:100])


@bp.route("/")
@require("complaints.view")
def index():
    filters = _filters()
    page = page_number()
    per_page = current_app.config["PAGE_SIZE"]
    rows, total = services.list_complaints(current_user, filters, page, per_page)
    found = current_cutoff()
    args = {k: v for k, v in (("state", filters.state), ("kind", filters.kind),
                              ("overdue", "1" if filters.overdue else ""), ("q", filters.q))
            if v}
    return render("complaints/index.html", "complaints/_queue.html", rows=rows, total=total,
                  page=page, per_page=per_page, filters=filters, args=args,
                  definition=DEFINITION, cutoff=found[0] if found else None,
                  opens_on=found[1] if found else None)


@bp.route("/export.csv")
@require("complaints.view")
def export():
    rows = services.export_queue(current_user, _filters())
    out = io.StringIO()
    writer = csv.writer(out)
    language = current_language()
    writer.writerow([_("Letter receipt number"), _("Date received"), _("Channel"),
                     _("Subject line"),
                     _("People the letter is about"), _("Stage"), _("Kind of letter"),
                     _("Verification deadline"), _("Conclusion")])
    for row in rows:
        c = row.complaint
        writer.writerow([c.receipt_no, c.received_on.isoformat(),
                         label(CHANNEL_LABELS, c.channel), _csv_safe(c.summary),
                         _csv_safe("; ".join(row.subjects)),
                         DEFINITION.states[c.state].label.get(language),
                         label(KIND_LABELS, c.kind) if c.kind else "",
                         c.deadline.isoformat() if c.deadline else "",
                         label(OUTCOME_LABELS, c.outcome) if c.outcome else ""])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=don-thu.csv"})


def _csv_safe(text: str) -> str:
    """No formula injection when the file is opened in a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.route("/report")
@require("complaints.view")
def report():
    return render("complaints/report.html", report=services.report(current_user))


# -- intake -------------------------------------------------------------------------------------


def _intake_form(formdata=None) -> IntakeForm:
    people = services.people_choices()
    if formdata is None:
        return IntakeForm(formdata=None, people=people)
    return IntakeForm(formdata=upload_formdata("attachments"), people=people)


@bp.route("/new")
@require("complaints.intake")
def new():
    return render("complaints/new.html", "complaints/_intake.html", form=_intake_form())


@bp.route("/new", methods=["POST"])
@require("complaints.intake")
@accepts_uploads
def register():
    form = _intake_form(formdata=True)
    limit = current_app.config["COMPLAINTS_ATTACHMENT_MAX_BYTES"]
    if (request.content_length or 0) > 3 * limit + 256 * 1024:
        form.validate()
        form.attachments.errors = [too_large_message(limit)]
        return render("complaints/new.html", "complaints/_intake.html", status=413, form=form)
    if not form.validate():
        return render("complaints/new.html", "complaints/_intake.html", status=422, form=form)
    files = [(f.filename or "", f.read()) for f in (form.attachments.data or [])
             if getattr(f, "filename", None)]
    intake = services.Intake(
        channel=form.channel.data, received_on=form.received_on.data,
        postmarked_on=form.postmarked_on.data, sender_status=form.sender_status.data,
        sender_name=form.sender_name.data, sender_address=form.sender_address.data,
        summary=form.summary.data, content=form.content.data, subjects=form.subjects.data or [])
    try:
        complaint_id, receipt = services.register_complaint(current_user, intake, files)
    except AppError as exc:
        if exc.status not in (409, 413, 422):
            raise
        form.attachments.errors = [exc.message]
        return render("complaints/new.html", "complaints/_intake.html", status=exc.status,
                      form=form)
    if access.may_read(current_user):
        return redirect_response(url_for("complaints.show", complaint_id=complaint_id))
    return render("complaints/new.html", "complaints/_intake.html", form=_intake_form(),
                  registered=receipt)


# -- one letter ---------------------------------------------------------------------------------


def _letter_context(item, **extra):
    context = panel_context(item, current_user, **extra)
    found = current_cutoff()
    cutoff = found[0] if found else None
    return {**context, "item": item, "cutoff": cutoff,
            "late": cutoff is not None and item.arrived_on > cutoff}


@bp.route("/<int:complaint_id>")
@require("complaints.letter")  # any login: a non-reader gets 404, never a hint
def show(complaint_id: int):
    item = services.open_complaint(current_user, complaint_id)
    return render("complaints/show.html", "complaints/_letter.html", **_letter_context(item))


@bp.route("/<int:complaint_id>/actions/<trigger>", methods=["POST"])
@require("complaints.letter")
def act(complaint_id: int, trigger: str):
    """A transition with its own form (set aside, classify, assign, conclude): validate, then
    fire it; answer the re-rendered actions panel."""
    item = services.get_complaint(current_user, complaint_id)
    if trigger not in FORMS:
        raise NotFound()
    if trigger == "assign":
        form = FORMS[trigger](investigators=services.investigator_choices())
    else:
        form = FORMS[trigger]()
    panel = "flow/_actions.html"
    if not form.validate():
        return render(panel, status=422, **_panel(item, forms=action_forms(item, **{
            trigger: form})))
    data = {name: f.data for name, f in form._fields.items() if name != "csrf_token"}
    reason = data.pop("reason", None)
    version = request.form.get("version", "")
    try:
        result = services.move_complaint(
            current_user, item.id, trigger, version=parse_id(version),
            reason=reason, **data)
    except WorkflowError as exc:
        status = 403 if isinstance(exc, NotPermitted) else (
            409 if isinstance(exc, InvalidTransition) else 422)
        item = services.get_complaint(current_user, complaint_id)
        return render(panel, status=status, error=exc.message.get(current_language()),
                      **_panel(item, forms=action_forms(item, **{trigger: form})))
    except Conflict as exc:
        item = services.get_complaint(current_user, complaint_id)
        return render(panel, status=409, error=exc.message, **_panel(item))
    state = DEFINITION.states[result.record.to_state].label.get(current_language())
    return render(panel, done=_("Done: now “%(state)s”.", state=state),
                  trigger={"tasks-changed": True, "item-changed": f"complaint-{item.id}"},
                  **_panel(result.item))


def _panel(item, **extra):
    return panel_context(item, current_user, **extra)


@bp.route("/<int:complaint_id>/attachments/<int:attachment_id>")
@require("complaints.letter")
def attachment(complaint_id: int, attachment_id: int):
    filename, content_type, data = services.download_attachment(current_user, complaint_id,
                                                                attachment_id)
    return Response(data, mimetype=content_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
        "Cache-Control": "no-store"})


@bp.app_template_global("complaints_may")
def complaints_may(permission: str) -> bool:
    return user_may(current_user, permission)
