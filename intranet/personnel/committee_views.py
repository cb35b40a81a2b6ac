"""Committee personnel pages: the candidates by body with their structure, one candidate with
its polls and decision, the member search, and the Excel export."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from intranet.errors import AppError, Invalid
from intranet.extensions import gettext as _
from intranet.flow.services import panel_context
from intranet.htmx import render
from intranet.i18n import current_language
from intranet.permissions import require
from intranet.personnel import committee, exports, list_views
from intranet.personnel.allocation import congress_or_404
from intranet.personnel.forms import CandidateForm, CommitteeDecisionForm, PollForm
from intranet.security import parse_id
from intranet.web import unit_kind_label
from workflows import WorkflowError
from workflows.committee_nomination import BODIES
from workflows.committee_nomination import DEFINITION as COMMITTEE

from . import bp


def _board_context(form: CandidateForm | None = None, **extra):
    people = committee.candidates()
    by_body = {body: [c for c in people if c.body == body] for body in BODIES}
    structures = {body: committee.committee_structure(rows) for body, rows in by_body.items()
                  if rows}
    return {"congress": congress_or_404(), "by_body": by_body, "structures": structures,
            "seats": {body: committee.seats_of(body) for body in BODIES},
            "form": form or CandidateForm(formdata=None, language=current_language()),
            "definition": COMMITTEE, "majority_rule": majority_rule_text(), **extra}


@bp.route("/committee")
@require("personnel.committee.view")
def committee_board():
    return render("personnel/committee.html", "personnel/_committee_board.html",
                  **_board_context())


@bp.route("/committee", methods=["POST"])
@require("personnel.committee.manage")
def add_candidate():
    form = CandidateForm(language=current_language())
    if form.validate():
        try:
            item = committee.add_candidate(current_user, form.body.data, form.member_id.data)
        except Invalid as exc:
            field = getattr(form, exc.details.get("field") or "", None) or form.member_id
            field.errors = [exc.message]
        else:
            return render("personnel/committee.html", "personnel/_committee_board.html",
                          trigger="tasks-changed", **_board_context(done=_(
                              "%(name)s added to the succession pool.",
                              name=item.member.full_name)))
    return render("personnel/committee.html", "personnel/_committee_board.html", status=422,
                  **_board_context(form=form))


@bp.route("/committee/members")
@require("personnel.committee.manage")
def member_search():
    return render("personnel/_member_options.html",
                  members=committee.search_members(request.args.get("q", "")),
                  q=request.args.get("q", "")[:100])


def _candidate_context(candidate_id: int, **extra):
    item = committee.get_candidate(current_user, candidate_id)
    return {**panel_context(item, current_user), "item": item,
            "poll_form": extra.pop("poll_form", None) or PollForm(formdata=None),
            "decision_form": extra.pop("decision_form", None)
            or CommitteeDecisionForm(formdata=None),
            "majority_rule": majority_rule_text(), "seats": committee.seats_of(item.body),
            **extra}


@bp.route("/committee/<int:candidate_id>")
@require("personnel.committee.view")
def candidate(candidate_id: int):
    return render("personnel/candidate.html", "personnel/_candidate_body.html",
                  **_candidate_context(candidate_id))


def _version(form=None) -> int | None:
    """The version of the item the page showed (a stale page gets 409)."""
    raw = request.form.get("version", "")
    return parse_id(raw)


def _run(candidate_id: int, form, form_name: str, action):
    status = 200
    if not form.validate():
        status = 422
    else:
        try:
            action(form)
        except WorkflowError as exc:
            status = 409 if exc.__class__.__name__ == "InvalidTransition" else 422
            form.form_errors.append(exc.message.get(current_language()))
        except AppError as exc:
            status = exc.status if exc.status in (409, 422) else 422
            field = getattr(form, exc.details.get("field") or "", None)
            if field is not None:
                field.errors = [*field.errors, exc.message]
            else:
                form.form_errors.append(exc.message)
    extra = {form_name: form} if status != 200 else {"done": _("Recorded.")}
    return render("personnel/candidate.html", "personnel/_candidate_body.html", status=status,
                  trigger={"tasks-changed": True, "panel-stale": True} if status == 200
                  else None,
                  **_candidate_context(candidate_id, **extra))


@bp.route("/committee/<int:candidate_id>/poll", methods=["POST"])
@require("personnel.committee.manage")
def record_poll(candidate_id: int):
    form = PollForm()
    return _run(candidate_id, form, "poll_form", lambda f: committee.record_poll(
        current_user, candidate_id, voters=f.voters.data, ballots=f.ballots.data,
        votes_for=f.votes_for.data, votes_against=f.votes_against.data, version=_version(f)))


@bp.route("/committee/<int:candidate_id>/decision", methods=["POST"])
@require("personnel.committee.manage")
def committee_decision(candidate_id: int):
    form = CommitteeDecisionForm()
    return _run(candidate_id, form, "decision_form", lambda f: committee.record_appointment(
        current_user, candidate_id, f.number.data, f.decided_on.data, _version(f)))


@bp.route("/committee.xlsx")
@require("personnel.committee.view")
def committee_xlsx():
    congress = congress_or_404()
    language = current_language()
    people = committee.candidates()
    tables, names = [], []
    for body, label in BODIES.items():
        rows = [c for c in people if c.body == body]
        if not rows:
            continue
        body_rows = []
        for i, c in enumerate(rows, 1):
            polls = [c.poll("key_cadre"), c.poll("executive")]
            body_rows.append([
                i, c.member.full_name, _("Female") if c.member.gender == "F" else _("Male"),
                c.member.birth_year, c.member.joined_year, c.member.org_unit.name,
                COMMITTEE.states[c.state].label.get(language),
                *[f"{p.votes_for}/{p.ballots if p.base == 'ballots' else p.voters}"
                  if p else "" for p in polls]])
        tables.append(exports.Table(
            label.get(language), _("Seats: %(n)s", n=committee.seats_of(body)),
            [_("No."), _("Full name"), _("Gender"), _("Year of birth"), _("Joined the Party"),
             _("Organization"), _("Stage"), _("Key-cadre poll (for)"),
             _("Executive Committee poll (for)")], body_rows))
        names.append(label.get(language))
        tables.append(exports.structure_table(committee.committee_structure(rows),
                                              unit_kind_label))
        names.append(_("Structure") + " " + str(len(names)))
    if not tables:
        tables, names = [exports.Table(_("Committee personnel"), congress.name, [_("No.")],
                                       [])], [_("Committee personnel")]
    content = exports.xlsx_bytes(tables, names)
    exports.record_export(current_user, "committee_list", congress.id, "committee", "xlsx",
                          len(people))
    return list_views._download(content, exports.XLSX, "nhan-su-cap-uy.xlsx")


def majority_rule_text() -> str:
    if committee.majority_base() == "voters":
        return _("more than half of those entitled to vote")
    return _("more than half of the ballots cast")
