from flask import Blueprint

bp = Blueprint("org", __name__, url_prefix="/org")

from intranet.org import views  # noqa: E402,F401
