"""The generated reports: a page with charts, and .docx / .xlsx downloads."""

from __future__ import annotations

from flask import Response
from flask_login import current_user

from intranet.documents import bp, services
from intranet.documents.charts import bar_chart
from intranet.documents.exports import export_report
from intranet.documents.labels import label
from intranet.documents.models import Channel, Disposition, Source
from intranet.documents.reports import PENDING, disposition_rows, summary_report
from intranet.extensions import gettext as _
from intranet.htmx import render
from intranet.permissions import require


def _charts(report) -> list:
    channel = [(label("channel", c.value), report.by_channel[c.value]) for c in Channel]
    source = [(label("source", s.value), report.by_source[s.value]) for s in Source]
    disposition = [(label("disposition", d.value), report.by_disposition[d.value])
                   for d in Disposition]
    disposition.append((label("disposition", None), report.by_disposition[PENDING]))
    return [(_("Comments by channel"), bar_chart(_("Comments by channel"), channel, "channel")),
            (_("Comments by source"), bar_chart(_("Comments by source"), source, "source")),
            (_("Comments by disposition"), bar_chart(_("Comments by disposition"), disposition,
                                                     "disposition"))]


@bp.route("/documents/<int:document_id>/report")
@require("documents.reports")
def report(document_id: int):
    document = services.get_document(document_id, current_user)
    summary = summary_report(document)
    return render("documents/report.html", document=document, report=summary,
                  charts=_charts(summary), rows=disposition_rows(document),
                  sources=list(Source))


@bp.route("/documents/<int:document_id>/report/<name>.<fmt>")
@require("documents.reports")
def download(document_id: int, name: str, fmt: str):
    document = services.get_document(document_id, current_user)
    content, mimetype, filename = export_report(current_user, document, name, fmt)
    return Response(content, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
