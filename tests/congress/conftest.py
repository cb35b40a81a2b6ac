"""Helpers for the congress tests: the demo's delegates, sessions and users by name."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from intranet.auth.models import User
from intranet.congress.models import CheckIn, CongressSession, Delegate
from intranet.extensions import db


def user(name: str) -> User:
    found = db.session.scalar(select(User).where(User.username == name))
    assert found is not None, name
    return found


def sessions() -> list[CongressSession]:
    return list(db.session.scalars(select(CongressSession).order_by(CongressSession.position)))


def delegate(number: int) -> Delegate:
    return db.session.scalar(select(Delegate).where(Delegate.number == number))


def not_checked_in(session_id: int, n: int = 1) -> list[Delegate]:
    here = select(CheckIn.delegate_id).where(CheckIn.session_id == session_id)
    return list(db.session.scalars(
        select(Delegate).where(Delegate.left_reason.is_(None), Delegate.id.not_in(here))
        .order_by(Delegate.number).limit(n)))


def check_in_count(session_id: int, delegate_id: int | None = None) -> int:
    stmt = select(func.count(CheckIn.id)).where(CheckIn.session_id == session_id)
    if delegate_id is not None:
        stmt = stmt.where(CheckIn.delegate_id == delegate_id)
    return db.session.scalar(stmt)


@pytest.fixture(autouse=True)
def messages_in_english(request):
    """Service tests (those using `ctx`) read the refusals in English, the source language."""
    if "ctx" not in request.fixturenames:
        yield
        return
    from flask_babel import force_locale

    app = request.getfixturevalue("ctx")
    with app.test_request_context(), force_locale("en"):
        yield
