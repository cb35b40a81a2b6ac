"""Who is asking and what they send: request ids, input guards, sessions, timeouts, permission
checks and security headers."""

from __future__ import annotations

import hmac
import uuid
from datetime import UTC, datetime, timedelta
from functools import cache

from flask import Flask, abort, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, current_user, logout_user
from sqlalchemy import bindparam, select
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from intranet.db import db
from intranet.htmx import add_vary
from intranet.permissions import check_request_permission, login_redirect

MAX_ID = 2**31 - 1  # ids are 32-bit integer columns (PostgreSQL casts parameters to them)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; media-src 'self' blob:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask, login_manager: LoginManager) -> None:
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        # Behind a reverse proxy every request comes from the proxy's address: take the
        # client's address (login throttling counts by it) and scheme from the proxy's headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.session_interface = SessionInterface()
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    app.before_request(enforce_session_timeouts)
    app.before_request(check_request_permission)
    app.after_request(add_vary)
    app.after_request(set_security_headers)


def bounded_int(map, *args, **kwargs) -> IntegerConverter:
    """`<int:…>` in URLs, bounded: an id beyond MAX_ID cannot exist, so it is a 404 rather
    than a database error (PostgreSQL: integer out of range; SQLite cannot bind beyond 64 bits)."""
    kwargs.setdefault("max", MAX_ID)
    return IntegerConverter(map, *args, **kwargs)


def parse_id(raw: str | None) -> int | None:
    """An id from a form or a query string: ASCII digits up to MAX_ID, else None."""
    if not raw or not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        return None
    value = int(raw)
    return value if value <= MAX_ID else None


def init_request_guards(app: Flask) -> None:
    """Registered before CSRF protection and every other hook that reads the request."""
    app.url_map.converters["int"] = bounded_int  # before any blueprint adds its routes
    app.before_request(assign_request_id)
    app.before_request(refuse_malformed_input)


def accepts_uploads(view):
    """Mark a view whose form takes files. Files sent to any other view are refused: Flask-WTF
    would hand them to text fields, whose validators fail on them."""
    view.accepts_uploads = True
    return view


def upload_formdata(*file_fields: str) -> CombinedMultiDict:
    """The posted form, with files only under the form's own file fields. A file sent in place
    of a text field is dropped (the field reads as empty and says so), never handed to a
    field that cannot read it (a date field re-rendering a file failed with a 500)."""
    files = MultiDict([(name, value) for name, value in request.files.items(multi=True)
                       if name in file_fields])
    return CombinedMultiDict([request.form, files])


def refuse_malformed_input() -> None:
    """400 for input no form can need and some layers cannot take: NUL characters
    (PostgreSQL refuses them in text), multipart fields without a name (Flask-WTF's token
    lookup fails on those), files sent to a view that takes none. 413 for oversized bodies:
    Flask bounds each multipart text field (MAX_FORM_MEMORY_SIZE) but reads any other body
    whole, up to MAX_CONTENT_LENGTH; such a body is all form memory, so the same bound applies.
    """
    limit = current_app.config["MAX_FORM_MEMORY_SIZE"]
    if request.mimetype != "multipart/form-data" and (request.content_length or 0) > limit:
        abort(413)
    fields = [*request.args.items(multi=True)]
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        fields += request.form.items(multi=True)
        if request.files and not getattr(current_app.view_functions.get(request.endpoint),
                                         "accepts_uploads", False):
            abort(400)
    for key, value in fields:
        if not isinstance(key, str) or "\x00" in key or "\x00" in value:
            abort(400)


def load_user(user_key: str):
    """Session value is "<id>:<session token>"; a rotated token ends every old copy."""
    from intranet.auth.models import Assignment, SignedInUser

    user_id, _, token = user_key.partition(":")
    if not (user_id.isascii() and user_id.isdigit()) or not token:
        return None
    rows = db.session.connection().execute(_user_statement(), {"user_id": int(user_id)}).all()
    if not rows:
        return None
    account = rows[0]._mapping
    if not account["active"] or not hmac.compare_digest(account["session_token"].encode(),
                                                         token.encode()):
        return None
    columns = {key: account[key] for key in _account_columns()}
    return SignedInUser(columns, [Assignment(row.role, row.org_unit_id)
                                  for row in rows if row.role is not None])


@cache
def _account_columns() -> tuple[str, ...]:
    from intranet.auth.models import User

    return tuple(User.__table__.columns.keys())


@cache
def _user_statement():
    """The account and its roles in one statement, as plain rows: every request reads both.
    Built once (its cache key is not computed again on every request)."""
    from intranet.auth.models import RoleAssignment, User

    account, roles = User.__table__, RoleAssignment.__table__
    return (select(account, roles.c.role, roles.c.org_unit_id)
            .outerjoin(roles, roles.c.user_id == account.c.id)
            .where(account.c.id == bindparam("user_id"))
            .order_by(roles.c.id))


def assign_request_id() -> None:
    g.request_id = uuid.uuid4().hex[:16]


LAST_SEEN_RESOLUTION_S = 60


def enforce_session_timeouts():
    if not current_user.is_authenticated:
        return None
    now = datetime.now(UTC).timestamp()
    cfg = current_app.config
    idle = timedelta(minutes=cfg["SESSION_IDLE_TIMEOUT_MINUTES"]).total_seconds()
    absolute = timedelta(hours=cfg["SESSION_ABSOLUTE_TIMEOUT_HOURS"]).total_seconds()
    started = session.get("login_at", now)
    last_seen = session.get("last_seen", now)
    if now - last_seen > idle or now - started > absolute:
        logout_user()
        session.clear()
        session["expired"] = True
        return login_redirect()
    if now - last_seen >= LAST_SEEN_RESOLUTION_S:
        # At most once a minute: in between, responses need not re-sign and re-send the cookie.
        session["last_seen"] = now
    return None


# Every response's headers, unless the view set its own: added in one pass over the headers
# (a `setdefault` each walks the whole list: six walks were a tenth of a bare response's time).
SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(self), microphone=(), geolocation=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def set_security_headers(response):
    headers = response.headers
    present = {key.lower() for key, _value in headers}  # (Headers iterate as pairs)
    added = [*SECURITY_HEADERS, HSTS] if request.is_secure else [*SECURITY_HEADERS]
    request_id = g.get("request_id")
    if request_id:
        added.append(("X-Request-ID", request_id))
    if current_user and current_user.is_authenticated:
        # Pages that show one person's data are never stored by shared caches.
        added.append(("Cache-Control", "no-store"))
    headers.extend([(key, value) for key, value in added if key.lower() not in present])
    return response


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over TLS (or config says so)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure
