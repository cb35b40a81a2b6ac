"""Personnel pages: overview, quota allocation, an organization's nominations, one nomination,
the review queues. Each view parses, calls one service, renders (page or htmx fragment)."""

from __future__ import annotations

from fractions import Fraction

from babel.numbers import get_decimal_symbol
from flask import abort, request, url_for
from flask_login import current_user

from intranet.errors import AppError, Conflict, Invalid
from intranet.extensions import gettext as _
from intranet.extensions import ngettext
from intranet.flow.services import panel_context
from intranet.htmx import redirect_response, render
from intranet.i18n import current_language
from intranet.permissions import require, user_may
from intranet.personnel import access, allocation, bp, lists, services
from intranet.personnel.forms import (
    AdjustForm,
    AppointForm,
    BulkForm,
    NominateForm,
    NoteForm,
    NotSummonForm,
    QuotaForm,
)
from intranet.personnel.models import ALTERNATE, OFFICIAL
from intranet.personnel.quota import decimal_text
from intranet.security import parse_id
from intranet.web import unit_kind_label
from workflows import WorkflowError
from workflows.committee_nomination import BODIES
from workflows.nomination import DEFINITION as NOMINATION
from workflows.nomination import NOT_SUMMONED_REASONS
from workflows.quota_allocation import DEFINITION as QUOTA


@bp.context_processor
def personnel_helpers():
    language = current_language()

    def state_label(state: str, definition=NOMINATION) -> str:
        found = definition.states.get(state)
        return found.label.get(language) if found else state

    def group_label(key: str) -> str:
        return _("Ex officio delegates") if key == lists.EX_OFFICIO else unit_kind_label(key)

    return {
        "state_label": state_label,
        "kind_label": services.kind_label,
        "group_label": group_label,
        "decimal_text": lambda value, places=4: decimal_text(value, places).replace(
            ".", get_decimal_symbol(language)),
        "fraction": Fraction,
        "body_label": lambda key: BODIES[key].get(language) if key in BODIES else key,
        "not_summoned_label": lambda key: NOT_SUMMONED_REASONS[key].get(language)
        if key in NOT_SUMMONED_REASONS else "",
        "may": lambda permission: user_may(current_user, permission),
        "OFFICIAL": OFFICIAL, "ALTERNATE": ALTERNATE,
        "nomination_definition": NOMINATION, "allocation_definition": QUOTA,
        "poll_labels": {"key_cadre": _("Key-cadre conference poll"),
                        "executive": _("Executive Committee poll")},
        "event_labels": {"promote": _("Took the seat of an official delegate (was an alternate)"),
                         "rank": _("Order of the alternates changed"),
                         "add_note": _("Vetting note added")},
        "org_kinds": lists.ORG_KINDS,
        "queue_help": {
            "vetting": _("Nominations the organizations sent. Check each against the criteria, "
                         "then pass it or return it to the organization with a reason."),
            "approval": _("Vetted nominations. Approve them, or return them to the "
                          "organization with a reason."),
            "appointment": _("Approved nominations. Record the appointment decision (number "
                             "and date) for the selected delegates."),
        },
        "queue_titles": {"vetting": _("Vetting (Personnel Subcommittee)"),
                         "approval": _("Approval (Standing Committee)"),
                         "appointment": _("Appointment by decision")},
    }


# -- overview ----------------------------------------------------------------------------------


@bp.route("/")
@require("personnel.view")
def index():
    congress = allocation.congress_or_404()
    current = allocation.allocation_of(congress, with_lines=False)
    counts = services.state_counts(current) if current else {}
    return render("personnel/index.html", congress=congress, allocation=current,
                  counts=counts, my_orgs=services.my_organizations(current_user),
                  queues=lists.QUEUES)


# -- quota allocation --------------------------------------------------------------------------


def _quota_context(form=None, adjust_errors=None, adjusted_line=None, **extra):
    congress = allocation.congress_or_404()
    current = allocation.allocation_of(congress)
    manager = user_may(current_user, "personnel.quota.manage")
    if current is not None and current.state != "published" and not manager:
        current = None  # a draft is the Personnel Subcommittee's working copy
    if form is None:
        params = allocation.default_parameters(current)
        form = QuotaForm(formdata=None, total=params.total, minimum=params.minimum,
                         alternates=params.alternates)
    viewable = None if access.sees_all(current_user) else access.secretary_units(current_user)
    context = {"congress": congress, "allocation": current, "form": form,
               "manager": manager, "adjust_errors": adjust_errors or {}, "viewable": viewable,
               "adjusted_line": adjusted_line, "ties": [], **extra}
    if current is not None:
        context["ties"] = allocation.tie_breaks(current)
        context["seats_sum"] = sum(line.seats for line in current.lines)
        context["alternates_sum"] = sum(line.alternates for line in current.lines)
        context.update(panel_context(current, current_user))
    return context


