"""Personnel: delegate quotas, nominations, vetting, approval, appointment, replacement, and
committee personnel."""

from flask import Blueprint

bp = Blueprint("personnel", __name__, url_prefix="/personnel")

from intranet.personnel import views, workflow  # noqa: E402,F401  (routes; bindings)
