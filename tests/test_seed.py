"""The demo reproduces the ward's figures and can be loaded twice without duplicates."""

import pytest
from sqlalchemy import func, select

from intranet.auth.models import User
from intranet.extensions import db
from intranet.org.models import Body, BodyMembership, Member, OrgUnit, UnitKind
from intranet.org.services import unit_tree, ward_committees
from workflows.roles import Role

from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.demo


def count(stmt) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.subquery()))


def test_the_ward_has_102_organizations_directly_under_it(ctx):
    (ward,) = ward_committees()
    direct = db.session.scalars(select(OrgUnit.kind).where(OrgUnit.parent_id == ward.id)).all()
    assert len(direct) == 102
    assert direct.count(UnitKind.GRASSROOTS_COMMITTEE) == 5
    assert direct.count(UnitKind.GRASSROOTS_CELL) == 23
    assert direct.count(UnitKind.AFFILIATED_CELL) == 74
    assert count(select(OrgUnit).where(OrgUnit.kind == UnitKind.SUB_CELL)) >= 15


def test_the_ward_has_2846_members_and_the_tree_adds_up(ctx):
    assert count(select(Member)) == 2846
    (ward,) = ward_committees()
    rows = unit_tree(ward)
    assert rows[0].members == 2846
    assert sum(r.members for r in rows if r.depth == 1) == 2846


def test_executive_committee_of_27_with_a_standing_committee_of_9(ctx):
    def seats(body):
        return set(db.session.scalars(select(BodyMembership.member_id)
                                      .where(BodyMembership.body == body)))

    executive, standing = seats(Body.EXECUTIVE), seats(Body.STANDING)
    assert len(executive) == 27 and len(standing) == 9
    assert standing <= executive


def test_one_demo_login_per_role(ctx):
    users = db.session.scalars(select(User)).all()
    held = {a.role for u in users for a in u.role_assignments}
    assert held == {r.value for r in Role}


def test_seeding_twice_adds_nothing(ctx, runner):
    def totals():
        return [count(select(m)) for m in (OrgUnit, Member, BodyMembership, User)]

    before = totals()
    result = runner.invoke(args=["seed-demo", "--password", DEMO_PASSWORD])
    assert result.exit_code == 0, result.output
    assert "already exist" in result.output
    assert totals() == before


def test_demo_users_log_in_with_the_given_password(client):
    client.login("thuongvu")
    assert client.get("/").status_code == 200


def test_a_weak_demo_password_is_refused(runner):
    result = runner.invoke(args=["seed-demo", "--password", "123"])
    assert result.exit_code != 0
