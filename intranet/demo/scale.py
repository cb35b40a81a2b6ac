"""City-scale data: `seed-demo --scale N` adds N − 1 wards beside the Thủy Nguyên demo.

Each added ward carries the volume a real ward produces while it prepares its congress, so the
pages and reports can be measured at a hundred wards (about 10,000 organizations, 285,000
members, 100,000 comments, 25,000 nominations and over 1,000,000 audit entries):

- its organizations, members and bodies (`intranet.demo.ward.seed_ward`);
- an earlier congress (the demo ward's stays the one being prepared), its document set and a
  Political Report circulated for comment, with 1,000 comments of every channel, most of them
  disposed;
- a published delegate quota and 250 nominations spread over the workflow's stages;
- the audit entries all of that would have written (creation and every transition, each
  comment and disposition, the users' logins and logouts), chained and signed like any other
  (`intranet.audit.bulk.append_many`), so `flask audit verify` replays every item's history.

Rows go in with bulk inserts, not one by one: the point is minutes, not hours. The states and
the audit entries are written together in the ward's one transaction; the history each item
gets is a path of its workflow, which `audit verify` checks.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select, update

from intranet.audit.bulk import append_many
from intranet.audit.chain import utc_stamp
from intranet.db import db, utcnow
from intranet.demo.names import vietnamese_name
from intranet.documents import demo_texts as texts
from intranet.documents.models import (
    Audience,
    Channel,
    Comment,
    CommentRound,
    Disposition,
    Document,
    DocumentKind,
    DocumentSection,
    DocumentSet,
    DocumentVersion,
    Source,
)
from intranet.org.models import Congress, Member, OrgUnit
from intranet.personnel.models import ALTERNATE, OFFICIAL, Nomination, QuotaAllocation

SEEDER = "seed-demo"
COMMENTS_PER_WARD = 1000
NOMINATIONS_PER_WARD = 250
SESSIONS_PER_WARD = 3750  # logins, each with its logout: the bulk of a ward's audit log
DISPOSED_SHARE = 0.7
CHANNEL_MIX = ((Channel.ORG_SUBMISSION, Source.ORGANIZATION, 0.10),
               (Channel.MEMBER_ONLINE, Source.MEMBER, 0.15),
               (Channel.PUBLIC_QR, Source.CITIZEN, 0.30),
               (Channel.PAPER, Source.MEMBER, 0.35),
               (Channel.MASS_MEDIA, Source.CITIZEN, 0.04),
               (Channel.FORMER_LEADERS, Source.FORMER_LEADER, 0.02),
               (Channel.CONFERENCE, Source.MASS_ORGANIZATION, 0.04))
# Where each nomination stops, with its share, and the transitions (trigger, from, to) that got
# it there: paths of `workflows.nomination`.
NOMINATION_PATHS = (
    (0.40, (("submit", "draft", "submitted"), ("vet", "submitted", "vetted"),
            ("approve", "vetted", "approved"), ("appoint", "approved", "appointed"))),
    (0.15, (("submit", "draft", "submitted"), ("vet", "submitted", "vetted"),
            ("approve", "vetted", "approved"))),
    (0.15, (("submit", "draft", "submitted"), ("vet", "submitted", "vetted"))),
    (0.15, (("submit", "draft", "submitted"),)),
    (0.05, (("submit", "draft", "submitted"), ("return_from_vetting", "submitted", "returned"))),
    (0.10, ()),
)
TRIGGER_ROLE = {"submit": "org_secretary", "vet": "personnel", "approve": "standing",
                "appoint": "standing", "return_from_vetting": "personnel"}


@dataclass
class WardVolume:
    comments: int = 0
    nominations: int = 0
    audit_entries: int = 0


class Clock:
    """Audit timestamps that move forward through the preparation months."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def tick(self, seconds: int = 37) -> str:
        self.moment += timedelta(seconds=seconds)
        return utc_stamp(self.moment)


def seed_city_ward(ward: OrgUnit, index: int, rng: random.Random) -> WardVolume:
    """Add one ward's congress preparation (inside the caller's write transaction)."""
    volume = WardVolume()
    clock = Clock(datetime(2025, 4, 1, 1, 0, tzinfo=UTC)
                   + timedelta(minutes=index))
    opens_on = date(2025, 7, 1) + timedelta(days=index % 28)
    congress_id = _insert(Congress, org_unit_id=ward.id, term="2025-2030", opens_on=opens_on,
                          name=f"Đại hội đại biểu {ward.name} nhiệm kỳ 2025 – 2030")
    entries: list[dict] = []
    volume.comments = _seed_document(ward, index, congress_id, rng, clock, entries)
    volume.nominations = _seed_nominations(ward, congress_id, rng, clock, entries)
    entries.extend(_sessions(index, rng, clock))
    volume.audit_entries = append_many(entries)
    return volume


