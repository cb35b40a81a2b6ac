"""Reading the audit log: the filtered global trail and one item's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, func, select

from intranet.audit.chain import utc_stamp
from intranet.audit.models import AuditEntry
from intranet.clock import local_midnight
from intranet.db import db

TRAIL_PAGE = 50


@dataclass(frozen=True)
class TrailFilters:
    entity_type: str = ""
    entity_id: str = ""
    actor: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None
    before: int | None = None  # keyset pagination: entries with seq < before


def _local_midnight_utc(day: date) -> str:
    return utc_stamp(local_midnight(day))


def trail(filters: TrailFilters, page_size: int = TRAIL_PAGE
          ) -> tuple[list[AuditEntry], int | None]:
    """One page of entries, newest first, and the `before` cursor of the next page."""
    stmt = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(page_size + 1)
    if filters.entity_type:
        stmt = stmt.where(AuditEntry.entity_type == filters.entity_type)
    if filters.entity_id:
        stmt = stmt.where(AuditEntry.entity_id == filters.entity_id)
    if filters.actor:
        stmt = stmt.where(AuditEntry.actor_name == filters.actor)
    if filters.action:
        stmt = stmt.where(AuditEntry.action == filters.action)
    if filters.date_from:
        stmt = stmt.where(AuditEntry.at >= _local_midnight_utc(filters.date_from))
    if filters.date_to:
        stmt = stmt.where(AuditEntry.at < _local_midnight_utc(filters.date_to + timedelta(1)))
    if filters.before:
        stmt = stmt.where(AuditEntry.seq < filters.before)
    rows = db.session.scalars(stmt).all()
    more = len(rows) > page_size
    rows = rows[:page_size]
    return rows, (rows[-1].seq if more and rows else None)


def known_entity_types() -> list[str]:
    """The entity types in the log, hopping along the (entity_type, …) index from one type to
    the next (a handful of index probes) instead of reading every entry: SELECT DISTINCT took
    a second per page at a million entries (docs/performance.md)."""
    return [t for t in db.session.scalars(_entity_types_statement()) if t is not None]


@cache
def _entity_types_statement():
    """Built once: building the recursive statement and its cache key took more time than
    running it (a sixth of the audit trail page)."""
    entries = AuditEntry.__table__
    hop = select(func.min(entries.c.entity_type).label("t")).cte("hop", recursive=True)
    after = select(func.min(entries.c.entity_type)).where(
        entries.c.entity_type > hop.c.t).scalar_subquery()
    hop = hop.union_all(select(after).where(hop.c.t.is_not(None)))
    return select(hop.c.t)


@dataclass(frozen=True)
class Stage:
    entry: AuditEntry
    entered_at: datetime
    left_at: datetime | None  # None: the item is still in this stage

    @property
    def duration(self) -> timedelta:
        return (self.left_at or datetime.now(UTC)) - self.entered_at


def parse_stamp(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


@cache
def _timeline_statement():
    return (select(AuditEntry)
            .where(AuditEntry.entity_type == bindparam("type"),
                   AuditEntry.entity_id == bindparam("id"), AuditEntry.to_state.is_not(None))
            .order_by(AuditEntry.seq))


def timeline(entity_type: str, entity_id) -> list[Stage]:
    """Every state change of one item, oldest first, with the time spent in each stage (the
    statement built once: every item's page shows its timeline)."""
    entries = db.session.scalars(_timeline_statement(),
                                 {"type": entity_type, "id": str(entity_id)}).all()
    stages = []
    for i, entry in enumerate(entries):
        left = parse_stamp(entries[i + 1].at) if i + 1 < len(entries) else None
        stages.append(Stage(entry, parse_stamp(entry.at), left))
    return stages


def item_history(entity_type: str, entity_id) -> list[AuditEntry]:
    """Every entry about one item (state changes and other recorded actions), oldest first."""
    return db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == str(entity_id))
        .order_by(AuditEntry.seq)
    ).all()
