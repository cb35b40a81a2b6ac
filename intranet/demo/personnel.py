"""Personnel demo: the published quota allocation (223 appointed seats) and nominations of
many organizations at every stage, plus committee candidates. Everything goes through the
services, so every step is in the audit chain. Idempotent: a second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import func, select

from intranet.auth.models import User
from intranet.db import db
from intranet.org.models import Member, OrgUnit
from intranet.personnel import allocation as quota
from intranet.personnel import committee, services
from intranet.personnel.models import (
    ALTERNATE,
    OFFICIAL,
    CommitteeCandidate,
    ExOfficioDelegate,
    Nomination,
    QuotaLine,
)
from intranet.workflow_service import apply_transition

DECISION = ("125-QĐ/ĐU", date(2025, 8, 5))
# How far each demo organization's nominations go (organization codes, in listing order).
STAGES = (
    ("appointed", ("CBCS03", "CBCS07", "CBTT05", "CBTT10", "CBTT20")),
    ("approved", ("CBCS04", "CBTT06", "CBTT21")),
    ("vetted", ("CBCS05", "CBTT07", "CBTT22", "CBTT41")),
    ("submitted", ("CBCS06", "CBCS08", "CBTT08", "CBTT23", "CBTT60")),
    ("returned", ("CBTT09", "CBTT43")),
    ("draft", ("CBCS01",)),
)
PATH = ("submit", "vet", "approve", "appoint")
STOP_AFTER = {"draft": 0, "returned": 0, "submitted": 1, "vetted": 2, "approved": 3,
              "appointed": 3}  # appointment: by one decision, below
# The organizations whose alternate is nominated too (every appointed one: replacements).
WITH_ALTERNATE = {"CBCS03", "CBCS07", "CBTT05", "CBTT10", "CBTT20", "CBCS04", "CBTT22",
                  "CBCS06", "CBCS01"}


def _user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def seed_personnel(ward: OrgUnit) -> bool:
    """Load the personnel demo unless an allocation exists; True when something was added."""
    congress = quota.congress_or_404()
    if quota.allocation_of(congress, with_lines=False) is not None:
        return False
    personnel, standing = _user("nhansu"), _user("thuongvu")
    allocation = quota.calculate_allocation(personnel, quota.default_parameters(None))
    apply_transition(allocation, "freeze", personnel)
    apply_transition(allocation, "publish", standing)

    # Demo data must be reproducible: a seeded, non-cryptographic generator is the point.
    rng = random.Random(2025)  # noqa: S311  # nosec B311
    units = dict(db.session.execute(
        select(OrgUnit.code, OrgUnit.id).where(OrgUnit.parent_id == ward.id)).all())
    seats = dict(db.session.execute(select(QuotaLine.org_unit_id, QuotaLine.seats).where(
        QuotaLine.allocation_id == allocation.id)).all())
    taken = set(db.session.scalars(select(ExOfficioDelegate.member_id)))
    # Every commit expires what the session holds: keep it small (ids, not rows).
    db.session.expunge_all()
    personnel, standing, standing2 = _user("nhansu"), _user("thuongvu"), _user("thuongvu2")
    clerk, secretary = _user("vanthu"), _user("bithu2")
    by_stage: dict[str, list[Nomination]] = {}
    for stage, codes in STAGES:
        for code in codes:
            unit_id = units[code]
            author = secretary if code == "CBCS01" else clerk
            people = _members(unit_id, taken, rng, seats[unit_id] + 1)
            kinds = [OFFICIAL] * seats[unit_id]
            if code in WITH_ALTERNATE:
                kinds.append(ALTERNATE)
            for member_id, kind in zip(people, kinds, strict=False):
                item = services.nominate(author, unit_id, member_id, kind)
                by_stage.setdefault(stage, []).append(item)
                taken.add(member_id)

    movers = {"submit": clerk, "vet": personnel, "approve": standing}
    for stage, items in by_stage.items():
        for item in items:
            actor = secretary if item.org_unit_id == units["CBCS01"] else clerk
            for trigger in PATH[:STOP_AFTER[stage]]:
                apply_transition(item, trigger, actor if trigger == "submit" else movers[trigger])
            if stage == "returned":
                apply_transition(item, "submit", actor)
                apply_transition(item, "return_from_vetting", personnel, reason=(
                    "Hồ sơ thiếu bản tự kiểm điểm; đề nghị chi bộ bổ sung."))
    appointed = [n.id for n in by_stage["appointed"]]
    services.appoint(standing, appointed, *DECISION)

    _after_appointment(by_stage["appointed"], units, personnel, standing2)
    noted = by_stage["vetted"][0].id
    db.session.expunge_all()
    personnel, standing = _user("nhansu"), _user("thuongvu")
    services.add_vetting_note(personnel, noted,
                              "Đã đối chiếu lý lịch; ý kiến nơi cư trú tốt. Đạt tiêu chuẩn.")
    _seed_committee(congress, personnel, standing)
    return True


def _members(unit_id: int, taken: set[int], rng: random.Random, n: int) -> list[int]:
    unit = db.session.get(OrgUnit, unit_id)
    members = db.session.scalars(
        select(Member.id).where(services.org_members(unit)).order_by(Member.id)).all()
    pool = [m for m in members if m not in taken]
    return rng.sample(pool, min(n, len(pool)))


def _after_appointment(appointed: list[Nomination], units, personnel, standing) -> None:
    """One official not summoned (transferred), one replaced by the organization's alternate."""
    officials = {}
    for item in appointed:
        if item.kind == OFFICIAL:
            officials.setdefault(item.org_unit_id, []).append(item)
    transferred = officials[units["CBTT20"]][0]
    apply_transition(transferred, "not_summon", standing, payload={"category": "transferred"},
                     reason="Chuyển sinh hoạt đảng sang Đảng bộ xã An Hưng từ 01/8/2025.")
    leaving = officials[units["CBTT10"]][0]
    apply_transition(leaving, "request_replacement", personnel,
                     reason="Đi điều trị dài ngày, không thể dự Đại hội.")
    apply_transition(leaving, "approve_replacement", standing)


