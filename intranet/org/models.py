"""The Party organization tree, its members and the congress being prepared."""

from __future__ import annotations

import functools
from datetime import date
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    bindparam,
    func,
    select,
)
from sqlalchemy.orm import Mapped, aliased, mapped_column, relationship

from intranet.db import db


class UnitKind(StrEnum):
    WARD_COMMITTEE = "ward_committee"  # Đảng bộ phường
    GRASSROOTS_COMMITTEE = "grassroots_committee"  # Đảng bộ cơ sở
    GRASSROOTS_CELL = "grassroots_cell"  # Chi bộ cơ sở
    AFFILIATED_CELL = "affiliated_cell"  # Chi bộ trực thuộc
    SUB_CELL = "sub_cell"  # Chi bộ trực thuộc đảng bộ cơ sở


class Body(StrEnum):
    """Bodies of the ward committee whose members are recorded (the incumbent term)."""

    EXECUTIVE = "executive_committee"  # Ban Chấp hành
    STANDING = "standing_committee"  # Ban Thường vụ
    INSPECTION = "inspection_commission"  # Ủy ban Kiểm tra
    STEERING = "steering_committee"  # Ban Chỉ đạo Đại hội
    DOCUMENTS = "documents_subcommittee"
    PERSONNEL = "personnel_subcommittee"
    COMPLAINTS = "complaints_subcommittee"
    COMMUNICATIONS = "communications_subcommittee"


class Position(StrEnum):
    SECRETARY = "secretary"  # Bí thư
    DEPUTY_SECRETARY = "deputy_secretary"  # Phó Bí thư
    HEAD = "head"  # Trưởng ban / Trưởng tiểu ban
    DEPUTY_HEAD = "deputy_head"
    MEMBER = "member"


class Gender(StrEnum):
    MALE = "M"
    FEMALE = "F"


class OrgUnit(db.Model):
    __tablename__ = "org_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    sort_order: Mapped[int] = mapped_column(default=0)

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[OrgUnit]] = relationship(
        back_populates="parent", order_by="OrgUnit.sort_order"
    )

    __table_args__ = (
        CheckConstraint(
            "kind in ('ward_committee','grassroots_committee','grassroots_cell',"
            "'affiliated_cell','sub_cell')",
            name="kind",
        ),
        Index("ix_org_unit_kind_code", "kind", "code"),  # the ward committees, in code order
    )

    def __repr__(self) -> str:
        return f"<OrgUnit {self.code} {self.kind}>"


class Member(db.Model):
    """A Party member (đảng viên), registered in one organization unit."""

    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    gender: Mapped[str] = mapped_column(String(1))
    birth_year: Mapped[int]
    joined_year: Mapped[int]

    org_unit: Mapped[OrgUnit] = relationship()

    __table_args__ = (
        CheckConstraint("gender in ('M','F')", name="gender"),
        Index("ix_member_org_unit_id_full_name", "org_unit_id", "full_name"),
    )

    def __repr__(self) -> str:
        return f"<Member {self.id} {self.full_name}>"


class Congress(db.Model):
    """A congress being prepared (Đại hội), held by one organization unit."""

    __tablename__ = "congress"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    term: Mapped[str] = mapped_column(String(20))
    opens_on: Mapped[date]

    org_unit: Mapped[OrgUnit] = relationship()


class BodyMembership(db.Model):
    """A member's seat in one of the ward committee's bodies for a term."""

    __tablename__ = "body_membership"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    body: Mapped[str] = mapped_column(String(40))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    position: Mapped[str] = mapped_column(String(20), default=Position.MEMBER)
    term: Mapped[str] = mapped_column(String(20))

    member: Mapped[Member] = relationship()

    __table_args__ = (
        UniqueConstraint("org_unit_id", "body", "member_id", "term"),
        Index("ix_body_membership_body", "org_unit_id", "body", "term"),
    )


def subtree_units(root_id: int) -> list[OrgUnit]:
    """The root and every unit under it, in one statement: the recursive query carries the
    units' columns (joined back to the table by id, PostgreSQL read all 11,800 organizations
    of a city to find a ward's 118)."""
    return list(db.session.scalars(_subtree_statement(), {"root_id": root_id}))


@functools.cache
def _subtree_statement():
    """Built once (SQLAlchemy computed the recursive statement's cache key on every call)."""
    tree = select(OrgUnit).where(OrgUnit.id == bindparam("root_id")).cte(recursive=True)
    tree = tree.union_all(select(OrgUnit).join(tree, OrgUnit.parent_id == tree.c.id))
    return select(aliased(OrgUnit, tree))


def member_counts(root_id: int, parent_of: dict[int, int | None]) -> dict[int, int]:
    """Members of every unit of a subtree (`parent_of`: its units, root included, each with
    its parent), each unit counting all its descendants."""
    # The unit ids as a list, not a subquery: the planner then reads the members' index for
    # these units instead of scanning every member of a city (measured: docs/performance.md).
    direct = db.session.execute(_member_count_statement(), {"unit_ids": list(parent_of)}).all()
    totals = dict.fromkeys(parent_of, 0)
    for unit_id, count in direct:
        node = unit_id
        while node is not None:
            totals[node] += count
            node = parent_of[node] if node != root_id else None
    return totals


@functools.cache
def _member_count_statement():
    return (select(Member.org_unit_id, func.count())
            .where(Member.org_unit_id.in_(bindparam("unit_ids", expanding=True)))
            .group_by(Member.org_unit_id))


def subtree_member_counts(root_id: int) -> dict[int, int]:
    """Members of every unit under root (root included), each counting all its descendants."""
    return member_counts(root_id, {u.id: u.parent_id for u in subtree_units(root_id)})