def _insert(model, **values) -> int:
    return db.session.execute(insert(model).returning(model.id), [values]).scalar_one()


def _seed_document(ward: OrgUnit, index: int, congress_id: int, rng: random.Random,
                   clock: Clock, entries: list[dict]) -> int:
    set_id = _insert(DocumentSet, congress_id=congress_id,
                     title=f"Văn kiện Đại hội {ward.name}")
    return len(add_commented_document(ward, set_id, f"city-{index:04d}", rng, clock, entries))


def add_commented_document(ward: OrgUnit, set_id: int, tag: str, rng: random.Random,
                           clock: Clock, entries: list[dict], code: str = "BCCT") -> list[int]:
    """A Political Report circulated for comment in this set, with COMMENTS_PER_WARD comments
    (public link token `<tag>-round-1`); the audit entries go to `entries`. Returns
    [document id] * number of comments (the benchmarks want the id, the seeder the count)."""
    now = utcnow()
    document_id = _insert(Document, set_id=set_id, org_unit_id=ward.id,
                          kind=DocumentKind.POLITICAL_REPORT.value, code=code,
                          title=f"Báo cáo chính trị trình Đại hội {ward.name}", sort_order=1,
                          state="circulated", version=2, state_changed_at=now)
    version_id = _insert(DocumentVersion, document_id=document_id, number=1, note="")
    sections = db.session.execute(
        insert(DocumentSection).returning(DocumentSection.id, sort_by_parameter_order=True),
        [{"version_id": version_id, "key": f"s{n}", "position": n, "level": level,
          "number": number, "heading": heading, "body": body}
         for n, (level, number, heading, body) in enumerate(texts.WARD_POLITICAL_REPORT, 1)],
    ).scalars().all()
    db.session.execute(update(DocumentVersion).where(DocumentVersion.id == version_id)
                       .values(frozen_at=now))  # frozen once its text is in, as circulating does
    round_id = _insert(CommentRound, document_id=document_id, number=1, version_id=version_id,
                       audiences=",".join(a.value for a in Audience),
                       deadline=now + timedelta(days=10), token=f"{tag}-round-1")
    entries += [
        {"entity_type": "document", "entity_id": document_id, "action": "create",
         "actor_name": SEEDER, "to_state": "draft", "at": clock.tick()},
        {"entity_type": "document", "entity_id": document_id, "action": "circulate",
         "actor_name": SEEDER, "role": "documents", "from_state": "draft",
         "to_state": "circulated", "at": clock.tick(), "payload": {"round": 1}},
    ]
    units = db.session.scalars(select(OrgUnit.id).where(OrgUnit.parent_id == ward.id)).all()
    rows = []
    for n in range(COMMENTS_PER_WARD):
        channel, source = _pick_channel(rng)
        disposed = rng.random() < DISPOSED_SHARE
        topic = rng.choice(texts.TOPICS)
        rows.append({
            "document_id": document_id, "round_id": round_id, "version_id": version_id,
            "section_id": None if rng.random() < 0.15 else rng.choice(sections),
            "source": source.value, "channel": channel.value,
            "org_unit_id": rng.choice(units) if channel == Channel.ORG_SUBMISSION else None,
            "author_name": vietnamese_name(rng, rng.choice("MF"))
            if channel in (Channel.FORMER_LEADERS, Channel.MEMBER_ONLINE) else None,
            "text": rng.choice(texts.TEMPLATES).format(topic=topic),
            "received_on": opens_on_minus(rng), "created_at": now,
            "receipt_no": f"{tag}-{n + 1:06d}" if channel == Channel.PUBLIC_QR else None,
            "disposition": rng.choice(list(Disposition)).value if disposed else None,
            "explanation": "Tiếp thu, chỉnh lý vào dự thảo." if disposed else None,
            "disposed_at": now if disposed else None,
        })
        entries.append({"entity_type": "document", "entity_id": document_id,
                        "action": "comment_add", "actor_name": SEEDER, "at": clock.tick(),
                        "payload": {"channel": channel.value}})
    for row in rows:
        if row["disposition"]:
            entries.append({"entity_type": "document", "entity_id": document_id,
                            "action": "dispose", "actor_name": SEEDER, "role": "documents",
                            "at": clock.tick(), "payload": {"disposition": row["disposition"]}})
    db.session.execute(insert(Comment), rows)
    return [document_id] * len(rows)


