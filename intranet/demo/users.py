"""One demo login per role, linked to the people who would hold it."""

from __future__ import annotations

from sqlalchemy import select

from intranet.admin.services import create_user, grant_role
from intranet.auth.models import User
from intranet.db import db
from intranet.org.models import Body, BodyMembership, Member, OrgUnit, Position
from workflows.roles import Role

# login, how to find the person, roles, the unit a scoped role is held for
DEMO_USERS: tuple[tuple[str, tuple, tuple[Role, ...], str | None], ...] = (
    ("admin", ("name", "Quản trị hệ thống"), (Role.ADMIN,), None),
    ("thuongvu", ("body", Body.STANDING, 0), (Role.STANDING, Role.EXECUTIVE, Role.STEERING),
     None),
    ("thuongvu2", ("body", Body.STANDING, 1), (Role.STANDING, Role.EXECUTIVE), None),
    ("bch", ("body", Body.EXECUTIVE, 15), (Role.EXECUTIVE,), None),
    ("bcd", ("body", Body.STEERING, 6), (Role.STEERING,), None),
    ("vankien", ("body", Body.DOCUMENTS, 1), (Role.DOCUMENTS,), None),
    ("nhansu", ("body", Body.PERSONNEL, 2), (Role.PERSONNEL,), None),
    ("donthu", ("body", Body.COMPLAINTS, 2), (Role.COMPLAINTS,), None),
    ("tuyentruyen", ("body", Body.COMMUNICATIONS, 1), (Role.COMMUNICATIONS,), None),
    ("bithu", ("unit", "CBTT01"), (Role.SECRETARY,), "CBTT01"),
    ("bithu2", ("unit", "CBCS01"), (Role.SECRETARY,), "CBCS01"),
    ("vanthu", ("unit", "DBCS03-CB01"), (Role.CLERK,), None),
    ("kiemtra", ("body", Body.INSPECTION, 0), (Role.INSPECTOR,), None),
    ("thamtra", ("body", Body.EXECUTIVE, 20), (Role.CREDENTIALS,), None),
    ("thuky", ("body", Body.EXECUTIVE, 22), (Role.SECRETARIAT,), None),
)


def _person(ward: OrgUnit, how: tuple) -> tuple[str, int | None]:
    kind = how[0]
    if kind == "name":
        return how[1], None
    if kind == "body":
        seats = db.session.scalars(
            select(BodyMembership).where(BodyMembership.org_unit_id == ward.id,
                                         BodyMembership.body == how[1])
            .order_by(BodyMembership.position != Position.HEAD, BodyMembership.id)
        ).all()
        member = seats[how[2] % len(seats)].member
    else:
        unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == how[1]))
        member = db.session.scalar(select(Member).where(Member.org_unit_id == unit.id)
                                   .order_by(Member.id).limit(1))
    return member.full_name, member.id


def seed_demo_users(ward: OrgUnit, password: str) -> list[str]:
    """Create the demo logins that do not exist yet; return the names created."""
    created = []
    for login, how, roles, unit_code in DEMO_USERS:
        if db.session.scalar(select(User.id).where(User.username == login)):
            continue
        name, member_id = _person(ward, how)
        user = create_user(None, username=login, display_name=name, password=password,
                           member_id=member_id)
        unit_id = None
        if unit_code:
            unit_id = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == unit_code))
        for role in roles:
            grant_role(None, user.id, role, unit_id)
        created.append(login)
    return created
