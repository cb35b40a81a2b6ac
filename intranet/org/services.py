"""Reading the organization tree and its members."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import bindparam, func, literal, or_, select
from sqlalchemy.orm import joinedload

from intranet.db import db, page_and_total
from intranet.errors import NotFound
from intranet.org.models import (
    Congress,
    Member,
    OrgUnit,
    UnitKind,
    member_counts,
    subtree_units,
)

# The wards are 100 of a city's 11,800 organizations. Written into the SQL rather than bound:
# psycopg prepares a statement after its fifth run, and PostgreSQL then plans it once for any
# kind, which walked every organization in code order to keep the wards (1.5 ms at N=100;
# 0.17 ms on the (kind, code) index when the plan knows the kind).
IS_WARD = OrgUnit.kind == literal(UnitKind.WARD_COMMITTEE.value, literal_execute=True)


@dataclass(frozen=True)
class UnitRow:
    unit: OrgUnit
    depth: int
    members: int


def ward_committees() -> list[OrgUnit]:
    return db.session.scalars(
        select(OrgUnit).where(IS_WARD).order_by(OrgUnit.code)
    ).all()


_WARD_COUNT = select(func.count(OrgUnit.id)).where(IS_WARD)


@functools.cache
def _ward_page_statement():
    """Built once, as the organization tree's other statements (building one and its cache
    key took longer than running it)."""
    return (select(OrgUnit).where(IS_WARD).add_columns(func.count().over())
            .order_by(OrgUnit.code).limit(bindparam("limit")).offset(bindparam("offset")))


def ward_page(page: int, per_page: int) -> tuple[list[OrgUnit], int]:
    """Ward committees in code order, one page of them, and how many there are (one
    statement: the count rides along each row)."""
    rows = db.session.execute(_ward_page_statement(),
                              {"limit": per_page, "offset": (page - 1) * per_page}).all()
    return page_and_total(rows, page, _WARD_COUNT)


def chosen_ward(ward_id: int | None) -> OrgUnit | None:
    """The ward asked for (404 if it is not a ward), else the one preparing its congress."""
    if ward_id is not None:
        ward = db.session.get(OrgUnit, ward_id)
        if ward is None or ward.kind != UnitKind.WARD_COMMITTEE:
            raise NotFound()
        return ward
    preparing = db.session.scalar(_preparing_ward_statement())
    if preparing is not None:
        return preparing
    return db.session.scalar(select(OrgUnit).where(IS_WARD)
                             .order_by(OrgUnit.code).limit(1))


@functools.cache
def _preparing_ward_statement():
    # The latest congress's ward in one statement, found by its key (joined to the congresses
    # instead, PostgreSQL read all 11,800 organizations of a city to hash them: 1.2 ms).
    return select(OrgUnit).where(OrgUnit.id == select(Congress.org_unit_id)
                                 .order_by(Congress.opens_on.desc()).limit(1).scalar_subquery())


def current_congress() -> Congress | None:
    return db.session.scalar(select(Congress).order_by(Congress.opens_on.desc()).limit(1))


def current_congress_id():
    """The congress being prepared, as a scalar subquery: "my tasks" lists only its items
    (at city scale the tables hold other wards' earlier congresses too)."""
    return select(Congress.id).order_by(Congress.opens_on.desc()).limit(1).scalar_subquery()


def unit_tree(root: OrgUnit) -> list[UnitRow]:
    """The subtree in display order, each unit with its member count (descendants included)."""
    units = subtree_units(root.id)
    counts = member_counts(root.id, {unit.id: unit.parent_id for unit in units})
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    rows: list[UnitRow] = []

    def walk(unit: OrgUnit, depth: int) -> None:
        rows.append(UnitRow(unit, depth, counts.get(unit.id, 0)))
        for child in sorted(children.get(unit.id, []), key=lambda u: (u.sort_order, u.code)):
            walk(child, depth + 1)

    walk(root, 0)
    return rows


def kind_counts(rows: list[UnitRow]) -> dict[str, int]:
    """How many units of each kind sit directly under the root (depth 1) and below (sub cells)."""
    result: dict[str, int] = {}
    for row in rows:
        if row.depth >= 1:
            result[row.unit.kind] = result.get(row.unit.kind, 0) + 1
    return result


def get_unit(unit_id: int) -> OrgUnit:
    unit = db.session.get(OrgUnit, unit_id)
    if unit is None:
        raise NotFound()
    return unit


def unit_members(unit: OrgUnit, query: str = "", page: int = 1, per_page: int = 50
                 ) -> tuple[list[Member], int]:
    """Members of the unit and of the cells under it, by name; (page rows, total)."""
    unit_ids = select(OrgUnit.id).where(or_(OrgUnit.id == unit.id, OrgUnit.parent_id == unit.id))
    stmt = (select(Member).where(Member.org_unit_id.in_(unit_ids))
            .options(joinedload(Member.org_unit)))
    if query:
        stmt = stmt.where(func.lower(Member.full_name).like(f"%{query.strip().lower()}%"))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = db.session.scalars(
        stmt.order_by(Member.full_name, Member.id).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return rows, total
