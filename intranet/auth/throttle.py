"""Login throttling with Flask-Limiter: failed attempts, per account and per address.

Only attempts whose password (or second-step code) was wrong count; a refused attempt is
answered 429 before the password is even checked, and audited. Three limits on POST /login:

- one account from one address (LOGIN_LIMIT_ACCOUNT_ADDRESS, tight): someone guessing from
  one place is slowed at once;
- one account from any address (LOGIN_LIMIT_ACCOUNT, looser): guessing spread over many
  addresses;
- one address, any account (LOGIN_LIMIT_ADDRESS): one place trying many accounts.

A browser that has completed a login for the account ("known device": a signed cookie) is
exempt from the last two. So someone hammering an account from elsewhere does not lock its
owner out, nor does a colleague's guessing behind the ward office's shared address; only the
first limit applies to the owner's own browser. docs/security.md discusses the choice.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
import unicodedata
from collections.abc import Callable

from flask import after_this_request, current_app, g, request
from flask_limiter.util import get_remote_address
from itsdangerous import BadData, URLSafeTimedSerializer

from intranet.errors import error_response
from intranet.extensions import limiter, ngettext

DEVICE_COOKIE = "known_device"
DEVICE_PATH = "/login"  # sent to the login pages only


def submitted_login() -> str:
    """The login name as typed, normalised the way accounts are looked up."""
    raw = request.form.get("username", "")
    return unicodedata.normalize("NFKC", raw).strip().casefold()[:64]


def counter(*parts: str) -> str:
    """A counter's key, in this installation's namespace."""
    return ":".join((current_app.config["LOGIN_THROTTLE_NAMESPACE"], *parts))


def failed_attempt() -> None:
    """Views call this when the password or code was wrong: only these attempts count."""
    g.login_failed = True


def _counts(response) -> bool:
    return bool(g.get("login_failed"))


# -- known devices ------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="known-device")


def _account_tag(account: str) -> str:
    """The cookie names no account: a keyed digest of the login name."""
    key = str(current_app.secret_key).encode()
    return hmac.new(key, account.encode(), hashlib.sha256).hexdigest()[:24]


def _known_tags() -> list[str]:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return []
    max_age = current_app.config["KNOWN_DEVICE_DAYS"] * 86400
    try:
        tags = _serializer().loads(raw, max_age=max_age)
    except BadData:
        return []
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def known_device() -> bool:
    return _account_tag(submitted_login()) in _known_tags()


def remember_device(username: str) -> None:
    """After a complete login: this browser is known for this account (five at most)."""
    tag = _account_tag(unicodedata.normalize("NFKC", username).casefold())
    tags = [*[t for t in _known_tags() if t != tag][-4:], tag]

    @after_this_request
    def set_cookie(response):
        response.set_cookie(
            DEVICE_COOKIE, _serializer().dumps(tags), path=DEVICE_PATH,
            max_age=current_app.config["KNOWN_DEVICE_DAYS"] * 86400, httponly=True,
            samesite="Lax", secure=request.is_secure or current_app.config["SESSION_COOKIE_SECURE"])
        return response


# -- the limits ---------------------------------------------------------------------------


def throttled_response(wait_seconds: int):
    minutes = max(1, math.ceil(wait_seconds / 60))
    message = ngettext("Too many failed attempts. Wait %(num)d minute, then try again.",
                       "Too many failed attempts. Wait %(num)d minutes, then try again.",
                       minutes)
    return error_response(429, message, {"Retry-After": str(max(1, wait_seconds))})


def limit(setting: str, key_func: Callable[[], str], scope: str,
          record: Callable[[str], None], exempt_when: Callable[[], bool] | None = None):
    """One Flask-Limiter limit on POST that counts failed attempts only, audited when hit."""

    def on_breach(request_limit):
        record(scope)
        reset_at = request_limit.window[0]  # when the oldest counted failure expires
        return throttled_response(math.ceil(reset_at - time.time()))

    return limiter.limit(lambda: current_app.config[setting], key_func=key_func,
                         methods=["POST"], scope=scope, deduct_when=_counts,
                         exempt_when=exempt_when, on_breach=on_breach)


def _record_login_throttled(scope: str) -> None:
    from intranet.auth.services import record_throttled

    record_throttled(request.form.get("username", ""), scope)


def login_limits(view):
    """The three limits of POST /login (see the module docstring)."""
    limits = (
        limit("LOGIN_LIMIT_ACCOUNT_ADDRESS",
              lambda: counter("account", submitted_login(), get_remote_address()),
              "account-address", _record_login_throttled),
        limit("LOGIN_LIMIT_ACCOUNT", lambda: counter("account", submitted_login()), "account",
              _record_login_throttled, exempt_when=known_device),
        limit("LOGIN_LIMIT_ADDRESS", lambda: counter("address", get_remote_address()), "address",
              _record_login_throttled, exempt_when=known_device),
    )
    for decorate in limits:
        view = decorate(view)
    return view
