"""A verification deadline runs to the end of the ward's day, not the server's."""

from datetime import timedelta

import pytest
import time_machine

from intranet.complaints import services
from tests.complaints.conftest import letter, move, user
from tests.support.ward_day import EVENING, MORNING, WARD_YESTERDAY

pytestmark = pytest.mark.demo


def overdue_ids() -> set[int]:
    rows, _total = services.list_complaints(user("donthu"), services.Filters(overdue=True))
    return {row.complaint.id for row in rows}


def test_a_letter_due_yesterday_is_overdue_from_the_wards_midnight(ctx):
    with time_machine.travel(EVENING - timedelta(hours=12)) as clock:
        item = move(letter(), ("classify", "donthu", {"kind": "complaint"}),
                    ("assign", "donthu", {"investigator": user("kiemtra").id,
                                          "deadline": WARD_YESTERDAY}))
        clock.move_to(EVENING)
        assert item.id not in overdue_ids()
        clock.move_to(MORNING)
        assert item.id in overdue_ids()
