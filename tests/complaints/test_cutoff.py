"""The cut-off: N working days before the congress opens, weekends and holidays skipped."""

from datetime import date

import pytest

from intranet.complaints.cutoff import cutoff_date, is_late, parse_holidays


def test_counting_back_over_weekdays_only():
    # Opens Monday 18 August 2025; five working days back is Monday 11 August.
    assert cutoff_date(date(2025, 8, 18), 5) == date(2025, 8, 11)


def test_a_weekend_does_not_count():
    # Opens Tuesday 19 August: one working day back is Monday 18, two is Friday 15.
    assert cutoff_date(date(2025, 8, 19), 1) == date(2025, 8, 18)
    assert cutoff_date(date(2025, 8, 19), 2) == date(2025, 8, 15)


def test_opening_on_a_monday_skips_back_over_the_weekend():
    assert cutoff_date(date(2025, 8, 18), 1) == date(2025, 8, 15)


def test_twenty_five_working_days_before_the_demo_congress():
    # 18 Aug 2025 (Mon) minus 5 full weeks = 14 July 2025 (Mon).
    assert cutoff_date(date(2025, 8, 18), 25) == date(2025, 7, 14)


def test_holidays_are_skipped():
    holidays = parse_holidays(["2025-09-01", "2025-09-02"])  # National Day
    # Opens Wednesday 3 September: without holidays one day back is Tuesday 2 September.
    assert cutoff_date(date(2025, 9, 3), 1) == date(2025, 9, 2)
    assert cutoff_date(date(2025, 9, 3), 1, holidays) == date(2025, 8, 29)
    assert cutoff_date(date(2025, 9, 3), 3, holidays) == date(2025, 8, 27)


def test_a_holiday_on_a_weekend_changes_nothing():
    assert cutoff_date(date(2025, 8, 18), 5, parse_holidays(["2025-08-16"])) == \
        date(2025, 8, 11)


def test_late_means_after_the_cutoff_day():
    opens = date(2025, 8, 18)
    assert not is_late(date(2025, 7, 14), opens, 25)
    assert is_late(date(2025, 7, 15), opens, 25)


def test_the_count_must_be_positive():
    with pytest.raises(ValueError):
        cutoff_date(date(2025, 8, 18), 0)
