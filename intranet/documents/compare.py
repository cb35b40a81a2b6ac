"""Comparison of two versions of a document, section by section and word by word.

Sections are matched by their key (kept across versions; see services.start_new_draft and
import_docx). Within a matched section the heading and the text are compared word by word:
insertions and deletions are marked, unchanged sections are reported as such (folded on the
page). Sections only in the newer version are added, only in the older one removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from intranet.documents.models import DocumentSection

TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class SectionDiff:
    status: str  # "unchanged", "changed", "added" or "removed"
    old: DocumentSection | None
    new: DocumentSection | None
    title: list[Segment] = field(default_factory=list)
    body: list[Segment] = field(default_factory=list)

    @property
    def section(self) -> DocumentSection:
        return self.new or self.old

    @property
    def inserted_words(self) -> int:
        return sum(len(s.text.split()) for s in self.title + self.body if s.op == "insert")

    @property
    def deleted_words(self) -> int:
        return sum(len(s.text.split()) for s in self.title + self.body if s.op == "delete")


def diff_words(old: str, new: str) -> list[Segment]:
    """Word-level differences: runs of equal, deleted and inserted text, in reading order."""
    a, b = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    segments: list[Segment] = []

    def add(op: str, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
        else:
            add("delete", a[i1:i2])
            add("insert", b[j1:j2])
    return segments


def compare_sections(old: list[DocumentSection], new: list[DocumentSection]
                     ) -> list[SectionDiff]:
    """Every section of either version, in the newer version's order; removed sections
    appear after the section that preceded them in the older version."""
    old_by_key = {s.key: s for s in old}
    new_keys = {s.key for s in new}
    result: list[SectionDiff] = []
    for s in new:
        before = old_by_key.get(s.key)
        if before is None:
            result.append(SectionDiff("added", None, s, [Segment("insert", s.title)],
                                      [Segment("insert", s.body)] if s.body else []))
            continue
        title, body = diff_words(before.title, s.title), diff_words(before.body, s.body)
        changed = any(seg.op != "equal" for seg in title + body) or before.level != s.level
        result.append(SectionDiff("changed" if changed else "unchanged", before, s, title, body))
    for index, s in enumerate(old):
        if s.key in new_keys:
            continue
        removed = SectionDiff("removed", s, None, [Segment("delete", s.title)],
                              [Segment("delete", s.body)] if s.body else [])
        anchor = next((p.key for p in reversed(old[:index]) if p.key in new_keys), None)
        at = 0
        if anchor is not None:
            at = next(i for i, d in enumerate(result) if d.new is not None
                      and d.new.key == anchor) + 1
            while at < len(result) and result[at].status == "removed":
                at += 1
        result.insert(at, removed)
    return result


def summary(diffs: list[SectionDiff]) -> dict[str, int]:
    counts = {"unchanged": 0, "changed": 0, "added": 0, "removed": 0}
    for d in diffs:
        counts[d.status] += 1
    return counts