@bp.route("/quota")
@require("personnel.view")
def quota():
    return render("personnel/quota.html", "personnel/_quota.html", **_quota_context())


@bp.route("/quota/calculate", methods=["POST"])
@require("personnel.quota.manage")
def calculate():
    form = QuotaForm()
    if not form.validate():
        return render("personnel/quota.html", "personnel/_quota.html", status=422,
                      **_quota_context(form=form))
    try:
        created = allocation.allocation_of(allocation.congress_or_404(), with_lines=False) is None
        allocation.calculate_allocation(current_user, allocation.Parameters(
            form.total.data, form.minimum.data, form.alternates.data))
        if created:  # the page gains its actions panel: load it whole
            return redirect_response(url_for("personnel.quota"))
    except Invalid as exc:
        getattr(form, exc.details.get("field") or "total").errors = [exc.message]
        return render("personnel/quota.html", "personnel/_quota.html", status=422,
                      **_quota_context(form=form))
    return render("personnel/quota.html", "personnel/_quota.html",
                  trigger={"tasks-changed": True, "panel-stale": True},
                  done=_("Calculated."), **_quota_context(form=form))


@bp.route("/quota/lines/<int:line_id>", methods=["POST"])
@require("personnel.quota.manage")
def adjust(line_id: int):
    form = AdjustForm()
    if form.validate():
        try:
            allocation.adjust_line(current_user, line_id, seats=form.seats.data,
                                   alternates=form.alternates.data, reason=form.reason.data)
        except Invalid as exc:
            form.form_errors.append(exc.message)
    if form.errors or form.form_errors:
        errors = [m for messages in form.errors.values() for m in messages
                  if isinstance(m, str)] + list(form.form_errors)
        return render("personnel/quota.html", "personnel/_quota.html", status=422,
                      **_quota_context(adjust_errors={line_id: errors}))
    return render("personnel/quota.html", "personnel/_quota.html", trigger="panel-stale",
                  **_quota_context(adjusted_line=line_id))


# -- an organization's nominations -------------------------------------------------------------


@bp.route("/my")
@require("personnel.nominations.view")
def my_organization():
    units = services.my_organizations(current_user)
    if len(units) == 1:
        return redirect_response(url_for("personnel.organization", unit_id=units[0].id))
    return render("personnel/my.html", units=units)


def _org_context(unit_id: int, form: NominateForm | None = None, **extra):
    page = services.org_page(current_user, unit_id)
    if form is None:
        form = NominateForm(formdata=None)
    form.member_id.choices = [("", _("— choose —"))] + [
        (m.id, f"{m.full_name} — {m.birth_year}"
               + (f" — {m.org_unit.name}" if m.org_unit_id != page.unit.id else ""))
        for m in page.candidates]
    structure = lists.delegate_structure(
        [lists.DelegateRow(n.kind, n.member, page.unit, n)
         for n in [*page.officials, *page.alternates]], allocation.congress_or_404())
    return {"org_page": page, "form": form, "structure": structure,
            "may_nominate": access.may_nominate_for(current_user, page.unit.id), **extra}


@bp.route("/orgs/<int:unit_id>")
@require("personnel.nominations.view")
def organization(unit_id: int):
    return render("personnel/organization.html", "personnel/_org_nominations.html",
                  **_org_context(unit_id))


@bp.route("/orgs/<int:unit_id>/nominations", methods=["POST"])
@require("personnel.nominate")
def nominate(unit_id: int):
    form = NominateForm()
    services.nominating_org(current_user, unit_id)  # another organization: 404 first
    if form.validate():
        try:
            item = services.nominate(current_user, unit_id, form.member_id.data, form.kind.data)
        except Invalid as exc:
            field = getattr(form, exc.details.get("field") or "", None) or form.member_id
            field.errors = [exc.message]
        else:
            done = _("%(name)s added as %(kind)s (draft).", name=item.member.full_name,
                     kind=services.kind_label(item.kind))
            return render("personnel/organization.html", "personnel/_org_nominations.html",
                          trigger="tasks-changed", **_org_context(unit_id, done=done))
    return render("personnel/organization.html", "personnel/_org_nominations.html",
                  status=422, **_org_context(unit_id, form=form))


@bp.route("/orgs/<int:unit_id>/submit", methods=["POST"])
@require("personnel.nominate")
def submit_drafts(unit_id: int):
    try:
        outcome = services.submit_drafts(current_user, unit_id)
    except Invalid as exc:
        return render("personnel/organization.html", "personnel/_org_nominations.html",
                      status=422, **_org_context(unit_id, error=exc.message))
    done = ngettext("%(num)d nomination sent for vetting.",
                    "%(num)d nominations sent for vetting.", len(outcome.done))
    return render("personnel/organization.html", "personnel/_org_nominations.html",
                  status=200 if outcome.done else 422, trigger="tasks-changed",
                  **_org_context(unit_id, done=done if outcome.done else None,
                                 refused=outcome.refused))


