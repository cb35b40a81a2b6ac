"""The steering dashboard: one page of sections that areas register (documents, comments,
nominations, subordinate congresses, attendance here; complaints plug in their own with
`register_dashboard_section` without this module importing them).

A section's `build(user)` returns a `Section`: a few headline figures, bar-chart rows and a link
to the list behind them. Each build runs a fixed, small number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from sqlalchemy import func, select

from intranet.db import db
from intranet.extensions import gettext as _
from intranet.i18n import percent
from intranet.permissions import user_may


@dataclass
class Section:
    title: str
    figures: list[tuple[str, Any]] = field(default_factory=list)
    rows: list[tuple[str, int]] = field(default_factory=list)
    link: str | None = None
    link_label: str | None = None
    out_of: int | None = None  # bars as shares of this (not of the rows' sum)


@dataclass(frozen=True)
class Registered:
    key: str
    order: int
    permission: str
    build: Callable[[Any], Section | None]


_SECTIONS: dict[str, Registered] = {}


def register_dashboard_section(key: str, build: Callable[[Any], Section | None], *,
                               order: int = 100, permission: str = "congress.dashboard"
                               ) -> None:
    """Called once per section when its area is imported (a second call replaces it)."""
    _SECTIONS[key] = Registered(key, order, permission, build)


def unregister_dashboard_section(key: str) -> None:
    _SECTIONS.pop(key, None)


def dashboard_sections(user: Any) -> list[tuple[str, Section]]:
    out = []
    for entry in sorted(_SECTIONS.values(), key=lambda e: (e.order, e.key)):
        if not user_may(user, entry.permission):
            continue
        section = entry.build(user)
        if section is not None:
            out.append((entry.key, section))
    return out


# -- this repository's sections ----------------------------------------------------------------


def _state_label(definition, state_id: str) -> str:
    from intranet.i18n import current_language

    found = definition.states.get(state_id)
    return found.label.get(current_language()) if found else state_id


def documents_section(user: Any) -> Section:
    from intranet.documents.models import Document
    from workflows.document import DOCUMENT as DEFINITION

    counts = dict(db.session.execute(
        select(Document.state, func.count()).group_by(Document.state)).all())
    rows = [(_state_label(DEFINITION, s), counts.get(s, 0)) for s in DEFINITION.states]
    return Section(_("Documents by stage"), [(_("Documents"), sum(counts.values()))], rows,
                   url_for("documents.index"), _("All documents"))


def comments_section(user: Any) -> Section:
    from intranet.documents.models import Comment

    total, waiting = db.session.execute(
        select(func.count(Comment.id),
               func.count(Comment.id).filter(Comment.disposition.is_(None)))).one()
    return Section(_("Comments"),
                   [(_("Comments received"), total), (_("Awaiting disposition"), waiting)],
                   [(_("Disposed of"), total - waiting), (_("Awaiting disposition"), waiting)],
                   url_for("documents.index"), _("Documents and their comments"))


def nominations_section(user: Any) -> Section:
    from intranet.personnel.holds import holds_for
    from intranet.personnel.models import Nomination
    from workflows.nomination import DEFINITION, INACTIVE_STATES

    counts = dict(db.session.execute(
        select(Nomination.state, func.count()).group_by(Nomination.state)).all())
    people = db.session.scalars(select(Nomination.member_id).where(
        Nomination.state.not_in(INACTIVE_STATES))).all()
    held = len(holds_for(people)) if people else 0
    rows = [(_state_label(DEFINITION, s), counts.get(s, 0)) for s in DEFINITION.states
            if counts.get(s)]
    return Section(_("Delegate nominations by stage"),
                   [(_("Nominations"), sum(counts.values())), (_("On hold"), held)], rows,
                   url_for("personnel.index"), _("Personnel"))


def subordinate_section(user: Any) -> Section | None:
    from intranet.congress.services import current_congress
    from intranet.congress.tracker import progress

    congress = current_congress()
    if congress is None:
        return None
    p = progress(congress.id)
    return Section(_("Subordinate congresses"),
                   [(_("Held"), f"{p.held}/{p.total}"), (_("Overdue"), p.overdue)],
                   [(_("Planned"), p.planned), (_("Held, report awaited"),
                                                p.held - p.report_received),
                    (_("Report received"), p.report_received)],
                   url_for("congress.tracker_page"), _("Subordinate congresses"))


def attendance_section(user: Any) -> Section | None:
    from intranet.congress.services import attendance, current_congress, sessions

    congress = current_congress()
    if congress is None:
        return None
    rows, figures, summoned = [], [], 0
    for session in sessions(congress):
        a = attendance(session, per_page=0)
        label = session_label(session)
        rows.append((label, a.total.present))
        figures.append((label, f"{a.total.present}/{a.total.summoned} "
                               f"({percent(a.total.share or 0)})"))
        summoned = max(summoned, a.total.summoned)
    return Section(_("Attendance"), figures, rows, url_for("congress.attendance_page"),
                   _("Attendance"), out_of=summoned or None)


def session_label(session) -> str:
    return _("Preparatory session") if session.kind == "preparatory" else _("Official session")


register_dashboard_section("documents", documents_section, order=10)
register_dashboard_section("comments", comments_section, order=20)
register_dashboard_section("nominations", nominations_section, order=30)
register_dashboard_section("subordinate", subordinate_section, order=50)
register_dashboard_section("attendance", attendance_section, order=60)
