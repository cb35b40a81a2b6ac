"""What the session remembers between two requests: the login waiting for its code, and the
secret being enrolled. Nothing here writes to the database (a GET changes no state)."""

from __future__ import annotations

import time

from flask import current_app, session

from intranet.mfa import totp

PENDING_LOGIN = "second_step"
ENROLLING = "totp_enrolment"


def begin_second_step(user, next_url: str | None) -> None:
    """The password was right: remember who is half logged in, for a few minutes."""
    minutes = current_app.config["SECOND_STEP_MINUTES"]
    session[PENDING_LOGIN] = {"user": user.id, "token": user.session_token,
                              "until": time.time() + 60 * minutes, "next": next_url}


def pending_login() -> dict | None:
    pending = session.get(PENDING_LOGIN)
    if not isinstance(pending, dict) or pending.get("until", 0) < time.time():
        session.pop(PENDING_LOGIN, None)
        return None
    return pending


def pending_user_key() -> str:
    """Rate-limit key of the second step: the half-logged-in account."""
    from intranet.auth.throttle import counter

    pending = session.get(PENDING_LOGIN)
    return counter("user", str(pending.get("user") if isinstance(pending, dict) else None))


def enrolment_secret() -> str:
    """The secret shown on the enrolment page, the same until it is confirmed."""
    secret = session.get(ENROLLING)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = session[ENROLLING] = totp.new_secret()
    return secret


def forget_enrolment_secret() -> None:
    session.pop(ENROLLING, None)
