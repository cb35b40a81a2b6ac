from flask import Blueprint

bp = Blueprint("flow", __name__)

from intranet.flow import views  # noqa: E402,F401
