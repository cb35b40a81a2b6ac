"""Congress-days demo: the organizations without nominations in the personnel demo have their
officials appointed (by the same decision), the roster is built from the personnel data, the two
sessions and their programme, the congress bodies and discussion groups, the 102 subordinate
congresses (all held by 29/7/2025) and a few check-ins. Idempotent: a second run adds nothing.

Some organizations are kept without nominations: the personnel demo shows nominations at every
stage, and the personnel tests nominate in the organizations listed in KEPT_FREE.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from sqlalchemy import func, select

from intranet.auth.models import User
from intranet.congress import services, tracker
from intranet.congress.models import (
    AgendaItem,
    BodySeat,
    CongressSession,
    Delegate,
    SubordinateCongress,
)
from intranet.db import db, write_transaction
from intranet.demo.personnel import DECISION, STAGES  # one appointment decision for all
from intranet.documents.models import Document
from intranet.org.models import Member, OrgUnit
from intranet.personnel import services as personnel
from intranet.personnel.models import ExOfficioDelegate, Nomination, QuotaLine
from intranet.workflow_service import apply_transition, start_item

KEPT_FREE = {"CBTT01", "CBTT02", *(f"CBTT{n}" for n in range(30, 37)),
             *(f"CBTT{n}" for n in range(50, 54))}
SESSIONS = (("preparatory", date(2025, 8, 18), time(14, 0), time(17, 0)),
            ("official", date(2025, 8, 19), time(14, 0), time(17, 30)))
# (kind, title, vote, document code)
PROGRAMME = {
    "preparatory": (
        ("election", "Bầu Đoàn Chủ tịch Đại hội (7 đồng chí)", True, None),
        ("election", "Bầu Đoàn Thư ký Đại hội (2 đồng chí)", True, None),
        ("election", "Bầu Ban Thẩm tra tư cách đại biểu (5 đồng chí)", True, None),
        ("adoption", "Thông qua Chương trình Đại hội", True, None),
        ("adoption", "Thông qua Quy chế làm việc của Đại hội", True, None),
        ("report", "Báo cáo thẩm tra tư cách đại biểu", True, None),
        ("adoption", "Thông qua ý kiến góp ý dự thảo các Văn kiện Đại hội XIV của Đảng",
         True, "VK-XIV"),
        ("speech", "Thảo luận tại 3 tổ", False, None),
    ),
    "official": (
        ("report", "Báo cáo chính trị của Ban Chấp hành Đảng bộ phường", True, "BCCT"),
        ("report", "Báo cáo kiểm điểm của Ban Chấp hành nhiệm kỳ 2020 – 2025", True, "BCKD"),
        ("speech", "Tham luận 1: Phát triển kinh tế đô thị", False, None),
        ("speech", "Tham luận 2: Xây dựng Đảng trong sạch, vững mạnh", False, None),
        ("speech", "Tham luận 3: Chuyển đổi số trong cải cách hành chính", False, None),
        ("speech", "Tham luận 4: Công tác dân vận và an sinh xã hội", False, None),
        ("decision", "Công bố quyết định chỉ định Ban Chấp hành, Ban Thường vụ", False, None),
        ("resolution", "Biểu quyết thông qua Nghị quyết Đại hội", True, "NQ"),
    ),
}
BODY_SIZES = (("presidium", 7), ("secretariat", 2), ("credentials", 5), ("ballot_board", 5))


def _user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def seed_congress(ward: OrgUnit) -> bool:
    congress = services.current_congress()
    if congress is None or db.session.scalar(
            select(func.count(CongressSession.id)).where(
                CongressSession.congress_id == congress.id)):
        return False
    rng = random.Random(1908)  # noqa: S311  # nosec B311  # reproducible demo data
    _appoint_the_rest(ward, rng)
    db.session.expunge_all()
    services.sync_roster(_user("thuongvu"))
    congress = services.current_congress()
    with write_transaction():
        _sessions_and_programme(congress.id)
        _bodies_and_groups(congress.id)
    _subordinate_congresses(ward, congress.id, rng)
    _a_few_check_ins(congress.id)
    return True


def _appoint_the_rest(ward: OrgUnit, rng: random.Random) -> None:
    """Officials for every organization the personnel demo left untouched (except KEPT_FREE)."""
    staged = {code for _stage, codes in STAGES for code in codes}
    units = db.session.execute(
        select(OrgUnit.id, OrgUnit.code).where(OrgUnit.parent_id == ward.id)
        .order_by(OrgUnit.sort_order)).all()
    seats = dict(db.session.execute(select(QuotaLine.org_unit_id, QuotaLine.seats)).all())
    used = set(db.session.scalars(select(Nomination.org_unit_id)))
    taken = set(db.session.scalars(select(ExOfficioDelegate.member_id))) | set(
        db.session.scalars(select(Nomination.member_id)))
    clerk, vetter, standing = _user("vanthu"), _user("nhansu"), _user("thuongvu")
    ids = []
    for unit_id, code in units:
        if code in staged or code in KEPT_FREE or unit_id in used or not seats.get(unit_id):
            continue
        unit = db.session.get(OrgUnit, unit_id)
        pool = [m for m in db.session.scalars(select(Member.id).where(
            personnel.org_members(unit)).order_by(Member.id)) if m not in taken]
        for member_id in rng.sample(pool, min(seats[unit_id], len(pool))):
            item = personnel.nominate(clerk, unit_id, member_id, "official")
            for trigger, who in (("submit", clerk), ("vet", vetter), ("approve", standing)):
                apply_transition(item, trigger, who)
            ids.append(item.id)
            taken.add(member_id)
    if ids:
        personnel.appoint(standing, ids, *DECISION)


def _sessions_and_programme(congress_id: int) -> None:
    documents = dict(db.session.execute(select(Document.code, Document.id)).all())
    for position, (kind, day, start, end) in enumerate(SESSIONS, 1):
        session = CongressSession(congress_id=congress_id, kind=kind, position=position,
                                  held_on=day, starts_at=start, ends_at=end)
        db.session.add(session)
        db.session.flush()
        for number, (item_kind, title, vote, code) in enumerate(PROGRAMME[kind], 1):
            db.session.add(AgendaItem(session_id=session.id, position=number, kind=item_kind,
                                      title=title, needs_vote=vote,
                                      document_id=documents.get(code) if code else None))


def _bodies_and_groups(congress_id: int) -> None:
    delegates = db.session.scalars(select(Delegate).where(
        Delegate.congress_id == congress_id).order_by(Delegate.number)).all()
    for index, delegate in enumerate(delegates):
        delegate.group_no = index % 3 + 1
    at = 0
    for body, size in BODY_SIZES:
        for position, delegate in enumerate(delegates[at:at + size], 1):
            db.session.add(BodySeat(congress_id=congress_id, body=body,
                                    delegate_id=delegate.id, position=position))
        at += size


def _subordinate_congresses(ward: OrgUnit, congress_id: int, rng: random.Random) -> None:
    """The 102 organizations' congresses: planned from May, all held by 29/7/2025."""
    units = db.session.scalars(select(OrgUnit.id).where(OrgUnit.parent_id == ward.id)
                               .order_by(OrgUnit.sort_order)).all()
    standing = _user("thuongvu")
    with write_transaction():
        items = []
        for index, unit_id in enumerate(units):
            planned = date(2025, 5, 20) + timedelta(days=index * 69 // max(len(units), 1))
            item = SubordinateCongress(congress_id=congress_id, org_unit_id=unit_id,
                                       planned_on=planned)
            start_item(item, standing, {"planned_on": planned.isoformat()})
            items.append(item)
        ids = [(i.id, i.planned_on) for i in items]
    for tracked_id, planned in ids:
        held = min(planned + timedelta(days=rng.randint(0, 3)), date(2025, 7, 29))
        tracker.record_held(standing, tracked_id, held.isoformat(), rng.randint(12, 140))
        if held <= date(2025, 7, 24):
            tracker.record_report(standing, tracked_id,
                                  (held + timedelta(days=rng.randint(2, 5))).isoformat())


def _a_few_check_ins(congress_id: int) -> None:
    desk = _user("thuky")
    session = db.session.scalar(select(CongressSession).where(
        CongressSession.congress_id == congress_id).order_by(CongressSession.position))
    delegates = db.session.scalars(select(Delegate).where(
        Delegate.congress_id == congress_id, Delegate.left_reason.is_(None))
        .order_by(Delegate.number).limit(12)).all()
    for delegate in delegates:
        services.check_in(desk, session.id, delegate, "manual")