@bp.route("/nominations/<int:nomination_id>/move/<direction>", methods=["POST"])
@require("personnel.nominate")
def move_alternate(nomination_id: int, direction: str):
    if direction not in ("up", "down"):
        abort(404)
    item = services.get_nomination(current_user, nomination_id)
    try:
        services.move_alternate(current_user, nomination_id, 1 if direction == "down" else -1)
    except Invalid as exc:
        return render("personnel/organization.html", "personnel/_org_nominations.html",
                      status=422, **_org_context(item.org_unit_id, error=exc.message))
    return render("personnel/organization.html", "personnel/_org_nominations.html",
                  **_org_context(item.org_unit_id))


# -- one nomination ----------------------------------------------------------------------------


def _nomination_context(nomination_id: int, **extra):
    from intranet.audit.services import item_history

    item = services.get_nomination(current_user, nomination_id)
    language = current_language()
    context = panel_context(item, current_user)
    history = [e for e in item_history("nomination", item.id)
               if e.to_state is None and e.action in ("promote", "rank", "add_note")]
    return {**context, "item": item, "history": history,
            "note_form": extra.pop("note_form", None) or NoteForm(formdata=None),
            "not_summon_form": extra.pop("not_summon_form", None)
            or NotSummonForm(formdata=None, language=language),
            "appoint_form": extra.pop("appoint_form", None) or AppointForm(formdata=None),
            "note_count": services.note_counts([item.id]).get(item.id, 0),
            "may_read_notes": access.may_read_notes(current_user),
            "may_write_notes": access.may_write_notes(current_user),
            **extra}


@bp.route("/nominations/<int:nomination_id>")
@require("personnel.nominations.view")
def nomination(nomination_id: int):
    return render("personnel/nomination.html", "personnel/_nomination_body.html",
                  **_nomination_context(nomination_id))


@bp.route("/nominations/<int:nomination_id>/notes")
@require("personnel.notes.read")
def notes(nomination_id: int):
    return render("personnel/notes.html", "personnel/_notes.html",
                  notes=services.read_vetting_notes(current_user, nomination_id),
                  item=services.get_nomination(current_user, nomination_id),
                  note_form=NoteForm(formdata=None),
                  may_write_notes=access.may_write_notes(current_user))


@bp.route("/nominations/<int:nomination_id>/notes", methods=["POST"])
@require("personnel.notes.write")
def add_note(nomination_id: int):
    form = NoteForm()
    status = 200
    if form.validate():
        try:
            services.add_vetting_note(current_user, nomination_id, form.body.data)
            form = NoteForm(formdata=None)
        except Invalid as exc:
            form.body.errors = [exc.message]
            status = 422
    else:
        status = 422
    return render("personnel/notes.html", "personnel/_notes.html", status=status,
                  notes=services.read_vetting_notes(current_user, nomination_id),
                  item=services.get_nomination(current_user, nomination_id), note_form=form,
                  may_write_notes=True)


def _transition_form_response(nomination_id: int, run, form, form_name: str):
    """Validate a transition's own form, run it, answer the page body (422/409 on refusal)."""
    status, message = 200, None
    if not form.validate():
        status = 422
    else:
        try:
            run(form)
            message = _("Recorded.")
        except WorkflowError as exc:
            status = 409 if exc.__class__.__name__ == "InvalidTransition" else 422
            form.form_errors.append(exc.message.get(current_language()))
        except AppError as exc:
            status = exc.status if exc.status in (409, 422) else 422
            form.form_errors.append(exc.message)
    extra = {form_name: form} if status != 200 else {"done": message}
    return render("personnel/nomination.html", "personnel/_nomination_body.html", status=status,
                  trigger={"tasks-changed": True, "panel-stale": True} if status == 200
                  else None, **_nomination_context(nomination_id, **extra))


def _version(form=None) -> int | None:
    """The version of the item the page showed (a stale page gets 409)."""
    raw = request.form.get("version", "")
    return parse_id(raw)


@bp.route("/nominations/<int:nomination_id>/not-summon", methods=["POST"])
@require("personnel.approve")
def not_summon(nomination_id: int):
    form = NotSummonForm(language=current_language())
    return _transition_form_response(
        nomination_id, lambda f: services.not_summon(current_user, nomination_id,
                                                     f.category.data, f.reason.data,
                                                     _version(f)),
        form, "not_summon_form")


