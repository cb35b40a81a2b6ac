"""The complaints section of the steering dashboard: counts only (no letter, no person), for
the Steering and Standing Committees; the link to the queue only for those who may read it."""

from __future__ import annotations

from typing import Any

from flask import url_for
from sqlalchemy import case, func, select

from intranet.clock import local_today
from intranet.complaints.models import Complaint
from intranet.complaints.services import overdue_clause
from intranet.congress.dashboard import Section, _state_label, register_dashboard_section
from intranet.db import db
from intranet.extensions import gettext as _
from intranet.permissions import user_may
from workflows.complaint import DEFINITION, HOLD_STATES, OPEN_STATES


def complaints_section(user: Any) -> Section:
    counts: dict[str, int] = {}
    overdue = 0
    for state, late, count in db.session.execute(
            select(Complaint.state, func.sum(case((overdue_clause(local_today()), 1),
                                                  else_=0)), func.count(Complaint.id))
            .group_by(Complaint.state)):
        counts[state] = count
        overdue += int(late or 0)
    readable = user_may(user, "complaints.view")
    return Section(
        _("Letters (complaints, denunciations, petitions)"),
        [(_("Open"), sum(counts.get(s, 0) for s in OPEN_STATES)), (_("Overdue"), overdue),
         (_("Holding a nomination"), sum(counts.get(s, 0) for s in HOLD_STATES))],
        [(_state_label(DEFINITION, s), counts[s]) for s in DEFINITION.states if counts.get(s)],
        url_for("complaints.index") if readable else None,
        _("Letters") if readable else None)


register_dashboard_section("complaints", complaints_section, order=40)
