"""Extensions, created unbound; create_app() binds them to an application."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from intranet.db import db

babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()
migrate = Migrate()
# Counts per process unless RATELIMIT_STORAGE_URI points at Redis (INTRANET_REDIS_URL).
limiter = Limiter(key_func=get_remote_address)

__all__ = ["babel", "csrf", "db", "limiter", "login_manager", "migrate"]
