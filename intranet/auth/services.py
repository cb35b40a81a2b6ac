"""Logging in and out, passwords, language: each a write transaction with its audit entry."""

from __future__ import annotations

from sqlalchemy import func, select

from intranet.audit import chain
from intranet.auth.models import User, new_session_token
from intranet.auth.passwords import (
    burn_verification,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from intranet.db import db, utcnow, write_transaction
from intranet.errors import Invalid


def find_user(username: str) -> User | None:
    return db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower()))


def authenticate(username: str, password: str) -> User | None:
    """The user when the password is right and the account active; every attempt audited.

    A user with a second factor is not logged in yet: the entry says the password was right,
    and `intranet.mfa.services.complete_login` records the login after the code.
    """
    with write_transaction():
        user = find_user(username)
        if user is None:
            burn_verification(password)
            ok = False
        else:
            ok = verify_password(user.password_hash, password) and user.active
        if not ok:
            chain.append("user", user.id if user else None, "login_failed",
                         actor_name=username.strip()[:64] or None,
                         payload={"username": username.strip()[:64]})
            return None
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        if user.totp_enabled:
            chain.append("user", user.id, "login_password_ok", actor=user)
            return user
        user.last_login_at = utcnow()
        chain.append("user", user.id, "login", actor=user)
    return user


def record_throttled(username: str, limit: str) -> None:
    """An attempt refused by the throttle before its password was checked: audited too."""
    name = username.strip()[:64]
    with write_transaction():
        user = find_user(username) if name else None
        chain.append("user", user.id if user else None, "login_throttled",
                     actor_name=name or None, payload={"username": name, "limit": limit})


def log_out(user: User) -> None:
    """End every copy of this user's session."""
    with write_transaction():
        user = db.session.get(User, user.id)
        user.session_token = new_session_token()
        chain.append("user", user.id, "logout", actor=user)


def change_password(user: User, current: str, new: str) -> User:
    if not verify_password(user.password_hash, current):
        raise Invalid(field="current_password")
    problem = password_problem(new, user.username)
    if problem:
        raise Invalid(problem, field="new_password")
    with write_transaction():
        user = db.session.get(User, user.id)
        user.password_hash = hash_password(new)
        user.session_token = new_session_token()
        chain.append("user", user.id, "password_change", actor=user)
    return user


def set_language(user: User, locale: str) -> None:
    with write_transaction():
        db.session.get(User, user.id).locale = locale
