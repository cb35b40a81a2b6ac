"""Roles, the one table of permission -> roles, and the `require` decorator.

Every view declares a permission with @require(...). A request to an endpoint that declares
none is refused (deny by default, enforced in `check_request_permission`). Object scope (a
secretary acts for one organization only) is checked by the services, which answer 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort, current_app, request, url_for
from flask_login import current_user

from intranet.extensions import lazy_gettext as _l
from intranet.htmx import is_htmx_request, page_path, redirect_response
from workflows.roles import Role

F = TypeVar("F", bound=Callable)


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.STANDING: _l("Standing Committee"),
    Role.EXECUTIVE: _l("Executive Committee"),
    Role.STEERING: _l("Steering Committee"),
    Role.DOCUMENTS: _l("Documents Subcommittee"),
    Role.PERSONNEL: _l("Personnel Subcommittee"),
    Role.COMPLAINTS: _l("Complaints and Citizen Reception Subcommittee"),
    Role.COMMUNICATIONS: _l("Communications and Organization Subcommittee"),
    Role.SECRETARY: _l("Secretary of an organization"),
    Role.CLERK: _l("Clerk"),
    Role.INSPECTOR: _l("Inspection Commission"),
    Role.CREDENTIALS: _l("Credentials Committee"),
    Role.SECRETARIAT: _l("Congress Secretariat"),
}

# Roles that only make sense for one organization unit.
SCOPED_ROLES = frozenset({Role.SECRETARY})

PUBLIC = "public"  # no login needed (login page, the citizens' comment page, static files)
AUTHENTICATED = "authenticated"  # any logged-in user

ALL_ROLES = frozenset(Role)
LEADERSHIP = frozenset({Role.STANDING, Role.EXECUTIVE, Role.STEERING})

# The one table. Keys are permission names declared by views; values are the roles allowed.
PERMISSIONS: dict[str, frozenset[Role] | str] = {
    "public": PUBLIC,
    "authenticated": AUTHENTICATED,
    # -- accounts and organizations ------------------------------------------------------
    "users.manage": frozenset({Role.ADMIN}),
    "org.view": frozenset(ALL_ROLES),
    # -- audit and workflows --------------------------------------------------------------
    "audit.view": frozenset({Role.INSPECTOR, Role.STANDING}),
    "workflows.view": frozenset(ALL_ROLES),
    # -- documents ------------------------------------------------------------------------
    "documents.view": frozenset(ALL_ROLES),
    "documents.comment": frozenset(ALL_ROLES),  # a member's own; a secretary's for their unit
    "documents.edit": frozenset({Role.DOCUMENTS}),
    "documents.dispose": frozenset({Role.DOCUMENTS}),
    "documents.circulate": frozenset({Role.DOCUMENTS, Role.STANDING}),
    "documents.decide": frozenset({Role.STANDING}),
    "documents.intake": frozenset({Role.CLERK, Role.DOCUMENTS}),
    "documents.poster": frozenset({Role.DOCUMENTS, Role.COMMUNICATIONS, Role.CLERK,
                                   Role.STANDING}),
    "documents.reports": frozenset({Role.DOCUMENTS, Role.STANDING, Role.EXECUTIVE,
                                    Role.STEERING, Role.INSPECTOR, Role.SECRETARIAT,
                                    Role.CLERK}),
    # -- personnel ------------------------------------------------------------------------
    # Overview and quota page (a published allocation is public to the organizations).
    "personnel.view": frozenset({Role.STANDING, Role.EXECUTIVE, Role.STEERING, Role.PERSONNEL,
                                 Role.COMPLAINTS, Role.INSPECTOR, Role.CREDENTIALS, Role.CLERK,
                                 Role.SECRETARY}),
    "personnel.quota.manage": frozenset({Role.PERSONNEL, Role.STANDING}),
    # An organization's nominations: its secretary (scope checked: another one answers 404),
    # a clerk entering a paper list, and the ward's bodies.
    "personnel.nominations.view": frozenset({Role.STANDING, Role.EXECUTIVE, Role.STEERING,
                                             Role.PERSONNEL, Role.COMPLAINTS, Role.INSPECTOR,
                                             Role.CREDENTIALS, Role.CLERK, Role.SECRETARY}),
    "personnel.nominate": frozenset({Role.SECRETARY, Role.CLERK}),
    "personnel.vet": frozenset({Role.PERSONNEL}),
    "personnel.approve": frozenset({Role.STANDING}),
    # Confidential vetting notes: every read is audited.
    "personnel.notes.read": frozenset({Role.PERSONNEL, Role.COMPLAINTS, Role.STANDING,
                                       Role.INSPECTOR}),
    "personnel.notes.write": frozenset({Role.PERSONNEL}),
    "personnel.delegates.view": frozenset({Role.STANDING, Role.EXECUTIVE, Role.STEERING,
                                           Role.PERSONNEL, Role.COMPLAINTS, Role.INSPECTOR,
                                           Role.CREDENTIALS, Role.SECRETARIAT}),
    # Exports of personal data (recorded in the audit log).
    "personnel.export": frozenset({Role.STANDING, Role.PERSONNEL, Role.INSPECTOR,
                                   Role.CREDENTIALS, Role.SECRETARIAT}),
    "personnel.committee.view": frozenset({Role.STANDING, Role.PERSONNEL, Role.INSPECTOR}),
    "personnel.committee.manage": frozenset({Role.STANDING, Role.PERSONNEL}),

    # -- complaints -----------------------------------------------------------------------
    # Letters are confidential: the queue, report and export for these roles only; a letter's
    # own pages take any login and answer 404 to everyone else (no hint that it exists).
    "complaints.view": frozenset({Role.COMPLAINTS, Role.PERSONNEL, Role.STANDING,
                                  Role.INSPECTOR}),
    "complaints.intake": frozenset({Role.COMPLAINTS, Role.CLERK}),
    "complaints.letter": AUTHENTICATED,

    # -- congress days --------------------------------------------------------------------
    "congress.view": frozenset(ALL_ROLES - {Role.SECRETARY}),
    "congress.checkin": frozenset({Role.SECRETARIAT, Role.CREDENTIALS, Role.COMMUNICATIONS,
                                   Role.STANDING}),
    "congress.attendance": frozenset(LEADERSHIP | {Role.SECRETARIAT, Role.CREDENTIALS,
                                                   Role.COMMUNICATIONS, Role.INSPECTOR}),
    # Delegate cards and the roster carry personal data.
    "congress.cards": frozenset({Role.SECRETARIAT, Role.CREDENTIALS, Role.COMMUNICATIONS,
                                 Role.STANDING}),
    "congress.roster.manage": frozenset({Role.STANDING, Role.CREDENTIALS, Role.SECRETARIAT}),
    "congress.vote": frozenset({Role.SECRETARIAT}),
    "congress.credentials": frozenset({Role.CREDENTIALS, Role.STANDING, Role.STEERING,
                                       Role.INSPECTOR, Role.SECRETARIAT}),
    "congress.tracker": frozenset(LEADERSHIP | {Role.COMMUNICATIONS, Role.INSPECTOR}),
    "congress.tracker.manage": frozenset({Role.STANDING, Role.COMMUNICATIONS}),
    "congress.dashboard": frozenset({Role.STEERING, Role.STANDING}),

    # -- security -------------------------------------------------------------------------
    "account.two_factor": AUTHENTICATED,  # one's own second factor and recovery codes
    "login.second_step": PUBLIC,  # the code after the password: not logged in yet
}


def roles_for(permission: str) -> frozenset[Role] | str:
    try:
        return PERMISSIONS[permission]
    except KeyError:
        raise LookupError(f"permission {permission!r} is not in the table") from None


def require(permission: str) -> Callable[[F], F]:
    """Declare the permission a view needs. Checked before the view runs."""
    roles_for(permission)  # fail at import time on a typo

    def mark(view: F) -> F:
        view.permission = permission  # type: ignore[attr-defined]
        return view

    return mark


def user_may(user, permission: str) -> bool:
    if roles_for(permission) == PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    return roles_may(user.role_names, permission)


def roles_may(role_names: frozenset[Role], permission: str) -> bool:
    """user_may for a logged-in user whose role names are already in hand (the menu asks a
    dozen times a page: the names are found once)."""
    allowed = roles_for(permission)
    if allowed in (PUBLIC, AUTHENTICATED):
        return True
    return bool(role_names & allowed)


def endpoint_permission(endpoint: str | None) -> str | None:
    if endpoint is None:
        return None
    if endpoint == "static" or endpoint.endswith(".static"):
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "permission", None)


def check_request_permission():
    """before_request: deny by default; anonymous users are sent to the login page."""
    if request.endpoint is None:
        return None  # 404/405 are answered by routing
    permission = endpoint_permission(request.endpoint)
    if permission is None:
        current_app.logger.error("route %s declares no permission: refused", request.endpoint)
        abort(403)
    if user_may(current_user, permission):
        return None
    if not current_user.is_authenticated:
        return login_redirect()
    abort(403)


def login_redirect():
    """To the login page, coming back afterwards to the page the user was on."""
    next_url = page_path() if request.method == "GET" or is_htmx_request() else None
    return redirect_response(url_for("auth.login", next=next_url))
