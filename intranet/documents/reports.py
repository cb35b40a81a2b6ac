"""The generated reports: comment summary (tổng hợp ý kiến) and dispositions (tiếp thu, giải trình).

Both are computed from the comments as stored; nothing is typed. Totals reconcile with intake:
the grand total equals the number of comments, and equals the sums by source, by channel, by
disposition and by section. Each report runs a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import aliased

from intranet.db import db
from intranet.documents.comments import BatchRow, batch_rows
from intranet.documents.labels import label
from intranet.documents.models import (
    Channel,
    Comment,
    CommentGroup,
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


def _title(number: str | None, heading: str | None) -> str:
    return f"{number or ''} {heading or ''}".strip()  # as DocumentSection.title


@functools.cache
def _disposition_columns():
    """The disposition table's columns for one document (`document_id`), the statement built
    once: five joins and their labels took longer to assemble than the query to run."""
    section, section_version = aliased(DocumentSection), aliased(DocumentVersion)
    revised, revised_version = aliased(DocumentSection), aliased(DocumentVersion)
    return (
        select(Comment.id, Comment.group_id, Comment.source, Comment.text, Comment.disposition,
               Comment.explanation, Comment.meeting, Comment.section_id,
               section.number.label("s_number"), section.heading.label("s_heading"),
               section.position.label("s_position"), section_version.number.label("s_version"),
               revised.id.label("r_id"), revised.number.label("r_number"),
               revised.heading.label("r_heading"), revised_version.number.label("r_version"),
               CommentGroup.summary.label("group_summary"))
        .outerjoin(section, section.id == Comment.section_id)
        .outerjoin(section_version, section_version.id == section.version_id)
        .outerjoin(revised, revised.id == Comment.revised_section_id)
        .outerjoin(revised_version, revised_version.id == revised.version_id)
        .outerjoin(CommentGroup, CommentGroup.id == Comment.group_id)
        .where(Comment.document_id == bindparam("document_id")))


def disposition_rows(document: Document) -> list[DispositionRow]:
    """One row per comment, or per group of similar comments, by section in heading order.

    Plain columns in one query, not ORM objects: a document may have thousands of comments
    (profiled in docs/performance.md), and labels are translated once per call, not per row.
    """
    comments = db.session.execute(_disposition_columns(),
                                  {"document_id": document.id}).all()
    decision = db.session.scalar(select(StandingDecision)
                                 .where(StandingDecision.document_id == document.id)
                                 .order_by(StandingDecision.id.desc()).limit(1))
    decided = (_("Standing Committee, %(date)s", date=format_date(decision.meeting_date,
                                                                    "dd/MM/yyyy"))
               if decision else "")
    general = _("General comments")
    source_label = {s: label("source", s) for s in {c.source for c in comments}}
    disposition_label = {d: label("disposition", d) for d in {c.disposition for c in comments}}

    def order(c) -> tuple:
        return ((0, 0, 0, c.id) if c.section_id is None
                else (1, c.s_version, c.s_position, c.id))

    def revised_text(c) -> str:
        if c.r_id is None:
            return ""
        return _("%(section)s (draft %(n)s)", section=_title(c.r_number, c.r_heading),
                 n=c.r_version)

    members: dict[int, list] = defaultdict(list)
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
        sources = sorted({source_label[m.source] for m in group})
        rows.append(DispositionRow(
            number=len(rows) + 1,
            section=general if c.section_id is None else _title(c.s_number, c.s_heading),
            sources=", ".join(sources),
            text=c.group_summary if c.group_id else c.text, similar=len(group),
            disposition=disposition_label[c.disposition], explanation=c.explanation or "",
            revised=revised_text(c), meeting=c.meeting or decided))
    return rows
