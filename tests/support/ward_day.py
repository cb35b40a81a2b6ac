"""Instants on either side of the ward's midnight.

Hải Phòng is UTC+7: from 00:00 to 07:00 there, the UTC date is still yesterday. A "today" taken
from `date.today()` or `utcnow().date()` on a UTC server is then a day behind the ward's.
"""

from datetime import UTC, date, datetime

EVENING = datetime(2026, 11, 29, 16, 30, tzinfo=UTC)  # 23:30 on 29 November in Hải Phòng
MORNING = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)  # 06:30 on 30 November there; UTC: the 29th
WARD_YESTERDAY = date(2026, 11, 29)
WARD_TODAY = date(2026, 11, 30)
