"""Demo documents for the Thủy Nguyên congress, reproducing the seed report's comment counts:
569 on the national (XIV) drafts, 271 on the city Political Report, 271 on the ward's.

Everything goes through the area's services and `apply_transition`, so the audit chain holds
(`flask audit verify`). Comments are inserted in bulk with one audit entry per channel and per
paper batch. Running it again adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert, select, update

from intranet.audit import chain
from intranet.auth.models import User
from intranet.clock import local_today, local_zone
from intranet.db import db, utcnow, write_transaction
from intranet.demo.names import vietnamese_name
from intranet.documents import demo_texts as texts
from intranet.documents import lookups, services
from intranet.documents.docx_import import ParsedSection
from intranet.documents.models import (
    Audience,
    Channel,
    Comment,
    Disposition,
    Document,
    DocumentKind,
    DocumentSection,
    DocumentSet,
    PaperBatch,
    Source,
)
from intranet.org.models import Congress, OrgUnit, UnitKind
from intranet.workflow_service import apply_transition

SEEDER = "seed-demo"

# Comments per channel, adding up to the seed report's figures.
NATIONAL_MIX = {Channel.ORG_SUBMISSION: 98, Channel.PAPER: 233, Channel.PUBLIC_QR: 152,
                Channel.MASS_MEDIA: 31, Channel.FORMER_LEADERS: 14, Channel.CONFERENCE: 41}
CITY_MIX = {Channel.ORG_SUBMISSION: 87, Channel.PAPER: 96, Channel.PUBLIC_QR: 51,
            Channel.MASS_MEDIA: 12, Channel.FORMER_LEADERS: 8, Channel.CONFERENCE: 17}
WARD_MIX = {Channel.ORG_SUBMISSION: 92, Channel.PAPER: 88, Channel.PUBLIC_QR: 58,
            Channel.MASS_MEDIA: 9, Channel.FORMER_LEADERS: 11, Channel.CONFERENCE: 13}


@dataclass(frozen=True)
class Spec:
    code: str
    kind: DocumentKind
    title: str
    issuer: str | None
    sections: list
    mix: dict[Channel, int]
    stage: str  # "draft", "circulated", "revision" or "approved"
    batches: int = 0


SPECS = (
    Spec("BCCT", DocumentKind.POLITICAL_REPORT,
         "Báo cáo chính trị trình Đại hội đại biểu Đảng bộ phường Thủy Nguyên lần thứ I, "
         "nhiệm kỳ 2025 – 2030", None, texts.WARD_POLITICAL_REPORT, WARD_MIX, "revision", 4),
    Spec("BCKD", DocumentKind.REVIEW_REPORT,
         "Báo cáo kiểm điểm của Ban Chấp hành Đảng bộ phường nhiệm kỳ 2020 – 2025", None,
         texts.REVIEW_REPORT, {}, "circulated"),
    Spec("NQ", DocumentKind.RESOLUTION,
         "Nghị quyết Đại hội đại biểu Đảng bộ phường Thủy Nguyên lần thứ I, nhiệm kỳ "
         "2025 – 2030", None, texts.RESOLUTION, {}, "draft"),
    Spec("VK-XIV", DocumentKind.HIGHER_LEVEL,
         "Dự thảo các Văn kiện trình Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
         "Ban Chấp hành Trung ương Đảng khóa XIII", texts.NATIONAL_DRAFTS, NATIONAL_MIX,
         "approved", 9),
    Spec("BCCT-TP", DocumentKind.HIGHER_LEVEL,
         "Dự thảo Báo cáo chính trị trình Đại hội đại biểu Đảng bộ thành phố Hải Phòng lần "
         "thứ I, nhiệm kỳ 2025 – 2030", "Ban Chấp hành Đảng bộ thành phố Hải Phòng",
         texts.CITY_POLITICAL_REPORT, CITY_MIX, "approved", 4),
)


def seed_documents() -> bool:
    """Load the demo documents unless the congress already has its document set."""
    congress = db.session.scalar(select(Congress).order_by(Congress.opens_on.desc()).limit(1))
    if congress is None or db.session.scalar(
            select(DocumentSet.id).where(DocumentSet.congress_id == congress.id)):
        return False
    people = {u.username: u for u in db.session.scalars(select(User).where(
        User.username.in_(("vankien", "thuongvu", "vanthu"))))}
    drafter, standing = people["vankien"], people["thuongvu"]
    with write_transaction() as session:
        doc_set = DocumentSet(congress_id=congress.id, title=texts.SET_TITLE)
        session.add(doc_set)
        session.flush()
        chain.append("document_set", doc_set.id, "set_create", actor=drafter,
                     payload={"title": doc_set.title})
    # Demo data must be reproducible: a seeded, non-cryptographic generator is the point.
    rng = random.Random(2025)  # noqa: S311  # nosec B311
    for spec in SPECS:
        _seed_document(spec, drafter, standing, rng)
    return True


def _deadline():
    local = utcnow().astimezone(local_zone()).replace(hour=17, minute=0, second=0, microsecond=0)
    return local + timedelta(days=10)


def _seed_document(spec: Spec, drafter, standing, rng: random.Random) -> None:
    document = services.create_document(drafter, kind=spec.kind, code=spec.code,
                                        title=spec.title, issuer=spec.issuer)
    services.replace_text(drafter, document.id, [ParsedSection(*s) for s in spec.sections],
                          "demo")
    if spec.stage == "draft":
        return
    services.freeze_version(drafter, document.id)
    services.circulate_document(drafter, document.id, deadline=_deadline(),
                                audiences=[a.value for a in Audience], expected_version=None)
    if spec.mix:
        _seed_comments(document, spec, rng)
    if spec.stage == "circulated":
        return
    apply_transition(document, "close_early", drafter, reason=texts.CLOSE_REASON)
    if spec.kind == DocumentKind.POLITICAL_REPORT:
        _revise(document, drafter, standing)
    _group_similar(document, drafter)
    _dispose(document, drafter, rng, share=1.0 if spec.stage == "approved" else 0.85)
    if spec.stage == "approved":
        services.approve_document(
            standing, document.id, meeting_date=local_today(), members_present=9,
            votes_for=9, votes_against=0, expected_version=None, today=local_today(),
            note="Ban Thường vụ Đảng ủy phường thống nhất thông qua Báo cáo tổng hợp ý kiến "
                 "để gửi cấp trên.")


def _text(rng: random.Random) -> tuple[str, str]:
    topic = rng.choice(texts.TOPICS)
    return topic, rng.choice(texts.TEMPLATES).format(topic=topic)


def _seed_comments(document: Document, spec: Spec, rng: random.Random) -> None:
    """The comments of the round, inserted in bulk: one audit entry per channel or batch."""
    with write_transaction() as session:
        round_ = lookups.open_round(document.id)
        sections = [s.id for s in services.sections_of(round_.version)]
        units = session.scalars(select(OrgUnit).where(OrgUnit.parent_id.is_not(None))
                                .order_by(OrgUnit.sort_order, OrgUnit.id)).all()
        cells = [u for u in units if u.kind == UnitKind.AFFILIATED_CELL]
        rows: list[dict] = []

        def add(channel: Channel, source: str, **fields) -> None:
            rows.append({
                "document_id": document.id, "round_id": round_.id,
                "version_id": round_.version_id, "channel": channel.value, "source": source,
                "section_id": None if rng.random() < 0.15 else rng.choice(sections),
                "text": _text(rng)[1], "received_on": local_today(), "org_unit_id": None,
                "author_name": None, "batch_id": None, "created_at": utcnow(), **fields})

        for unit in rng.sample(units, spec.mix[Channel.ORG_SUBMISSION]):
            add(Channel.ORG_SUBMISSION, Source.ORGANIZATION, org_unit_id=unit.id)
        for _ in range(spec.mix[Channel.PUBLIC_QR]):
            named = rng.random() < 0.4
            add(Channel.PUBLIC_QR, Source.CITIZEN,
                author_name=vietnamese_name(rng, rng.choice("MF")) if named else None)
        for _ in range(spec.mix[Channel.MASS_MEDIA]):
            add(Channel.MASS_MEDIA, Source.CITIZEN)
        for _ in range(spec.mix[Channel.FORMER_LEADERS]):
            add(Channel.FORMER_LEADERS, Source.FORMER_LEADER,
                author_name=vietnamese_name(rng, rng.choice("MMF")))
        for _ in range(spec.mix[Channel.CONFERENCE]):
            add(Channel.CONFERENCE, rng.choice((Source.MASS_ORGANIZATION,
                                                Source.MASS_ORGANIZATION, Source.MEMBER)))
        batches = _seed_batches(session, document, round_, spec, rng, cells, add)
        session.execute(insert(Comment), rows)
        public = session.scalars(select(Comment.id).where(
            Comment.document_id == document.id, Comment.channel == Channel.PUBLIC_QR)).all()
        session.execute(update(Comment), [{"id": i, "receipt_no": f"{document.code}-{i:06d}"}
                                          for i in public])
        for channel in (c for c in spec.mix if c != Channel.PAPER):
            chain.append("document", document.id, "comments_import", actor_name=SEEDER,
                         payload={"channel": channel.value, "count": spec.mix[channel]})
        for batch, entered in batches:
            chain.append("document", document.id, "batch_complete", actor_name=SEEDER,
                         payload={"batch": batch.id, "declared": batch.declared_count,
                                  "entered": entered})


def _seed_batches(session, document, round_, spec: Spec, rng, cells, add) -> list:
    """Paper forms in batches, each counted against its declared number (one is off by one)."""
    total = spec.mix[Channel.PAPER]
    sizes = [total // spec.batches] * spec.batches
    sizes[-1] += total - sum(sizes)
    made = []
    for index, (size, unit) in enumerate(zip(sizes, rng.sample(cells, spec.batches),
                                             strict=True)):
        off = index == 1  # one form could not be read: declared one more than entered
        batch = PaperBatch(document_id=document.id, round_id=round_.id, org_unit_id=unit.id,
                           label=f"Phiếu góp ý – {unit.name}", declared_count=size + off,
                           received_on=local_today(), completed_at=utcnow(),
                           note="Một phiếu bị nhòe, không đọc được nội dung." if off else None)
        session.add(batch)
        session.flush()
        for _ in range(size):
            source = rng.choices((Source.MEMBER, Source.CITIZEN, Source.MASS_ORGANIZATION),
                                 (55, 40, 5))[0]
            add(Channel.PAPER, source, batch_id=batch.id, org_unit_id=unit.id)
        made.append((batch, size))
    return made


def _revise(document: Document, drafter, standing) -> None:
    """Draft 2 of the ward Political Report: the accepted comments written into the text."""
    version = services.start_new_draft(drafter, document.id, "Tiếp thu ý kiến đợt 1")
    for section in services.sections_of(version):
        body = texts.WARD_POLITICAL_REPORT_REVISIONS.get(section.number)
        if body:
            services.edit_section(drafter, document.id, section.id, number=section.number,
                                  heading=section.heading, body=body, level=section.level,
                                  seen=section.edit_count)
    services.freeze_version(drafter, document.id)
    services.mark_reviewed(standing, document.id, 1)


def _group_similar(document: Document, drafter) -> None:
    """Identical comments on one section become a group counted once (a few per document)."""
    from intranet.documents.dispositions import group_comments

    rows = db.session.execute(select(Comment.id, Comment.section_id, Comment.text)
                              .where(Comment.document_id == document.id)
                              .order_by(Comment.id)).all()
    clusters: dict[tuple, list[int]] = {}
    for comment_id, section_id, text in rows:
        clusters.setdefault((section_id, text), []).append(comment_id)
    biggest = sorted((ids for ids in clusters.values() if len(ids) >= 3), key=len,
                     reverse=True)[:6]
    for ids in biggest:
        text = next(t for (_s, t), members in clusters.items() if members is ids)
        group_comments(drafter, document.id, ids, f"{len(ids)} ý kiến cùng nội dung: {text}")


def _dispose(document: Document, drafter, rng: random.Random, share: float) -> None:
    """Dispositions for a share of the comments (a group always as a whole), written in bulk
    with one audit entry per disposition, as `dispositions.dispose` records them."""
    latest = lookups.latest_version(document.id)
    revised = {s.key: s.id for s in services.sections_of(latest)}
    with write_transaction() as session:
        comments = session.execute(
            select(Comment.id, Comment.group_id, Comment.version_id, DocumentSection.key)
            .outerjoin(DocumentSection, DocumentSection.id == Comment.section_id)
            .where(Comment.document_id == document.id).order_by(Comment.id)).all()
        units: dict[int | str, list] = {}
        for c in comments:
            units.setdefault(c.group_id or f"c{c.id}", []).append(c)
        weights = {Disposition.ACCEPTED: 40, Disposition.PARTLY: 12,
                   Disposition.NOT_ACCEPTED: 8, Disposition.NOTED: 40}
        changes: list[dict] = []
        chosen: dict[str, list[int]] = {}
        now = utcnow()
        for members in units.values():
            if share < 1.0 and rng.random() > share:
                continue
            choice = rng.choices(list(weights), list(weights.values()))[0]
            explanation = rng.choice(texts.EXPLANATIONS) \
                if choice in (Disposition.NOT_ACCEPTED, Disposition.PARTLY) else None
            first = members[0]
            section = None
            if (choice in (Disposition.ACCEPTED, Disposition.PARTLY) and first.key
                    and latest.id != first.version_id):
                section = revised.get(first.key)
            for m in members:
                changes.append({"id": m.id, "disposition": choice.value,
                                "explanation": explanation, "revised_section_id": section,
                                "disposed_at": now, "disposed_by_id": drafter.id})
                chosen.setdefault(choice.value, []).append(m.id)
        session.execute(update(Comment), changes)
        for choice, ids in chosen.items():
            chain.append("document", document.id, "dispose", actor=drafter,
                         payload={"comments": sorted(ids), "disposition": choice})
