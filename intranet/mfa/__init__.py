"""Second factor (TOTP): enrolment, recovery codes, the login's second step, and the rule that
administrators cannot do anything before they have enrolled."""

from flask import Blueprint

bp = Blueprint("mfa", __name__)

from intranet.mfa import views  # noqa: E402,F401
