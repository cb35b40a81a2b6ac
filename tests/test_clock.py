"""The ward's clock: stored moments are UTC, a day is the ward's day (Asia/Ho_Chi_Minh)."""

from datetime import UTC, datetime

import time_machine

from intranet.clock import from_local, local_date, local_midnight, local_minutes, local_today
from tests.support.ward_day import EVENING, MORNING, WARD_TODAY, WARD_YESTERDAY


def test_today_is_the_wards_date_not_the_servers(ctx):
    with time_machine.travel(MORNING):
        assert datetime.now(UTC).date() == WARD_YESTERDAY
        assert local_today() == WARD_TODAY
    with time_machine.travel(EVENING):
        assert local_today() == WARD_YESTERDAY


def test_local_dates_and_times_round_trip(ctx):
    assert local_date(MORNING) == WARD_TODAY
    assert local_midnight(WARD_TODAY) == datetime(2026, 11, 29, 17, 0, tzinfo=UTC)
    assert local_minutes(MORNING) == datetime(2026, 11, 30, 6, 30)
    assert from_local(datetime(2026, 11, 30, 6, 30)) == MORNING


def test_the_zone_is_configuration(ctx):
    ctx.config["BABEL_DEFAULT_TIMEZONE"] = "UTC"
    assert local_date(MORNING) == WARD_YESTERDAY


def test_audit_stamps_are_shown_in_the_wards_time(app):
    from flask import render_template_string

    with app.test_request_context():
        shown = render_template_string("{{ stamp|audit_time }}",
                                       stamp="2026-11-29T17:30:05.123456Z")
    assert shown == "00:30:05 30/11/2026"
