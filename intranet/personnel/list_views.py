"""The congress delegate list with its structure indicators, and the personnel exports."""

from __future__ import annotations

from flask import Response, request
from flask_login import current_user

from intranet.extensions import gettext as _
from intranet.htmx import render
from intranet.i18n import current_language
from intranet.permissions import require
from intranet.personnel import allocation, bp, exports, lists, services
from intranet.web import unit_kind_label
from workflows.nomination import DEFINITION as NOMINATION


def _group_label(key: str) -> str:
    return _("Ex officio delegates") if key == lists.EX_OFFICIO else unit_kind_label(key)


def _delegates(filters: lists.DelegateFilters):
    congress = allocation.congress_or_404()
    current = allocation.allocation_of(congress, with_lines=False)
    if current is not None and current.state != "published":
        current = None
    rows = lists.delegate_rows(current, filters)
    return congress, current, rows, lists.delegate_structure(rows, congress)


@bp.route("/delegates")
@require("personnel.delegates.view")
def delegates():
    filters = lists.DelegateFilters.parse(request.args)
    congress, current, rows, structure = _delegates(filters)
    return render("personnel/delegates.html", "personnel/_delegates.html", congress=congress,
                  allocation=current, rows=rows, structure=structure, filters=filters,
                  decisions=services.decisions(), org_kinds=lists.ORG_KINDS,
                  out_count=sum(1 for r in rows if r.nomination is not None
                                and r.nomination.state in lists.OUT_STATES))


def _category(row: lists.DelegateRow) -> str:
    if row.category == lists.EX_OFFICIO:
        return _("Ex officio")
    if row.category == "official":
        if row.nomination.replaces_id:
            return _("Official (replacing an official delegate)")
        return _("Official")
    return _("Alternate no. %(n)s", n=row.number) if row.number else _("Alternate")


def _status(row: lists.DelegateRow) -> str:
    if row.nomination is None:
        return _("Ex officio")
    return NOMINATION.states[row.nomination.state].label.get(current_language())


def delegate_table(congress, rows, structure) -> list[exports.Table]:
    body = []
    for number, row in enumerate(rows, 1):
        decision = row.nomination.decision if row.nomination else None
        org = row.org or row.member.org_unit
        body.append([number, row.member.full_name,
                     _("Female") if row.member.gender == "F" else _("Male"),
                     row.member.birth_year, row.member.joined_year, org.name,
                     _group_label(row.group), _category(row), _status(row),
                     f"{decision.number} ({decision.decided_on.strftime('%d/%m/%Y')})"
                     if decision else ""])
    table = exports.Table(
        _("Delegates to the congress"), congress.name,
        [_("No."), _("Full name"), _("Gender"), _("Year of birth"), _("Joined the Party"),
         _("Organization"), _("Group"), _("Category"), _("Status"), _("Decision")], body)
    return [table, exports.structure_table(structure, _group_label)]


@bp.route("/delegates.xlsx")
@require("personnel.export")
def delegates_xlsx():
    filters = lists.DelegateFilters.parse(request.args)
    congress, _current, rows, structure = _delegates(filters)
    tables = delegate_table(congress, rows, structure)
    content = exports.xlsx_bytes(tables, [_("Delegates"), _("Structure")])
    exports.record_export(current_user, "delegate_list", congress.id, "delegates", "xlsx",
                          len(rows), filters.args())
    return _download(content, exports.XLSX, "danh-sach-dai-bieu.xlsx")


@bp.route("/delegates.docx")
@require("personnel.export")
def delegates_docx():
    filters = lists.DelegateFilters.parse(request.args)
    congress, _current, rows, structure = _delegates(filters)
    content = exports.docx_bytes(delegate_table(congress, rows, structure))
    exports.record_export(current_user, "delegate_list", congress.id, "delegates", "docx",
                          len(rows), filters.args())
    return _download(content, exports.DOCX, "danh-sach-dai-bieu.docx")


@bp.route("/decisions/<int:decision_id>/annex.docx")
@require("personnel.export")
def decision_annex(decision_id: int):
    congress = allocation.congress_or_404()
    decision, nominations = services.decision_annex(decision_id)
    date_text = decision.decided_on.strftime("%d/%m/%Y")
    tables = []
    for kind, title in (("official", _("I. Official delegates")),
                        ("alternate", _("II. Alternate delegates"))):
        people = [n for n in nominations if n.appointed_as == kind]
        if not people:
            continue
        body = [[i, n.member.full_name, n.member.birth_year,
                 _("Female") if n.member.gender == "F" else _("Male"), n.org_unit.name]
                for i, n in enumerate(people, 1)]
        tables.append(exports.Table(title, "", [_("No."), _("Full name"), _("Year of birth"),
                                                _("Gender"), _("Organization")], body))
    heading = [_("ANNEX"), _("List of delegates to %(congress)s", congress=congress.name),
               _("(Attached to Decision No. %(number)s of %(date)s)", number=decision.number,
                 date=date_text)]
    content = exports.docx_bytes(tables, heading)
    exports.record_export(current_user, "appointment_decision", decision.id, "annex", "docx",
                          len(nominations))
    safe = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in decision.number)
    return _download(content, exports.DOCX, f"phu-luc-quyet-dinh-{safe}.docx")


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