def opens_on_minus(rng: random.Random) -> date:
    return date(2025, 6, 1) + timedelta(days=rng.randint(0, 25))


def _pick_channel(rng: random.Random) -> tuple[Channel, Source]:
    draw, total = rng.random(), 0.0
    for channel, source, share in CHANNEL_MIX:
        total += share
        if draw < total:
            return channel, source
    return CHANNEL_MIX[-1][0], CHANNEL_MIX[-1][1]


def _seed_nominations(ward: OrgUnit, congress_id: int, rng: random.Random, clock: Clock,
                      entries: list[dict]) -> int:
    now = utcnow()
    allocation_id = _insert(QuotaAllocation, congress_id=congress_id, total_delegates=250,
                            minimum_per_org=1, alternates_per_org=1, members_total=2846,
                            state="published", version=3, state_changed_at=now,
                            calculated_at=now)
    entries += [
        {"entity_type": "quota_allocation", "entity_id": allocation_id, "action": "create",
         "actor_name": SEEDER, "to_state": "draft", "at": clock.tick()},
        {"entity_type": "quota_allocation", "entity_id": allocation_id, "action": "freeze",
         "actor_name": SEEDER, "role": "personnel", "from_state": "draft",
         "to_state": "frozen", "at": clock.tick()},
        {"entity_type": "quota_allocation", "entity_id": allocation_id, "action": "publish",
         "actor_name": SEEDER, "role": "standing", "from_state": "frozen",
         "to_state": "published", "at": clock.tick()},
    ]
    candidates = list(_members_by_organization(ward))
    rng.shuffle(candidates)
    plan = []
    for share, path in NOMINATION_PATHS:
        plan += [path] * round(share * NOMINATIONS_PER_WARD)
    plan = (plan + [()] * NOMINATIONS_PER_WARD)[:NOMINATIONS_PER_WARD]
    rows, ranks = [], {}
    for (org_id, member_id), path in zip(candidates, plan, strict=False):
        kind = ALTERNATE if rng.random() < 0.12 else OFFICIAL
        ranks[(org_id, kind)] = ranks.get((org_id, kind), 0) + 1
        state = path[-1][2] if path else "draft"
        rows.append({"allocation_id": allocation_id, "org_unit_id": org_id,
                     "member_id": member_id, "kind": kind, "rank": ranks[(org_id, kind)],
                     "state": state, "version": len(path) + 1, "state_changed_at": now,
                     "appointed_as": kind if state == "appointed" else None})
    ids = db.session.execute(
        insert(Nomination).returning(Nomination.id, sort_by_parameter_order=True), rows,
    ).scalars().all()
    for nomination_id, (_, path) in zip(ids, zip(candidates, plan, strict=False), strict=False):
        entries.append({"entity_type": "nomination", "entity_id": nomination_id,
                        "action": "create", "actor_name": SEEDER, "to_state": "draft",
                        "at": clock.tick()})
        for trigger, source, dest in path:
            entries.append({"entity_type": "nomination", "entity_id": nomination_id,
                            "action": trigger, "actor_name": SEEDER,
                            "role": TRIGGER_ROLE[trigger], "from_state": source,
                            "to_state": dest, "at": clock.tick()})
    return len(rows)


def _members_by_organization(ward: OrgUnit) -> Iterator[tuple[int, int]]:
    """(organization directly under the ward, member) pairs: sub-cells count for their
    grassroots committee. A few per organization, so every organization nominates."""
    top = {uid: uid for uid in db.session.scalars(
        select(OrgUnit.id).where(OrgUnit.parent_id == ward.id))}
    for uid, parent in db.session.execute(select(OrgUnit.id, OrgUnit.parent_id).where(
            OrgUnit.parent_id.in_(list(top)))):
        top[uid] = parent
    taken: dict[int, int] = {}
    for member_id, unit_id in db.session.execute(
            select(Member.id, Member.org_unit_id).where(Member.org_unit_id.in_(list(top)))
            .order_by(Member.id)):
        org = top[unit_id]
        if taken.get(org, 0) < 4:
            taken[org] = taken.get(org, 0) + 1
            yield org, member_id


def _sessions(index: int, rng: random.Random, clock: Clock) -> Iterator[dict]:
    """The ward's users signing in and out over the preparation months."""
    for _ in range(SESSIONS_PER_WARD):
        user = f"w{index:03d}.u{rng.randint(1, 40):02d}"
        yield {"entity_type": "user", "action": "login", "actor_name": user,
               "ip": f"10.{index % 250}.0.{rng.randint(2, 250)}", "at": clock.tick(300)}
        yield {"entity_type": "user", "action": "logout", "actor_name": user,
               "at": clock.tick(900)}
