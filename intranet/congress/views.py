"""Congress pages: overview and programme with votes, the roster and delegate cards, the
check-in desk (scan or name), the token page a phone's camera opens, and live attendance."""

from __future__ import annotations

from flask import Response, request
from flask_login import current_user

from intranet.congress import services
from intranet.congress.dashboard import session_label
from intranet.documents.qr import qr_image
from intranet.errors import AppError, Conflict, Invalid
from intranet.extensions import gettext as _
from intranet.htmx import render
from intranet.permissions import require, user_may
from intranet.security import parse_id
from intranet.web import page_number

from . import bp

CARDS_PER_PAGE = 12


@bp.context_processor
def congress_helpers():
    return {"may": lambda permission: user_may(current_user, permission),
            "congress_session_label": session_label}


@bp.route("/")
@require("congress.view")
def index():
    congress = services.congress_or_404()
    sessions = services.sessions(congress)
    base = services.vote_base(congress.id)
    return render("congress/index.html", congress=congress, sessions=sessions, base=base,
                  bodies=services.bodies(congress),
                  groups=services.discussion_groups(congress))


# -- programme and votes ---------------------------------------------------------------------


@bp.route("/sessions/<int:session_id>")
@require("congress.view")
def session_page(session_id: int):
    session = services.get_session(session_id)
    return render("congress/session.html", congress=services.congress_or_404(),
                  session=session, items=services.programme(session),
                  base=services.vote_base(session.congress_id),
                  may_vote=user_may(current_user, "congress.vote"), errors={}, values={})


@bp.route("/items/<int:item_id>/vote", methods=["POST"])
@require("congress.vote")
def record_vote(item_id: int):
    values = {k: request.form.get(k, "") for k in ("votes_for", "votes_against", "abstentions")}
    status, errors, message = 200, {}, None
    try:
        services.record_vote(current_user, item_id, **values)
    except Invalid as exc:
        status, errors = 422, {exc.details.get("field") or "form": exc.message}
    except Conflict as exc:
        status, message = 409, exc.message
    item = services.get_agenda_item(item_id)
    return render("congress/session.html", "congress/_agenda_item.html", status=status,
                  trigger="vote-recorded" if status == 200 else None,
                  congress=services.congress_or_404(), session=item.session,
                  items=services.programme(item.session), item=item,
                  base=services.vote_base(item.session.congress_id), may_vote=True,
                  errors=errors, values=values if status != 200 else {}, message=message)


# -- roster and cards ------------------------------------------------------------------------


@bp.route("/delegates")
@require("congress.cards")
def roster():
    congress = services.congress_or_404()
    q = request.args.get("q", "").strip()[:100]
    page = page_number()
    rows, total = services.roster_page(congress, q, page)
    return render("congress/roster.html", "congress/_roster.html", congress=congress,
                  rows=rows, total=total, page=page, per_page=services.PER_PAGE, q=q,
                  may_manage=user_may(current_user, "congress.roster.manage"))


@bp.route("/delegates/sync", methods=["POST"])
@require("congress.roster.manage")
def sync_roster():
    change = services.sync_roster(current_user)
    congress = services.congress_or_404()
    rows, total = services.roster_page(congress)
    return render("congress/roster.html", "congress/_roster.html", congress=congress,
                  rows=rows, total=total, page=1, per_page=services.PER_PAGE, q="",
                  may_manage=True, done=_(
                      "Roster updated from the personnel data: %(added)s added, %(left)s "
                      "left, %(returned)s returned; %(total)s delegates summoned.",
                      added=change.added, left=change.left, returned=change.returned,
                      total=change.total))


@bp.route("/delegates/<int:delegate_id>/card")
@require("congress.cards")
def card(delegate_id: int):
    delegate = services.get_delegate(delegate_id)
    return render("congress/card.html", congress=services.congress_or_404(),
                  delegates=[delegate], single=True,
                  may_manage=user_may(current_user, "congress.roster.manage"))


@bp.route("/cards")
@require("congress.cards")
def cards():
    congress = services.congress_or_404()
    page = page_number()
    rows, total = services.roster_page(congress, page=page, per_page=CARDS_PER_PAGE)
    return render("congress/card.html", congress=congress,
                  delegates=[d for d in rows if d.active], single=False, page=page,
                  total=total, per_page=CARDS_PER_PAGE, may_manage=False)


