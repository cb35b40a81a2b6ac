"""Turning the second factor on and off, recovery codes, and the login's second step.

Each change is one write transaction with its audit entry. Codes are checked outside the
transaction (argon2 is slow and SQLite's write lock is shared) and claimed inside it with a
compare-and-set, so that one code can never complete two logins.
"""

from __future__ import annotations

import hmac

from flask import current_app
from sqlalchemy import delete, func, or_, select, update

from intranet.audit import chain
from intranet.auth.models import User, new_session_token
from intranet.auth.passwords import hash_password, verify_password
from intranet.db import db, utcnow, write_transaction
from intranet.errors import Invalid, NotFound
from intranet.extensions import gettext as _
from intranet.mfa import totp
from intranet.mfa.models import RecoveryCode
from intranet.permissions import Role


def enrolment_required(user) -> bool:
    """Administrators must have a second factor before they may do anything else."""
    return (user.is_authenticated and Role.ADMIN in user.role_names
            and not user.totp_enabled)


def recovery_codes_left(user_id: int) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))) or 0


def _new_codes(session, user_id: int) -> list[str]:
    """Replace the user's recovery codes; the plain codes are returned to be shown once."""
    codes = totp.new_recovery_codes(current_app.config["RECOVERY_CODES"])
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    session.add_all(RecoveryCode(user_id=user_id, code_hash=hash_password(totp.clean_code(c)))
                    for c in codes)
    return codes


def enable(user: User, secret: str, code: str) -> tuple[User, list[str]]:
    """Confirm enrolment with a code from the app; returns the user and the recovery codes."""
    step = totp.matching_step(secret, code, None)
    if step is None:
        raise Invalid(_("This code is not correct. Check the time on your phone and enter "
                        "the code the app shows now."), field="code")
    with write_transaction() as session:
        user = session.get(User, user.id)
        if user.totp_enabled:
            raise Invalid(_("Two-step verification is already on."), field="code")
        user.totp_secret, user.totp_enabled_at, user.totp_last_step = secret, utcnow(), step
        user.session_token = new_session_token()  # sessions opened without it end
        codes = _new_codes(session, user.id)
        chain.append("user", user.id, "totp_enable", actor=user,
                     payload={"recovery_codes": len(codes)})
    return user, codes


def _check_password(user: User, password: str) -> None:
    if not verify_password(user.password_hash, password):
        raise Invalid(_("The password is not correct."), field="password")


def disable(user: User, password: str) -> User:
    _check_password(user, password)
    with write_transaction() as session:
        user = session.get(User, user.id)
        _turn_off(session, user)
        chain.append("user", user.id, "totp_disable", actor=user)
    return user


def _turn_off(session, user: User) -> None:
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    user.session_token = new_session_token()
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def regenerate_recovery_codes(user: User, password: str) -> list[str]:
    _check_password(user, password)
    with write_transaction() as session:
        user = session.get(User, user.id)
        if not user.totp_enabled:
            raise Invalid(_("Two-step verification is off."), field="password")
        codes = _new_codes(session, user.id)
        chain.append("user", user.id, "recovery_codes_regenerate", actor=user,
                     payload={"recovery_codes": len(codes)})
    return codes


def reset_for(actor: User | None, user_id: int) -> User:
    """An administrator (or the command line) turns off someone's lost second factor."""
    if actor is not None and actor.id == user_id:
        raise Invalid(_("Your own second factor is changed on the Two-step verification page, "
                        "with your password."))
    with write_transaction() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound()
        if not user.totp_enabled:
            return user
        _turn_off(session, user)
        chain.append("user", user.id, "totp_reset", actor=actor,
                     actor_name=None if actor else "cli")
    return user


def _matching_recovery_code(user_id: int, raw: str) -> int | None:
    code = totp.clean_code(raw)
    unused = db.session.execute(select(RecoveryCode.id, RecoveryCode.code_hash).where(
        RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))).all()
    for code_id, code_hash in unused:
        if verify_password(code_hash, code):
            return code_id
    return None


def complete_login(user_id: int, session_token: str, code: str) -> User | None:
    """The login's second step: a TOTP code or an unused recovery code. Every try audited."""
    user = db.session.get(User, user_id)
    if (user is None or not user.active or not user.totp_enabled
            or not hmac.compare_digest(user.session_token.encode(), session_token.encode())):
        return None
    step = totp.matching_step(user.totp_secret, code, user.totp_last_step)
    code_id = (_matching_recovery_code(user.id, code)
               if step is None and totp.looks_like_recovery_code(code) else None)
    with write_transaction() as session:
        user = session.get(User, user_id, populate_existing=True)
        if step is not None and _claim_step(session, user.id, step):
            method = "totp"
        elif code_id is not None and _claim_recovery_code(session, code_id):
            method = "recovery_code"
            chain.append("user", user.id, "recovery_code_used", actor=user,
                         payload={"left": recovery_codes_left(user.id)})
        else:
            chain.append("user", user.id, "totp_failed", actor=user)
            return None
        user.last_login_at = utcnow()
        chain.append("user", user.id, "login", actor=user, payload={"second_factor": method})
    return user


def _claim_step(session, user_id: int, step: int) -> bool:
    return session.execute(
        update(User).where(User.id == user_id, or_(User.totp_last_step.is_(None),
                                                   User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False)
    ).rowcount == 1


def _claim_recovery_code(session, code_id: int) -> bool:
    return session.execute(
        update(RecoveryCode).where(RecoveryCode.id == code_id, RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount == 1


def record_second_step_throttled(user_id: int | None, limit: str) -> None:
    """A code refused by the throttle before it was checked: audited too."""
    with write_transaction() as session:
        actor = session.get(User, user_id) if user_id else None
        chain.append("user", user_id, "totp_throttled", actor=actor, payload={"limit": limit})