def _seed_committee(congress, personnel, standing) -> None:
    """A few candidates along the committee path, with their polls."""
    if db.session.scalar(select(func.count(CommitteeCandidate.id))):
        return
    executive = db.session.scalars(
        select(ExOfficioDelegate.member_id).order_by(ExOfficioDelegate.id)).all()
    plan = [("secretary", executive[0], "appointed"),
            ("deputy_secretary", executive[1], "submitted"),
            ("deputy_secretary", executive[2], "vetted"),
            ("standing_committee", executive[3], "selected"),
            ("standing_committee", executive[4], "shortlisted"),
            ("executive_committee", executive[5], "pool"),
            ("city_delegate", executive[0], "key_cadre_polled")]
    order = ("pool", "shortlisted", "key_cadre_polled", "selected", "executive_polled",
             "vetted", "submitted", "appointed")
    for body, member_id, target in plan:
        item = committee.add_candidate(personnel, body, member_id)
        steps = order.index(target)
        for step in range(steps):
            state = order[step]
            if state == "pool":
                apply_transition(item, "shortlist", standing)
            elif state == "shortlisted":
                committee.record_poll(personnel, item.id, voters=84, ballots=82, votes_for=79,
                                      votes_against=3, version=None)
            elif state == "key_cadre_polled":
                apply_transition(item, "select", standing)
            elif state == "selected":
                committee.record_poll(personnel, item.id, voters=27, ballots=27, votes_for=25,
                                      votes_against=2, version=None)
            elif state == "executive_polled":
                apply_transition(item, "vet", personnel)
            elif state == "vetted":
                apply_transition(item, "submit_to_city", standing)
            elif state == "submitted":
                committee.record_appointment(standing, item.id, "1820-QĐ/TU",
                                             date(2025, 8, 15), None)
