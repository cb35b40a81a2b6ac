"""Extensions, created unbound; create_app() binds them to an application."""

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from intranet.db import db


def remote_address() -> str:
    """The client's address as the WSGI server saw it (a proxy must set it, see README)."""
    return request.remote_addr or "unknown"


babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()
migrate = Migrate()
# Storage, strategy and on/off come from the RATELIMIT_* settings at init_app (config.py).
limiter = Limiter(key_func=remote_address)

__all__ = ["babel", "csrf", "db", "limiter", "login_manager", "migrate"]
