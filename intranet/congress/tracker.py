"""The subordinate organizations' own congresses: planned → held → report received."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from intranet.clock import local_today
from intranet.congress.models import SubordinateCongress
from intranet.congress.services import PER_PAGE, congress_or_404
from intranet.db import db
from intranet.errors import Invalid, NotFound
from intranet.extensions import gettext as _
from intranet.i18n import share_of
from intranet.org.models import OrgUnit
from intranet.workflow_service import apply_transition, get_visible_item

ENTITY = "subordinate_congress"
STATES = ("planned", "held", "report_received")


@dataclass(frozen=True)
class Progress:
    total: int
    planned: int
    held: int  # held, report received or not
    report_received: int
    overdue: int  # planned date passed, not recorded as held
    delegates: int

    @property
    def share_held(self) -> Decimal | None:
        """Held out of all, for the percent filter."""
        return share_of(self.held, self.total)


def progress(congress_id: int, today: date | None = None) -> Progress:
    today = today or local_today()
    row = db.session.execute(
        select(func.count(SubordinateCongress.id),
               func.coalesce(func.sum(case((SubordinateCongress.state == "planned", 1),
                                           else_=0)), 0),
               func.coalesce(func.sum(case((SubordinateCongress.state == "report_received", 1),
                                           else_=0)), 0),
               func.coalesce(func.sum(case(((SubordinateCongress.state == "planned")
                                            & (SubordinateCongress.planned_on < today), 1),
                                           else_=0)), 0),
               func.coalesce(func.sum(SubordinateCongress.attended), 0))
        .where(SubordinateCongress.congress_id == congress_id)).one()
    total, planned, received, overdue, delegates = (int(v) for v in row)
    return Progress(total, planned, total - planned, received, overdue, delegates)


def tracker_page(congress_id: int, state: str = "", page: int = 1,
                 today: date | None = None) -> tuple[list[SubordinateCongress], int]:
    today = today or local_today()
    stmt = select(SubordinateCongress).where(SubordinateCongress.congress_id == congress_id)
    if state == "overdue":
        stmt = stmt.where(SubordinateCongress.state == "planned",
                          SubordinateCongress.planned_on < today)
    elif state in STATES:
        stmt = stmt.where(SubordinateCongress.state == state)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = db.session.scalars(
        stmt.join(OrgUnit, OrgUnit.id == SubordinateCongress.org_unit_id)
        .options(joinedload(SubordinateCongress.org_unit))
        .order_by(OrgUnit.sort_order, SubordinateCongress.id)
        .offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    return list(rows), total


def get_tracked(user: Any, tracked_id: int) -> SubordinateCongress:
    item = get_visible_item(ENTITY, tracked_id, user)
    if item.congress_id != congress_or_404().id:
        raise NotFound()
    return item


def parse_date(value: Any, field: str) -> date:
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise Invalid(_("Enter a date (year-month-day)."), field=field) from None


def record_held(user: Any, tracked_id: int, held_on: Any, attended: Any,
                version: int | None = None) -> SubordinateCongress:
    item = get_tracked(user, tracked_id)
    day = parse_date(held_on, "held_on")
    if day > local_today():
        raise Invalid(_("The congress cannot have been held in the future."), field="held_on")
    try:
        count = int(str(attended).strip())
    except (TypeError, ValueError):
        raise Invalid(_("Enter a whole number."), field="attended") from None
    if count <= 0 or count > 10_000:
        raise Invalid(_("Enter the number of delegates (members) who attended."),
                      field="attended")
    apply_transition(item, "hold", user, expected_version=version,
                     payload={"held_on": day.isoformat(), "attended": count})
    return get_tracked(user, tracked_id)


def record_report(user: Any, tracked_id: int, received_on: Any,
                  version: int | None = None) -> SubordinateCongress:
    item = get_tracked(user, tracked_id)
    day = parse_date(received_on, "received_on")
    if item.held_on and day < item.held_on:
        raise Invalid(_("The report cannot arrive before the congress was held."),
                      field="received_on")
    apply_transition(item, "receive_report", user, expected_version=version,
                     payload={"received_on": day.isoformat()})
    return get_tracked(user, tracked_id)


# Effects of the transitions (inside apply_transition's transaction).


def store_held(item: SubordinateCongress, record: Any, payload: dict) -> None:
    item.held_on = date.fromisoformat(payload["held_on"])
    item.attended = int(payload["attended"])


def store_report(item: SubordinateCongress, record: Any, payload: dict) -> None:
    item.report_received_on = date.fromisoformat(payload["received_on"])


def clear_held(item: SubordinateCongress, record: Any, payload: dict) -> None:
    item.held_on = None
    item.attended = None
