"""Complaints and citizen reception: letters, their workflow, the hold they put on the people
they are about, and confidential access."""

from flask import Blueprint

bp = Blueprint("complaints", __name__, url_prefix="/complaints")

from intranet.complaints import holds, views, workflow  # noqa: E402,F401  (hook; routes; binding)