@bp.route("/delegates/<int:delegate_id>/qr.svg")
@require("congress.cards")
def card_qr(delegate_id: int):
    delegate = services.get_delegate(delegate_id)
    response = Response(qr_image(services.card_url(delegate), "svg", scale=4),
                        mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/delegates/<int:delegate_id>/reissue", methods=["POST"])
@require("congress.roster.manage")
def reissue_card(delegate_id: int):
    delegate = services.reissue_card(current_user, delegate_id)
    return render("congress/card.html", congress=services.congress_or_404(),
                  delegates=[delegate], single=True, may_manage=True,
                  done=_("A new card was issued: the old card is refused from now on."))


# -- check-in --------------------------------------------------------------------------------


def _desk_context(session, **extra):
    congress = services.congress_or_404()
    return {"congress": congress, "session": session, "sessions": services.sessions(congress),
            "recent": services.recent_check_ins(session.id),
            "counts": services.attendance(session, per_page=0).total, **extra}


@bp.route("/checkin")
@require("congress.checkin")
def checkin_desk():
    session = services.get_session(parse_id(request.args.get("session")))
    return render("congress/checkin.html", **_desk_context(session))


@bp.route("/checkin/<int:session_id>/counter")
@require("congress.checkin")
def checkin_counter(session_id: int):
    session = services.get_session(session_id)
    return render("congress/_checkin_counter.html", "congress/_checkin_counter.html",
                  **_desk_context(session))


def _scan_answer(session, outcome=None, error=None, status=200, done=None):
    return render("congress/checkin.html", "congress/_scan_panel.html", status=status,
                  trigger="checked-in" if outcome and not outcome.already else None,
                  **_desk_context(session, outcome=outcome, error=error, done=done))


@bp.route("/checkin/<int:session_id>/scan", methods=["POST"])
@require("congress.checkin")
def scan(session_id: int):
    session = services.get_session(session_id)
    try:
        delegate = services.delegate_for_token(request.form.get("code", ""))
        outcome = services.check_in(current_user, session.id, delegate, "qr")
    except AppError as exc:
        return _scan_answer(session, error=exc.message, status=422)
    return _scan_answer(session, outcome)


@bp.route("/checkin/<int:session_id>/search")
@require("congress.checkin")
def search(session_id: int):
    session = services.get_session(session_id)
    q = request.args.get("q", "").strip()[:100]
    results = services.search_delegates(services.congress_or_404(), session.id, q)
    return render("congress/_search_results.html", "congress/_search_results.html",
                  session=session, results=results, q=q)


@bp.route("/checkin/<int:session_id>/delegates/<int:delegate_id>", methods=["POST"])
@require("congress.checkin")
def manual_check_in(session_id: int, delegate_id: int):
    session = services.get_session(session_id)
    try:
        delegate = services.get_delegate(delegate_id)
        outcome = services.check_in(current_user, session.id, delegate, "manual")
    except AppError as exc:
        return _scan_answer(session, error=exc.message, status=422)
    return _scan_answer(session, outcome)


@bp.route("/checkin/<int:session_id>/delegates/<int:delegate_id>/absence", methods=["POST"])
@require("congress.checkin")
def record_absence(session_id: int, delegate_id: int):
    session = services.get_session(session_id)
    try:
        services.record_absence(current_user, session.id, delegate_id,
                                request.form.get("reason", ""))
    except AppError as exc:
        return _scan_answer(session, error=exc.message, status=exc.status)
    delegate = services.get_delegate(delegate_id)
    return _scan_answer(session, done=_("Absence with a reason recorded for %(name)s.",
                                        name=delegate.member.full_name))


@bp.route("/c/<token>")
@require("congress.checkin")
def scan_page(token: str):
    """What a phone's camera app opens from the card's QR code: the delegate, and a button."""
    congress = services.congress_or_404()
    sessions = services.sessions(congress)
    try:
        delegate = services.delegate_for_token(token)
    except Invalid as exc:
        return render("congress/scan.html", congress=congress, error=exc.message,
                      sessions=sessions, token=token, status=422)
    return render("congress/scan.html", congress=congress, delegate=delegate,
                  sessions=sessions, token=token, default_session=services.get_session(None))


@bp.route("/c/<token>", methods=["POST"])
@require("congress.checkin")
def scan_page_check_in(token: str):
    congress = services.congress_or_404()
    sessions = services.sessions(congress)
    try:
        delegate = services.delegate_for_token(token)
        session = services.get_session(parse_id(request.form.get("session")))
        outcome = services.check_in(current_user, session.id, delegate, "qr")
    except AppError as exc:
        return render("congress/scan.html", congress=congress, error=exc.message,
                      sessions=sessions, token=token, status=422)
    return render("congress/scan.html", congress=congress, delegate=delegate,
                  sessions=sessions, token=token, outcome=outcome,
                  trigger="checked-in" if not outcome.already else None)


# -- attendance ------------------------------------------------------------------------------


@bp.route("/attendance")
@require("congress.attendance")
def attendance_page():
    session = services.get_session(parse_id(request.args.get("session")))
    congress = services.congress_or_404()
    page = page_number()
    return render("congress/attendance.html", "congress/_attendance.html", congress=congress,
                  session=session, sessions=services.sessions(congress), page=page,
                  per_page=services.PER_PAGE, data=services.attendance(session, page))
