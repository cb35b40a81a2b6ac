"""Helpers for the personnel tests: people and organizations of the demo by name or code,
and a ward without any personnel data for the allocation tests."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from intranet.auth.models import User
from intranet.db import write_transaction
from intranet.extensions import db
from intranet.org.models import Member, OrgUnit
from intranet.personnel.models import ExOfficioDelegate, Nomination
from intranet.personnel.services import org_members
from intranet.workflow_service import apply_transition


def user(name: str) -> User:
    found = db.session.scalar(select(User).where(User.username == name))
    assert found is not None, name
    return found


def unit(code: str) -> OrgUnit:
    return db.session.scalar(select(OrgUnit).where(OrgUnit.code == code))


def free_members(code: str, n: int) -> list[Member]:
    """Members of the organization nobody has nominated (nor sit ex officio)."""
    taken = select(Nomination.member_id).where(Nomination.state != "withdrawn")
    ex_officio = select(ExOfficioDelegate.member_id)
    return db.session.scalars(
        select(Member).where(org_members(unit(code)), Member.id.not_in(taken),
                             Member.id.not_in(ex_officio)).order_by(Member.id).limit(n)).all()


def fresh(item):
    return db.session.get(type(item), item.id, populate_existing=True)


def move(item, *steps):
    """Fire (trigger, username[, reason]) steps in order; return the item as stored."""
    for step in steps:
        trigger, who, *reason = step
        apply_transition(fresh(item), trigger, user(who), reason=reason[0] if reason else None)
    return fresh(item)


@pytest.fixture
def ward(app):
    """The demo ward preparing a second congress: nothing allocated or nominated for it yet.
    (Cheaper than seeding a ward: every test starts from a copy of the demo database.)"""
    from datetime import date

    from intranet.org.models import Congress
    from intranet.org.services import ward_committees

    with app.app_context(), write_transaction() as session:
        (ward,) = ward_committees()
        session.add(Congress(org_unit_id=ward.id, term="2030-2035",
                             opens_on=date(2030, 8, 1),
                             name="Đại hội đại biểu Đảng bộ phường Thủy Nguyên lần thứ II"))
        return ward.id


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
