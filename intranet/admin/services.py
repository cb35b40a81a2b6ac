"""Accounts and roles, administered: each change audited in the same transaction."""

from __future__ import annotations

import re

from sqlalchemy import func, or_, select

from intranet.audit import chain
from intranet.auth.models import RoleAssignment, User, new_session_token
from intranet.auth.passwords import hash_password, password_problem
from intranet.db import db, write_transaction
from intranet.errors import Invalid, NotFound
from intranet.extensions import gettext as _
from intranet.org.models import OrgUnit
from intranet.permissions import SCOPED_ROLES, Role

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


def list_users(query: str = "", limit: int = 200) -> list[User]:
    stmt = select(User).order_by(User.username).limit(limit)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(User.username).like(like),
                              func.lower(User.display_name).like(like)))
    return db.session.scalars(stmt).all()


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound()
    return user


def create_user(actor: User | None, *, username: str, display_name: str, password: str,
                email: str | None = None, member_id: int | None = None) -> User:
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise Invalid(_("Lower-case letters without accents, digits, dot, dash, underscore."),
                      field="username")
    problem = password_problem(password, username)
    if problem:
        raise Invalid(problem, field="password")
    with write_transaction() as session:
        if session.scalar(select(User.id).where(func.lower(User.username) == username)):
            raise Invalid(_("This login name is already taken."), field="username")
        user = User(username=username, display_name=display_name.strip(),
                    email=(email or "").strip() or None, member_id=member_id,
                    password_hash=hash_password(password))
        session.add(user)
        session.flush()
        chain.append("user", user.id, "user_create", actor=actor,
                     actor_name=None if actor else "cli",
                     payload={"username": username, "display_name": user.display_name})
    return user


def grant_role(actor: User, user_id: int, role: str, org_unit_id: int | None) -> RoleAssignment:
    try:
        role = Role(role)
    except ValueError:
        raise Invalid(_("Unknown role."), field="role") from None
    if role in SCOPED_ROLES and org_unit_id is None:
        raise Invalid(_("This role is held for one organization: choose it."),
                      field="org_unit_id")
    if role not in SCOPED_ROLES:
        org_unit_id = None
    with write_transaction() as session:
        user = get_user(user_id)
        if org_unit_id is not None and session.get(OrgUnit, org_unit_id) is None:
            raise Invalid(_("Unknown organization."), field="org_unit_id")
        if any(a.role == role and a.org_unit_id == org_unit_id for a in user.role_assignments):
            raise Invalid(_("The user already holds this role."), field="role")
        assignment = RoleAssignment(user=user, role=role, org_unit_id=org_unit_id,
                                    granted_by_id=actor.id if actor else None)
        session.add(assignment)
        session.flush()
        chain.append("user", user.id, "role_grant", actor=actor,
                     actor_name=None if actor else "cli",
                     payload={"role": role.value, "org_unit_id": org_unit_id})
    return assignment


def revoke_role(actor: User, user_id: int, assignment_id: int) -> None:
    with write_transaction() as session:
        assignment = session.get(RoleAssignment, assignment_id)
        if assignment is None or assignment.user_id != user_id:
            raise NotFound()
        if assignment.user_id == actor.id and assignment.role == Role.ADMIN:
            raise Invalid(_("You cannot remove your own administrator role."))
        payload = {"role": assignment.role, "org_unit_id": assignment.org_unit_id}
        session.delete(assignment)
        chain.append("user", user_id, "role_revoke", actor=actor, payload=payload)


def set_active(actor: User, user_id: int, active: bool) -> User:
    """Deactivation also ends every session of that user."""
    if user_id == actor.id and not active:
        raise Invalid(_("You cannot deactivate your own account."))
    with write_transaction():
        user = get_user(user_id)
        if user.active == active:
            return user
        user.active = active
        user.session_token = new_session_token()
        chain.append("user", user.id, "user_activate" if active else "user_deactivate",
                     actor=actor)
    return user


def unit_choices() -> list[tuple[int, str]]:
    return [(u.id, f"{u.code} — {u.name}") for u in db.session.scalars(
        select(OrgUnit).where(OrgUnit.parent_id.is_not(None)).order_by(OrgUnit.code))]
