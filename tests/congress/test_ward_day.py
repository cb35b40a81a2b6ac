"""The tracker's "today" is the ward's: a congress held this morning is not in the future."""

import pytest
import time_machine
from sqlalchemy import select

from intranet.congress import tracker
from intranet.congress.models import SubordinateCongress
from intranet.errors import Invalid
from intranet.extensions import db
from intranet.workflow_service import apply_transition
from tests.support.ward_day import MORNING, WARD_TODAY

from .conftest import user

pytestmark = pytest.mark.demo


def test_a_congress_held_this_morning_may_be_recorded_and_not_one_held_tomorrow(ctx):
    item = db.session.scalar(select(SubordinateCongress).where(
        SubordinateCongress.state == "held").order_by(SubordinateCongress.id))
    apply_transition(item, "reopen", user("thuongvu"), reason="Nhập nhầm")
    with time_machine.travel(MORNING):
        with pytest.raises(Invalid):
            tracker.record_held(user("thuongvu"), item.id, "2026-12-01", "30")
        held = tracker.record_held(user("thuongvu"), item.id, WARD_TODAY.isoformat(), "30")
    assert held.held_on == WARD_TODAY
