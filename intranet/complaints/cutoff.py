"""The cut-off for letters: a letter received later than N working days before the congress
opens is transferred to the new term. Pure: dates in, a date out (standard library only)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta


def is_working_day(day: date, holidays: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def cutoff_date(opens_on: date, working_days: int, holidays: Iterable[date] = ()) -> date:
    """The last day a letter may arrive in time: the `working_days`-th working day before the
    opening day (weekends and the holidays do not count; the opening day itself does not)."""
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    off = frozenset(holidays)
    day, counted = opens_on, 0
    while counted < working_days:
        day -= timedelta(days=1)
        if is_working_day(day, off):
            counted += 1
    return day


def is_late(arrived_on: date, opens_on: date, working_days: int,
            holidays: Iterable[date] = ()) -> bool:
    """Arrived after the cut-off (the postmark date counts when there is one)."""
    return arrived_on > cutoff_date(opens_on, working_days, holidays)


def parse_holidays(values: Iterable[str | date]) -> frozenset[date]:
    """Holidays from configuration: ISO dates ("2025-09-02") or dates."""
    return frozenset(v if isinstance(v, date) else date.fromisoformat(v) for v in values)
