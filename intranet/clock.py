"""The ward's clock.

Moments are stored in UTC (`intranet.db.utcnow`); a *day* is always the ward's own day, in
`BABEL_DEFAULT_TIMEZONE` (Asia/Ho_Chi_Minh, UTC+7). Between 00:00 and 07:00 in Hải Phòng the UTC
date is still yesterday, so "today" must never be `date.today()` or `utcnow().date()` — a
meeting held this morning would be "in the future" and a letter received today "late".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app

from intranet.db import utcnow


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_today() -> date:
    """The ward's date now."""
    return utcnow().astimezone(local_zone()).date()


def local_date(moment: datetime) -> date:
    """The ward's date at an aware moment."""
    return moment.astimezone(local_zone()).date()


def local_minutes(moment: datetime) -> datetime:
    """An aware moment as the naive local time a form shows, to the minute."""
    return moment.astimezone(local_zone()).replace(tzinfo=None, second=0, microsecond=0)


def from_local(local_naive: datetime) -> datetime:
    """A naive local time typed into a form, as an aware UTC moment."""
    return local_naive.replace(tzinfo=local_zone()).astimezone(UTC)


def local_midnight(day: date) -> datetime:
    """The aware UTC moment the ward's `day` begins."""
    return datetime.combine(day, time.min, tzinfo=local_zone()).astimezone(UTC)
