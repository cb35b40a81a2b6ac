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
from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import aliased

from intranet.db import db
from intranet.documents import lookups
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
)
from intranet.documents.services import decision_of
from intranet.extensions import gettext as _

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


@functools.cache
def _counts_statement():
    return (select(Comment.section_id, Comment.source, Comment.channel, Comment.disposition,
                   func.count(Comment.id))
            .where(Comment.document_id == bindparam("document_id"))
            .group_by(Comment.section_id, Comment.source, Comment.channel, Comment.disposition))


@functools.cache
def _section_titles_statement():
    """The sections' titles, not the sections (their texts are not needed here): those the
    comments point at (`section_ids`) and those of every circulated version."""
    circulated = (select(CommentRound.version_id)
                  .where(CommentRound.document_id == bindparam("document_id")))
    return (select(DocumentSection.id, DocumentSection.number, DocumentSection.heading,
                   DocumentVersion.number)
            .join(DocumentVersion, DocumentVersion.id == DocumentSection.version_id)
            .where(or_(DocumentSection.id.in_(bindparam("section_ids", expanding=True)),
                       DocumentSection.version_id.in_(circulated)))
            .order_by(DocumentVersion.number, DocumentSection.position))


def summary_report(document: Document) -> SummaryReport:
    """Counts by source, channel, disposition, and by section in heading order: all from one
    count of the document's comments by the four together. (The statements are built once:
    the report's page is asked for often, and building them took longer than running them.)"""
    counted = db.session.execute(_counts_statement(), {"document_id": document.id}).all()
    by_source = {s.value: 0 for s in Source}
    by_channel = {c.value: 0 for c in Channel}
    raw: dict[str | None, int] = {}
    by_section_source: dict[tuple[int | None, str], int] = {}
    for section_id, source, channel, disposition, n in counted:
        by_source[source] = by_source.get(source, 0) + n
        by_channel[channel] = by_channel.get(channel, 0) + n
        raw[disposition] = raw.get(disposition, 0) + n
        key = (section_id, source)
        by_section_source[key] = by_section_source.get(key, 0) + n
    by_disposition = {d.value: raw.get(d.value, 0) for d in Disposition}
    by_disposition[PENDING] = raw.get(None, 0)
    per_section = [(sid, source, n) for (sid, source), n in by_section_source.items()]
    section_ids = sorted({sid for sid, _s, _n in per_section if sid is not None})
    sections = db.session.execute(_section_titles_statement(), {
        "document_id": document.id, "section_ids": section_ids}).all()
    rows: dict[int | None, SectionCounts] = {None: SectionCounts(None, _("General comments"))}
    for section_id, number, heading, version in sections:
        rows[section_id] = SectionCounts(version, _title(number, heading))
    for sid, source, n in per_section:
        rows[sid].by_source[source] = n
    ordered = [rows[None]] + [rows[section_id] for section_id, *_rest in sections]
    return SummaryReport(document, list(lookups.rounds(document.id)), sum(by_source.values()),
                         by_source, by_channel, by_disposition, ordered, batch_rows(document))


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
    """The disposition table's columns for one document (`document_id`), in the report's
    order: general comments first, then by section in heading order (version, position), each
    by arrival. The statement is built once: five joins and their labels took longer to
    assemble than the query to run."""
    section, section_version = aliased(DocumentSection), aliased(DocumentVersion)
    revised, revised_version = aliased(DocumentSection), aliased(DocumentVersion)
    return (
        select(Comment.id, Comment.group_id, Comment.source, Comment.text, Comment.disposition,
               Comment.explanation, Comment.meeting, Comment.section_id,
               section.number.label("s_number"), section.heading.label("s_heading"),
               revised.id.label("r_id"), revised.number.label("r_number"),
               revised.heading.label("r_heading"), revised_version.number.label("r_version"),
               CommentGroup.summary.label("group_summary"))
        .outerjoin(section, section.id == Comment.section_id)
        .outerjoin(section_version, section_version.id == section.version_id)
        .outerjoin(revised, revised.id == Comment.revised_section_id)
        .outerjoin(revised_version, revised_version.id == revised.version_id)
        .outerjoin(CommentGroup, CommentGroup.id == Comment.group_id)
        .where(Comment.document_id == bindparam("document_id"))
        .order_by(Comment.section_id.is_not(None), section_version.number, section.position,
                  Comment.id))


def disposition_rows(document: Document) -> list[DispositionRow]:
    """One row per comment, or per group of similar comments, by section in heading order.

    Plain columns in one query, already in order, not ORM objects: a document may have
    thousands of comments (profiled in docs/performance.md). Labels, section titles and
    revision notes are written once per call, not once per row.
    """
    comments = db.session.connection().execute(_disposition_columns(),
                                               {"document_id": document.id}).all()
    decision = decision_of(document)
    decided = (_("Standing Committee, %(date)s", date=format_date(decision.meeting_date,
                                                                    "dd/MM/yyyy"))
               if decision else "")
    # Rows unpacked, not read by column name: a name costs a lookup each (0.4 µs), and a
    # thousand rows of a dozen names took longer than the query.
    source_label = {s: label("source", s) for s in {c[2] for c in comments}}
    disposition_label = {d: label("disposition", d) for d in {c[4] for c in comments}}
    section_title = {None: _("General comments")}
    revised_text = {None: ""}
    members: dict[int, list] = defaultdict(list)
    for (_id, group_id, source, _text, _disp, _expl, _meeting, section_id, s_number, s_heading,
         r_id, r_number, r_heading, r_version, _summary) in comments:
        if section_id not in section_title:
            section_title[section_id] = _title(s_number, s_heading)
        if r_id not in revised_text:
            revised_text[r_id] = _("%(section)s (draft %(n)s)",
                                   section=_title(r_number, r_heading), n=r_version)
        if group_id:
            members[group_id].append(source)
    rows: list[DispositionRow] = []
    for (_id, group_id, source, text, disposition, explanation, meeting, section_id, _sn, _sh,
         r_id, _rn, _rh, _rv, group_summary) in comments:
        if group_id:
            group = members.pop(group_id, None)
            if group is None:  # the group's row is written at its first comment
                continue
            sources = ", ".join(sorted({source_label[s] for s in group}))
            text, similar = group_summary, len(group)
        else:
            sources, similar = source_label[source], 1
        rows.append(DispositionRow(
            len(rows) + 1, section_title[section_id], sources, text, similar,
            disposition_label[disposition], explanation or "", revised_text[r_id],
            meeting or decided))
    return rows
