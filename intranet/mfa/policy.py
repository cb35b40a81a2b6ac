"""Administrators without a second factor reach the enrolment page and nothing else.

Enforced here, before every request, on the server: hiding links protects nothing.
"""

from __future__ import annotations

from flask import Flask, request, url_for
from flask_login import current_user

from intranet.htmx import redirect_response
from intranet.mfa.services import enrolment_required

# What an administrator may still do before enrolling.
ALLOWED_BEFORE_ENROLMENT = frozenset({"mfa.enrol", "auth.logout", "auth.set_language",
                                      "static"})


def require_admin_enrolment():
    if request.endpoint is None or request.endpoint in ALLOWED_BEFORE_ENROLMENT:
        return None  # routing answers unknown URLs (404/405) itself
    if enrolment_required(current_user):
        return redirect_response(url_for("mfa.enrol"))
    return None


def init_app(app: Flask) -> None:
    app.before_request(require_admin_enrolment)
