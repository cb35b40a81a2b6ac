"""Congress reports: the credentials report (confirmation and .docx), the subordinate
congresses tracker, the steering dashboard and the congress documents by QR."""

from __future__ import annotations

from flask import Response, request
from flask_login import current_user

from intranet.clock import local_today
from intranet.congress import credentials, docqr, services, tracker
from intranet.congress.dashboard import dashboard_sections
from intranet.documents.charts import bar_chart
from intranet.documents.qr import qr_image
from intranet.errors import AppError
from intranet.extensions import gettext as _
from intranet.flow.services import panel_context
from intranet.htmx import render
from intranet.permissions import require, user_may
from intranet.personnel.exports import DOCX, record_export
from intranet.web import page_number

from . import bp

# -- credentials report ----------------------------------------------------------------------


@bp.route("/credentials")
@require("congress.credentials")
def credentials_page():
    congress = services.congress_or_404()
    report = credentials.get_report(congress)
    figures = credentials.shown_figures(report, congress)
    return render("congress/credentials.html", congress=congress, report=report,
                  figures=figures, summary=credentials.summary_rows(figures),
                  title_of=credentials.breakdown_title, label_of=credentials.row_label,
                  may_open=user_may(current_user, "congress.roster.manage"),
                  **(panel_context(report, current_user) if report else {}))


@bp.route("/credentials.docx")
@require("congress.credentials")
def credentials_docx():
    congress = services.congress_or_404()
    report = credentials.get_report(congress)
    body = credentials.report_docx(congress, report)
    record_export(current_user, credentials.ENTITY, report.id if report else congress.id,
                  "credentials_report", "docx", rows=0)
    return Response(body, mimetype=DOCX, headers={
        "Content-Disposition": 'attachment; filename="bao-cao-tham-tra-tu-cach.docx"'})


# -- subordinate congresses ------------------------------------------------------------------


def _tracker_context(**extra):
    congress = services.congress_or_404()
    state = request.values.get("state", "")
    state = state if state in (*tracker.STATES, "overdue") else ""
    page = page_number()
    rows, total = tracker.tracker_page(congress.id, state, page)
    p = tracker.progress(congress.id)
    chart = bar_chart(_("Subordinate congresses"), [
        (_("Planned"), p.planned), (_("Held, report awaited"), p.held - p.report_received),
        (_("Report received"), p.report_received)])
    return {"congress": congress, "rows": rows, "total": total, "page": page, "state": state,
            "per_page": services.PER_PAGE, "progress": p, "chart": chart,
            "may_manage": user_may(current_user, "congress.tracker.manage"), "errors": {},
            "today": local_today(),
            **extra}


@bp.route("/subordinate")
@require("congress.tracker")
def tracker_page():
    return render("congress/tracker.html", "congress/_tracker.html", **_tracker_context())


def _tracker_answer(tracked_id: int, record):
    try:
        item = record()
    except AppError as exc:
        return render("congress/tracker.html", "congress/_tracker.html", status=exc.status,
                      **_tracker_context(errors={tracked_id: exc.message}))
    return render("congress/tracker.html", "congress/_tracker.html", trigger="tasks-changed",
                  **_tracker_context(done=_("%(org)s: recorded.", org=item.org_unit.name)))


@bp.route("/subordinate/<int:tracked_id>/held", methods=["POST"])
@require("congress.tracker.manage")
def tracker_held(tracked_id: int):
    form = request.form
    return _tracker_answer(tracked_id, lambda: tracker.record_held(
        current_user, tracked_id, form.get("held_on"), form.get("attended"),
        services.parse_version(form.get("version"))))


@bp.route("/subordinate/<int:tracked_id>/report", methods=["POST"])
@require("congress.tracker.manage")
def tracker_report(tracked_id: int):
    form = request.form
    return _tracker_answer(tracked_id, lambda: tracker.record_report(
        current_user, tracked_id, form.get("received_on"),
        services.parse_version(form.get("version"))))


# -- steering dashboard ----------------------------------------------------------------------


@bp.route("/dashboard")
@require("congress.dashboard")
def dashboard():
    sections = [(key, section, bar_chart(section.title, section.rows, out_of=section.out_of)
                 if section.rows else None)
                for key, section in dashboard_sections(current_user)]
    return render("congress/dashboard.html", congress=services.congress_or_404(),
                  sections=sections)


# -- documents by QR -------------------------------------------------------------------------


@bp.route("/documents")
@require("congress.view")
def documents_by_qr():
    versions = docqr.approved_versions()
    votes = services.adoption_votes([v.document_id for v in versions])
    return render("congress/documents.html", versions=versions, votes=votes,
                  url_of=docqr.version_url)


@bp.route("/documents/<int:version_id>/qr.svg")
@require("congress.view")
def document_qr(version_id: int):
    version = docqr.approved_version(version_id)
    response = Response(qr_image(docqr.version_url(version), "svg", scale=4),
                        mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
