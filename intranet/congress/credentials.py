"""The credentials report (báo cáo thẩm tra tư cách đại biểu), computed from the personnel and
check-in data, confirmed by the Credentials Committee (an audited transition), and as .docx."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from intranet.congress.models import (
    EX_OFFICIO,
    Absence,
    CheckIn,
    CongressSession,
    CredentialsReport,
    Delegate,
)
from intranet.congress.services import (
    active_delegates,
    congress_or_404,
    personnel_outcomes,
    personnel_summoned,
)
from intranet.db import db, write_transaction
from intranet.extensions import gettext as _
from intranet.i18n import share_of
from intranet.org.models import Congress, Member
from intranet.personnel.exports import Table, docx_bytes
from intranet.workflow_service import start_item

ENTITY = "credentials_report"
AGE_BANDS = ((30, "30_or_under"), (40, "31_40"), (50, "41_50"), (60, "51_60"), (999, "over_60"))
ORG_KIND_ORDER = ("ward_committee", "grassroots_committee", "grassroots_cell", "affiliated_cell")


@dataclass
class Breakdown:
    key: str
    rows: list[list[Any]] = field(default_factory=list)  # [key, summoned, present]


@dataclass
class Figures:
    summoned: int
    roster: int
    present: int
    absent_with_reason: int
    absent_without_reason: int
    replaced: int
    not_summoned: int
    breakdowns: list[Breakdown]

    @property
    def matches(self) -> bool:
        return self.summoned == self.roster

    @property
    def share_present(self) -> Decimal | None:
        """Present out of summoned (the report writes it to two decimals)."""
        return share_of(self.present, self.summoned)


def age_band(age: int) -> str:
    return next(key for limit, key in AGE_BANDS if age <= limit)


def org_kind_of(delegate: Delegate) -> str:
    unit = delegate.org_unit or delegate.member.org_unit
    kind = unit.kind
    return "grassroots_committee" if kind == "sub_cell" else kind


def compute_figures(congress: Congress) -> Figures:
    """Everything the report states, in a fixed number of queries."""
    summoned = personnel_summoned(congress)
    outcomes = personnel_outcomes(congress)
    delegates = db.session.scalars(
        select(Delegate).where(active_delegates(congress.id))
        .options(joinedload(Delegate.member).joinedload(Member.org_unit),
                 joinedload(Delegate.org_unit))
        .order_by(Delegate.number)).all()
    sessions = select(CongressSession.id).where(CongressSession.congress_id == congress.id)
    present = set(db.session.scalars(
        select(CheckIn.delegate_id).where(CheckIn.session_id.in_(sessions))))
    excused = set(db.session.scalars(
        select(Absence.delegate_id).where(Absence.session_id.in_(sessions))))
    year = congress.opens_on.year
    tallies: dict[str, Counter] = {k: Counter() for k in ("category", "gender", "age",
                                                          "org_kind")}
    here: dict[str, Counter] = {k: Counter() for k in tallies}
    for d in delegates:
        keys = {"category": d.category, "gender": d.member.gender,
                "age": age_band(year - d.member.birth_year), "org_kind": org_kind_of(d)}
        for name, key in keys.items():
            tallies[name][key] += 1
            if d.id in present:
                here[name][key] += 1
    orders = {"category": (EX_OFFICIO, "appointed"), "gender": ("M", "F"),
              "age": tuple(k for _l, k in AGE_BANDS), "org_kind": ORG_KIND_ORDER}
    breakdowns = [Breakdown(name, [[k, tallies[name][k], here[name][k]] for k in orders[name]
                                   if tallies[name][k]]) for name in orders]
    roster_ids = {d.id for d in delegates}
    n_present = len(present & roster_ids)
    n_excused = len((excused & roster_ids) - present)
    return Figures(len(summoned), len(delegates), n_present, n_excused,
                   len(delegates) - n_present - n_excused, outcomes["replaced"],
                   outcomes["not_summoned"], breakdowns)


def figures_dict(figures: Figures) -> dict[str, Any]:
    return asdict(figures)


def report_facts(item: CredentialsReport, payload: Any) -> dict[str, Any]:
    figures = compute_figures(db.session.get(Congress, item.congress_id))
    return {"summoned": figures.summoned, "roster": figures.roster,
            "matches": figures.matches}


def freeze_figures(item: CredentialsReport, record: Any, payload: Any) -> None:
    figures = compute_figures(db.session.get(Congress, item.congress_id))
    item.confirmed_figures = json.dumps(figures_dict(figures), sort_keys=True)


def clear_figures(item: CredentialsReport, record: Any, payload: Any) -> None:
    item.confirmed_figures = None


def get_report(congress: Congress) -> CredentialsReport | None:
    return db.session.scalar(select(CredentialsReport).where(
        CredentialsReport.congress_id == congress.id))


def open_report(user: Any, congress: Congress | None = None) -> CredentialsReport:
    """The congress's report as a draft (created once)."""
    congress = congress or congress_or_404()
    report = get_report(congress)
    if report is not None:
        return report
    with write_transaction():
        report = CredentialsReport(congress_id=congress.id, author_id=user.id)
        start_item(report, user, {"congress_id": congress.id})
    return report


def shown_figures(report: CredentialsReport | None, congress: Congress) -> Figures:
    """A confirmed report shows the figures it was confirmed with; a draft, today's."""
    if report is not None and report.state == "confirmed" and report.confirmed_figures:
        data = json.loads(report.confirmed_figures)
        data["breakdowns"] = [Breakdown(**b) for b in data["breakdowns"]]
        return Figures(**data)
    return compute_figures(congress)


# -- labels and the .docx --------------------------------------------------------------------


def breakdown_title(key: str) -> str:
    return {"category": _("By category"), "gender": _("By gender"), "age": _("By age"),
            "org_kind": _("By kind of organization")}[key]


def row_label(breakdown: str, key: str) -> str:
    from intranet.web import unit_kind_label

    labels = {
        EX_OFFICIO: _("Ex officio delegates"), "appointed": _("Appointed delegates"),
        "M": _("Men"), "F": _("Women"),
        "30_or_under": _("30 or under"), "31_40": _("31 to 40"), "41_50": _("41 to 50"),
        "51_60": _("51 to 60"), "over_60": _("Over 60"),
    }
    if breakdown == "org_kind":
        return unit_kind_label(key)
    return str(labels.get(key, key))


def summary_rows(figures: Figures) -> list[tuple[str, int]]:
    return [
        (_("Delegates summoned"), figures.summoned),
        (_("Present"), figures.present),
        (_("Absent with a reason"), figures.absent_with_reason),
        (_("Absent without a reason"), figures.absent_without_reason),
        (_("Replaced by an alternate"), figures.replaced),
        (_("Not summoned"), figures.not_summoned),
    ]


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else ""


def report_docx(congress: Congress, report: CredentialsReport | None) -> bytes:
    figures = shown_figures(report, congress)
    tables = [Table(_("Credentials report"), congress.name, [_("Item"), _("Delegates")],
                    summary_rows(figures))]
    for b in figures.breakdowns:
        tables.append(Table(
            breakdown_title(b.key), "",
            [_("Group"), _("Summoned"), _("Present"), _("Share of those present")],
            [[row_label(b.key, k), s, p, _share(p, figures.present)] for k, s, p in b.rows]))
    state = (_("Confirmed by the Credentials Committee")
             if report is not None and report.state == "confirmed" else _("Draft"))
    return docx_bytes(tables, [congress.name, _("Credentials Committee"), state])
