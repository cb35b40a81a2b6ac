"""Starting a session at login, and where to go afterwards (shared by both login steps)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import session
from flask_login import login_user

from intranet.db import utcnow


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host, never a scheme."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def start_session(user) -> None:
    """A new session at every login (nothing carried over from before)."""
    session.clear()
    login_user(user)
    now = utcnow().timestamp()
    session["login_at"] = now
    session["last_seen"] = now
    session["locale"] = user.locale
