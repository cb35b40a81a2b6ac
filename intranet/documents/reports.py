"""The generated reports: comment summary (tổng hợp ý kiến) and dispositions (tiếp thu, giải trình).

Both are computed from the comments as stored; nothing is typed. Totals reconcile with intake:
the grand total equals the number of comments, and equals the sums by source, by channel, by
disposition and by section. Each report runs a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from intranet.db import db
from intranet.documents.comments import BatchRow, batch_rows
from intranet.documents.labels import label
from intranet.documents.models import (
    Channel,
    Comment,
    CommentRound,
    Disposition,
    Document,
    DocumentSection,
    DocumentVersion,
    Source,
    StandingDecision,
)

PENDING = "pending"


@dataclass
class SectionCounts:
    version: int | None  # None: general comments (no particular section)
    title: str
    by_source: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_source.values())


@dataclass
class SummaryReport:
    document: Document
    rounds: list[CommentRound]
    total: int
    by_source: dict[str, int]
    by_channel: dict[str, int]
    by_disposition: dict[str, int]
    sections: list[SectionCounts]
    batches: list[BatchRow]

    @property
    def declared_paper(self) -> int:
        return sum(b.batch.declared_count for b in self.batches)

    @property
    def entered_paper(self) -> int:
        return sum(b.entered for b in self.batches)

    @property
    def mismatched_batches(self) -> list[BatchRow]:
        return [b for b in self.batches if b.mismatch]

    def reconciles(self) -> bool:
        sums = (sum(self.by_source.values()), sum(self.by_channel.values()),
                sum(self.by_disposition.values()), sum(s.total for s in self.sections))
        return all(s == self.total for s in sums)


def _counts(column, document: Document) -> dict[str, int]:
    return dict(db.session.execute(select(column, func.count(Comment.id))
                                   .where(Comment.document_id == document.id)
                                   .group_by(column)).all())


def summary_report(document: Document) -> SummaryReport:
    """Counts by source, channel, disposition, and by section in heading order."""
    by_source = {s.value: 0 for s in Source} | _counts(Comment.source, document)
    by_channel = {c.value: 0 for c in Channel} | _counts(Comment.channel, document)
    raw = _counts(Comment.disposition, document)
    by_disposition = {d.value: raw.get(d.value, 0) for d in Disposition}
    by_disposition[PENDING] = raw.get(None, 0)
    per_section = db.session.execute(
        select(Comment.section_id, Comment.source, func.count(Comment.id))
        .where(Comment.document_id == document.id)
        .group_by(Comment.section_id, Comment.source)).all()
    section_ids = {sid for sid, _s, _n in per_section if sid is not None}
    circulated = select(CommentRound.version_id).where(CommentRound.document_id == document.id)
    sections = db.session.execute(
        select(DocumentSection, DocumentVersion.number)
        .join(DocumentVersion, DocumentVersion.id == DocumentSection.version_id)
        .where(or_(DocumentSection.id.in_(section_ids),
                   DocumentSection.version_id.in_(circulated)))
        .order_by(DocumentVersion.number, DocumentSection.position)).all()
    rows: dict[int | None, SectionCounts] = {None: SectionCounts(None, _("General comments"))}
    for section, number in sections:
        rows[section.id] = SectionCounts(number, section.title)
    for sid, source, n in per_section:
        rows[sid].by_source[source] = n
    ordered = [rows[None]] + [rows[s.id] for s, _n in sections]
    rounds = db.session.scalars(select(CommentRound).where(CommentRound.document_id ==
                                                           document.id)
                                .order_by(CommentRound.number)).all()
    return SummaryReport(document, rounds, sum(by_source.values()), by_source, by_channel,
                         by_disposition, ordered, batch_rows(document))


@dataclass
class DispositionRow:
    number: int
    section: str
    sources: str
    text: str
    similar: int
    disposition: str
    explanation: str
    revised: str
    meeting: str


def _section_title(section: DocumentSection | None) -> str:
    return section.title if section is not None else _("General comments")


def _revised(section: DocumentSection | None) -> str:
    if section is None:
        return ""
    return _("%(section)s (draft %(n)s)", section=section.title, n=section.version.number)


def disposition_rows(document: Document) -> list[DispositionRow]:
    """One row per comment, or per group of similar comments, by section in heading order."""
    comments = db.session.scalars(
        select(Comment).where(Comment.document_id == document.id)
        .options(joinedload(Comment.section).joinedload(DocumentSection.version),
                 joinedload(Comment.revised_section).joinedload(DocumentSection.version),
                 joinedload(Comment.group))).unique().all()
    decision = db.session.scalar(select(StandingDecision)
                                 .where(StandingDecision.document_id == document.id)
                                 .order_by(StandingDecision.id.desc()).limit(1))
    decided = (_("Standing Committee, %(date)s", date=format_date(decision.meeting_date,
                                                                    "dd/MM/yyyy"))
               if decision else "")

    def order(c: Comment) -> tuple:
        s = c.section
        return (0, 0, 0, c.id) if s is None else (1, s.version.number, s.position, c.id)

    members: dict[int, list[Comment]] = defaultdict(list)
    for c in comments:
        if c.group_id:
            members[c.group_id].append(c)
    rows: list[DispositionRow] = []
    seen_groups: set[int] = set()
    for c in sorted(comments, key=order):
        if c.group_id in seen_groups:
            continue
        group = members.get(c.group_id, [c]) if c.group_id else [c]
        if c.group_id:
            seen_groups.add(c.group_id)
        sources = sorted({label("source", m.source) for m in group})
        rows.append(DispositionRow(
            number=len(rows) + 1, section=_section_title(c.section), sources=", ".join(sources),
            text=c.group.summary if c.group else c.text, similar=len(group),
            disposition=label("disposition", c.disposition), explanation=c.explanation or "",
            revised=_revised(c.revised_section), meeting=c.meeting or decided))
    return rows
