"""The lists: review queues and the congress delegate list, each in a fixed number of queries
whatever its length, with the structure indicators computed from the rows already loaded."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.orm import joinedload

from intranet.db import db, page_and_total, set_filters
from intranet.org.models import Congress, Member, OrgUnit, UnitKind
from intranet.personnel.indicators import Structure, rules_from, structure
from intranet.personnel.models import (
    ALTERNATE,
    OFFICIAL,
    ExOfficioDelegate,
    Nomination,
    QuotaAllocation,
)
from intranet.security import parse_id

PER_PAGE = 50
ORG_KINDS = (UnitKind.GRASSROOTS_COMMITTEE, UnitKind.GRASSROOTS_CELL, UnitKind.AFFILIATED_CELL)
EX_OFFICIO = "ex_officio"
GROUP_ORDER = (EX_OFFICIO, *ORG_KINDS)


@dataclass(frozen=True)
class Queue:
    name: str
    state: str
    permission: str
    triggers: tuple[str, ...]


QUEUES = {
    "vetting": Queue("vetting", "submitted", "personnel.vet", ("vet", "return_from_vetting")),
    "approval": Queue("approval", "vetted", "personnel.approve",
                      ("approve", "return_from_approval")),
    "appointment": Queue("appointment", "approved", "personnel.approve", ("appoint",)),
}


@dataclass(frozen=True)
class Filters:
    org: int | None = None
    kind: str = ""
    org_kind: str = ""
    q: str = ""
    page: int = 1

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> Filters:
        org = args.get("org", "")
        page = args.get("page", "1")
        kind = args.get("kind", "")
        org_kind = args.get("org_kind", "")
        page_no = parse_id(page)  # ASCII digits only ("²".isdigit() is True, int() refuses)
        return cls(org=parse_id(org),
                   kind=kind if kind in (OFFICIAL, ALTERNATE) else "",
                   org_kind=org_kind if org_kind in ORG_KINDS else "",
                   q=args.get("q", "").strip()[:100],
                   page=page_no if page_no and page_no < 10_000 else 1)

    def args(self, **changes: Any) -> dict[str, Any]:
        """The filters as query arguments (empty ones and page 1 left out)."""
        values = {"org": self.org, "kind": self.kind, "org_kind": self.org_kind, "q": self.q,
                  "page": self.page if self.page > 1 else None, **changes}
        return {k: v for k, v in values.items() if v}

    def bound(self) -> tuple[tuple[str, ...], dict[str, Any]]:
        """The set filters' names (a queue's statements are built once for each set of them)
        and their values, to bind."""
        return set_filters({"org": self.org, "kind": self.kind, "org_kind": self.org_kind,
                            "needle": f"%{self.q.lower()}%" if self.q else ""})


def _filtered(stmt, names: tuple[str, ...]):
    if "org" in names:
        stmt = stmt.where(Nomination.org_unit_id == bindparam("org"))
    if "kind" in names:
        stmt = stmt.where(Nomination.kind == bindparam("kind"))
    if "org_kind" in names:
        stmt = stmt.where(Nomination.org_unit.has(OrgUnit.kind == bindparam("org_kind")))
    if "needle" in names:
        stmt = stmt.where(Nomination.member.has(
            func.lower(Member.full_name).like(bindparam("needle"))))
    return stmt


def _with_people(stmt):
    return stmt.options(joinedload(Nomination.member), joinedload(Nomination.org_unit),
                        joinedload(Nomination.decision))


def _waiting(columns, names: tuple[str, ...]):
    """The nominations of an allocation at a stage, under the filters of these names."""
    return _filtered(select(columns).where(Nomination.allocation_id == bindparam("allocation"),
                                           Nomination.state == bindparam("state")), names)


@functools.cache
def _queue_rows_statement(names: tuple[str, ...]):
    # The count rides along each row (one statement); the joined people and organizations
    # are many-to-one, so they multiply no row.
    return (_with_people(_waiting(Nomination, names)).add_columns(func.count().over())
            .join(Nomination.org_unit)
            .order_by(OrgUnit.sort_order, Nomination.kind.desc(), Nomination.rank, Nomination.id)
            .offset(bindparam("offset")).limit(bindparam("limit")))


@functools.cache
def _queue_count_statement(names: tuple[str, ...]):
    return select(func.count()).select_from(_waiting(Nomination.id, names).subquery())


@functools.cache
def _queue_structure_statement(names: tuple[str, ...]):
    return (select(OrgUnit.kind, Member.gender, Member.birth_year, Member.joined_year)
            .select_from(Nomination).join(Nomination.member).join(Nomination.org_unit)
            .where(Nomination.id.in_(_waiting(Nomination.id, names))))


def queue_rows(allocation: QuotaAllocation, queue: Queue, filters: Filters,
               per_page: int = PER_PAGE) -> tuple[list[Nomination], int]:
    """One page of the nominations waiting at this stage, and how many there are."""
    names, values = filters.bound()
    params = {"allocation": allocation.id, "state": queue.state, **values}
    found = db.session.execute(
        _queue_rows_statement(names),
        {**params, "offset": (filters.page - 1) * per_page, "limit": per_page}).unique().all()
    return page_and_total(found, filters.page, _queue_count_statement(names), params)


def queue_structure(allocation: QuotaAllocation, queue: Queue, filters: Filters) -> Structure:
    """Structure of everything waiting at this stage under the filters (one query)."""
    names, values = filters.bound()
    rows = db.session.execute(_queue_structure_statement(names), {
        "allocation": allocation.id, "state": queue.state, **values}).all()
    people = [(kind, _Person(gender, born, joined)) for kind, gender, born, joined in rows]
    return structure(people, rules_from(current_app.config, allocation.congress.opens_on.year),
                     GROUP_ORDER)


@dataclass(frozen=True)
class _Person:
    gender: str
    birth_year: int
    joined_year: int


def rows_by_ids(ids: Iterable[int]) -> list[Nomination]:
    """These nominations, in the order given (to re-render the rows a bulk action touched)."""
    ids = list(ids)
    if not ids:
        return []
    found = {n.id: n for n in db.session.scalars(
        _with_people(select(Nomination).where(Nomination.id.in_(ids)))).unique()}
    return [found[i] for i in ids if i in found]


@functools.cache
def _organizations_statement():
    return (select(OrgUnit.id, OrgUnit.name).where(OrgUnit.parent_id == bindparam("ward"))
            .order_by(OrgUnit.sort_order))


def organizations(allocation: QuotaAllocation) -> list[Row]:
    """The organizations of the allocation, for the filter lists: (id, name) rows, read as
    plain columns (a hundred options; no object of them is needed)."""
    return db.session.execute(_organizations_statement(),
                              {"ward": allocation.congress.org_unit_id}).all()


# -- the congress delegate list ----------------------------------------------------------------

STATUS_FILTERS = ("appointed", "pending", "out")
PENDING_STATES = ("draft", "submitted", "vetted", "approved", "returned",
                  "replacement_requested")
OUT_STATES = ("not_summoned", "replaced")


@dataclass(frozen=True)
class DelegateFilters:
    category: str = ""
    status: str = ""
    org_kind: str = ""

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> DelegateFilters:
        category = args.get("category", "")
        status = args.get("status", "")
        org_kind = args.get("org_kind", "")
        return cls(category if category in (EX_OFFICIO, OFFICIAL, ALTERNATE) else "",
                   status if status in STATUS_FILTERS else "",
                   org_kind if org_kind in ORG_KINDS else "")

    def args(self) -> dict[str, str]:
        return {k: v for k, v in (("category", self.category), ("status", self.status),
                                  ("org_kind", self.org_kind)) if v}


@dataclass(frozen=True)
class DelegateRow:
    category: str  # ex_officio | official | alternate
    member: Member
    org: OrgUnit | None  # the nominating organization (None for ex officio)
    nomination: Nomination | None = None
    position: str | None = None  # ex officio: the seat in the incumbent committee
    number: int = 0  # rank among alternates of the organization

    @property
    def group(self) -> str:
        return EX_OFFICIO if self.category == EX_OFFICIO else self.org.kind

    @property
    def appointed(self) -> bool:
        return self.nomination is None or self.nomination.state == "appointed"


def delegate_rows(allocation: QuotaAllocation | None,
                  filters: DelegateFilters = DelegateFilters()) -> list[DelegateRow]:
    """Ex officio delegates, then officials and alternates by organization (withdrawn left out)."""
    if allocation is None:
        return []
    rows: list[DelegateRow] = []
    if filters.category in ("", EX_OFFICIO) and filters.status in ("", "appointed") \
            and not filters.org_kind:
        seats = db.session.scalars(
            select(ExOfficioDelegate).where(ExOfficioDelegate.allocation_id == allocation.id)
            .options(joinedload(ExOfficioDelegate.member).joinedload(Member.org_unit))
            .order_by(ExOfficioDelegate.id)).all()
        rows += [DelegateRow(EX_OFFICIO, s.member, None, position=s.position) for s in seats]
    if filters.category == EX_OFFICIO:
        return rows
    stmt = select(Nomination).where(Nomination.allocation_id == allocation.id,
                                    Nomination.state != "withdrawn")
    if filters.category:
        stmt = stmt.where(Nomination.kind == filters.category)
    if filters.status == "appointed":
        stmt = stmt.where(Nomination.state == "appointed")
    elif filters.status == "pending":
        stmt = stmt.where(Nomination.state.in_(PENDING_STATES))
    elif filters.status == "out":
        stmt = stmt.where(Nomination.state.in_(OUT_STATES))
    if filters.org_kind:
        stmt = stmt.where(Nomination.org_unit.has(OrgUnit.kind == filters.org_kind))
    nominations = db.session.scalars(
        _with_people(stmt).join(Nomination.org_unit)
        .order_by(Nomination.kind.desc(), OrgUnit.sort_order, Nomination.rank, Nomination.id)
    ).unique().all()
    seen: dict[int, int] = {}
    for n in nominations:
        number = 0
        if n.kind == ALTERNATE and n.state not in OUT_STATES:
            number = seen[n.org_unit_id] = seen.get(n.org_unit_id, 0) + 1
        rows.append(DelegateRow(n.kind, n.member, n.org_unit, n, number=number))
    return rows


def delegate_structure(rows: Iterable[DelegateRow], congress: Congress) -> Structure:
    """Structure of the delegates still in the list (not summoned and replaced left out)."""
    people = [(r.group, r.member) for r in rows
              if r.nomination is None or r.nomination.state not in OUT_STATES]
    return structure(people, rules_from(current_app.config, congress.opens_on.year),
                     GROUP_ORDER)
