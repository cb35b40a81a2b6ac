"""Complaints and citizen reception: letters, their workflow, the hold they put on the people
they are about, and confidential access."""

from flask import Blueprint

bp = Blueprint("complaints", __name__, url_prefix="/complaints")

# The hold hook, the routes, the binding and the steering dashboard's section.
from intranet.complaints import dashboard, holds, views, workflow  # noqa: E402,F401
