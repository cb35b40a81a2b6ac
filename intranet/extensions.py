"""Extensions, created unbound; create_app() binds them to an application."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from intranet.db import db

babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()
migrate = Migrate()

__all__ = ["babel", "csrf", "db", "login_manager", "migrate"]
