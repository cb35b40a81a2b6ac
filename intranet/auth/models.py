"""Users and their roles."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.db import db, utcnow
from intranet.org.models import Member, OrgUnit
from intranet.permissions import Role


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class AccountMixin(UserMixin):
    """What an account answers (its session key, whether it is active, its second factor, its
    roles), whether it is loaded as an object of the ORM or is the signed-in user of a request
    (`SignedInUser`)."""

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None and bool(self.totp_secret)

    @property
    def role_names(self) -> frozenset[Role]:
        return frozenset(Role(a.role) for a in self.role_assignments)

    def has_role(self, role: Role, org_unit_id: int | None = None) -> bool:
        return any(
            a.role == role and (org_unit_id is None or a.org_unit_id == org_unit_id)
            for a in self.role_assignments
        )

    def scoped_units(self, role: Role) -> set[int]:
        """The organization units this user acts for in a scoped role."""
        return {a.org_unit_id for a in self.role_assignments
                if a.role == role and a.org_unit_id is not None}


class User(AccountMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    # Rotated by logout, password change and deactivation: every copy of the session ends.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Second factor (TOTP): the confirmed secret, when it was turned on, and the last time step
    # accepted (a code is never accepted twice). Recovery codes: intranet.mfa.models.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    member: Mapped[Member | None] = relationship()
    role_assignments: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        foreign_keys="RoleAssignment.user_id",
        lazy="selectin",
    )

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class RoleAssignment(db.Model):
    __tablename__ = "role_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(40))
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    user: Mapped[User] = relationship(back_populates="role_assignments", foreign_keys=[user_id])
    org_unit: Mapped[OrgUnit | None] = relationship()

    __table_args__ = (Index("ix_role_assignment_user_id_role", "user_id", "role"),)


@dataclass(frozen=True)
class Assignment:
    """One role of the signed-in user, as read with their account."""

    role: str
    org_unit_id: int | None


class SignedInUser(AccountMixin):
    """The logged-in user of a request: every column of their account and their roles, read as
    plain rows (intranet.security.load_user), not as objects of the ORM. Every request reads
    them, and the ORM's loading of an account with its roles cost twice the plain rows.

    It answers what the requests ask of a user (id, names, locale, roles, second factor). It is
    not an object of the session: a service that changes the account loads it
    (`session.get(User, user.id)`), as every one already does inside its transaction."""

    def __init__(self, columns: Mapping, assignments: Sequence[Assignment]):
        self.__dict__.update(columns)
        self.role_assignments = tuple(assignments)

    def __repr__(self) -> str:
        return f"<SignedInUser {self.username}>"