@bp.route("/nominations/<int:nomination_id>/appoint", methods=["POST"])
@require("personnel.approve")
def appoint_one(nomination_id: int):
    form = AppointForm()

    def run(f):
        item = services.get_nomination(current_user, nomination_id)
        if item.state != "approved":  # the page was stale: someone moved it meanwhile
            raise Conflict(_("This nomination is no longer waiting for its appointment: it "
                             "is now “%(state)s”.", state=NOMINATION.states[item.state]
                             .label.get(current_language())))
        _decision, outcome = services.appoint(current_user, [nomination_id], f.number.data,
                                              f.decided_on.data,
                                              {nomination_id: _version(f)} if _version(f)
                                              else None)
        if outcome.refused:
            raise Invalid(outcome.refused[nomination_id])

    return _transition_form_response(nomination_id, run, form, "appoint_form")


# -- review queues -----------------------------------------------------------------------------


def _queue_context(name: str, filters: lists.Filters, **extra):
    queue = lists.QUEUES[name]
    current = allocation.published_allocation()
    rows, total = lists.queue_rows(current, queue, filters)
    return {"queue": queue, "filters": filters, "rows": rows, "total": total,
            "structure": lists.queue_structure(current, queue, filters),
            "organizations": lists.organizations(current), "per_page": lists.PER_PAGE,
            "form": extra.pop("form", None) or BulkForm(formdata=None),
            "outcome": None, "labels": {t: NOMINATION.label_of(t).get(current_language())
                                        for t in queue.triggers}, **extra}


def _queue_page(name: str):
    try:
        context = _queue_context(name, lists.Filters.parse(request.args))
    except Invalid as exc:
        return render("personnel/queue.html", status=200, closed=exc.message,
                      queue=lists.QUEUES[name], filters=lists.Filters())
    return render("personnel/queue.html", "personnel/_queue.html", **context)


def _queue_act(name: str):
    """Fire the chosen action on the selected rows; answer the same rows, swapped in place."""
    queue = lists.QUEUES[name]
    form = BulkForm()
    shown = [i for i in map(parse_id, request.form.getlist("shown")) if i][:lists.PER_PAGE]
    selected = [i for i in map(parse_id, request.form.getlist("ids")) if i]
    if request.form.get("all_on_page"):
        selected = shown
    posted = ((parse_id(k[2:]), parse_id(v)) for k, v in request.form.items()
              if k.startswith("v-"))
    versions = {item: version for item, version in posted if item and version is not None}
    action = form.action.data or ""
    filters = lists.Filters.parse(request.form)
    problem = None
    if action not in queue.triggers:
        problem = _("Choose an action.")
    elif not selected:
        problem = _("Select at least one nomination.")
    elif NOMINATION.transition_for(queue.state, action).reason_required and not (
            form.reason.data or "").strip():
        problem = _("Give the reason: the organization will read it.")
        form.reason.errors = [problem]
    if problem is None and form.validate():
        try:
            if action == "appoint":
                _decision, outcome = services.appoint(current_user, selected, form.number.data,
                                                      form.decided_on.data, versions)
            else:
                outcome = services.fire_many(current_user, selected, action,
                                             reason=form.reason.data, versions=versions)
        except Invalid as exc:
            problem = exc.message
            field = getattr(form, exc.details.get("field") or "", None)
            if field is not None:
                field.errors = [exc.message]
        else:
            rows = lists.rows_by_ids(shown or outcome.ids)
            context = _queue_context(name, filters)
            context.update(rows=rows, outcome=outcome, acted=True)
            return render("personnel/queue.html", "personnel/_queue.html",
                          trigger="tasks-changed", **context)
    context = _queue_context(name, filters, form=form, problem=problem or _(
        "Some information is missing or not valid."))
    context.update(rows=lists.rows_by_ids(shown) or context["rows"], selected=set(selected))
    return render("personnel/queue.html", "personnel/_queue.html", status=422, **context)


@bp.route("/review/vetting")
@require("personnel.vet")
def vetting_queue():
    return _queue_page("vetting")


@bp.route("/review/vetting", methods=["POST"])
@require("personnel.vet")
def vetting_act():
    return _queue_act("vetting")


@bp.route("/review/approval")
@require("personnel.approve")
def approval_queue():
    return _queue_page("approval")


@bp.route("/review/approval", methods=["POST"])
@require("personnel.approve")
def approval_act():
    return _queue_act("approval")


@bp.route("/review/appointment")
@require("personnel.approve")
def appointment_queue():
    return _queue_page("appointment")


@bp.route("/review/appointment", methods=["POST"])
@require("personnel.approve")
def appointment_act():
    return _queue_act("appointment")


from intranet.personnel import committee_views, list_views  # noqa: E402,F401
