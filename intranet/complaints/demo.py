"""Complaints demo: a handful of letters at every stage, one of them an open denunciation
about a nominee awaiting the Standing Committee's approval (so the hold shows). Everything
goes through the services and `apply_transition`. `seed_complaints(n)` adds many letters in
bulk (for `seed-demo --scale N`), each with its audit entry."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from intranet.audit.bulk import append_many
from intranet.auth.models import User
from intranet.complaints import services
from intranet.complaints.models import Complaint, ComplaintSubject
from intranet.db import db, utcnow, write_transaction
from intranet.org.models import Member
from intranet.personnel.models import Nomination
from intranet.workflow_service import apply_transition

FIRST = date(2025, 6, 2)


def _user(name: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == name))


def _nominee(state: str, skip: int = 0) -> int | None:
    return db.session.scalar(select(Nomination.member_id).where(Nomination.state == state)
                             .order_by(Nomination.id).offset(skip).limit(1))


def _letter(user, received_on, summary, content, *, channel="mail", sender="named",
            name="Nguyễn Văn Bình", address="Tổ dân phố Dương Quan 2", subjects=(),
            postmarked_on=None) -> Complaint:
    complaint_id, _receipt = services.register_complaint(user, services.Intake(
        channel=channel, received_on=received_on, postmarked_on=postmarked_on,
        sender_status=sender, sender_name=name if sender != "anonymous" else None,
        sender_address=address if sender != "no_address" else None, summary=summary,
        content=content, subjects=[s for s in subjects if s]))
    return db.session.get(Complaint, complaint_id)


def seed_demo_letters() -> bool:
    """Load the demo letters unless there are letters already; True when added."""
    if db.session.scalar(select(func.count(Complaint.id))):
        return False
    clerk, staff, inspector = _user("vanthu"), _user("donthu"), _user("kiemtra")
    if clerk is None or staff is None or inspector is None:
        return False
    held = _nominee("vetted")
    cleared = _nominee("vetted", skip=1)

    # 1. An open denunciation about a nominee awaiting approval: the hold shows.
    letter = _letter(staff, date(2025, 6, 20), "Phản ánh việc kê khai tài sản",
                     "Đề nghị xác minh việc kê khai nhà đất của đồng chí được giới thiệu "
                     "làm đại biểu.", subjects=[held])
    apply_transition(letter, "classify", staff, payload={"kind": "denunciation"})
    apply_transition(letter, "assign", staff,
                     payload={"investigator": inspector.id, "deadline": date(2025, 7, 25)})
    apply_transition(letter, "start_verification", inspector)

    # 2. A letter about another nominee, verified and found unfounded: the hold ended.
    letter = _letter(clerk, date(2025, 6, 5), "Khiếu nại về việc bình xét",
                     "Cho rằng việc bình xét đảng viên hoàn thành tốt nhiệm vụ năm 2024 "
                     "chưa đúng.", channel="desk", subjects=[cleared])
    apply_transition(letter, "classify", staff, payload={"kind": "complaint"})
    apply_transition(letter, "assign", staff, payload={"investigator": staff.id,
                                                       "deadline": date(2025, 6, 30)})
    apply_transition(letter, "start_verification", staff)
    apply_transition(letter, "conclude", staff, payload={
        "outcome": "unfounded", "findings": "Việc bình xét đúng quy định; không có cơ sở."})
    apply_transition(letter, "reply", staff)

    # 3. An anonymous letter: not processed.
    letter = _letter(clerk, date(2025, 6, 12), "Thư không ký tên",
                     "Tố cáo chung chung, không ghi người gửi.", sender="anonymous")
    apply_transition(letter, "set_aside", staff, reason="Đơn nặc danh theo quy định",
                     payload={"category": "anonymous"})

    # 4. A petition closed after the reply.
    letter = _letter(clerk, date(2025, 6, 3), "Kiến nghị về công tác chuẩn bị Đại hội",
                     "Đề nghị công khai dự thảo văn kiện tại nhà văn hóa tổ dân phố.",
                     channel="email")
    apply_transition(letter, "classify", staff, payload={"kind": "petition"})
    apply_transition(letter, "assign", staff, payload={"investigator": staff.id,
                                                       "deadline": date(2025, 6, 20)})
    apply_transition(letter, "start_verification", staff)
    apply_transition(letter, "conclude", staff, payload={
        "outcome": "partly_founded", "findings": "Đã niêm yết dự thảo tại 12 tổ dân phố."})
    apply_transition(letter, "reply", staff)
    apply_transition(letter, "close", staff)

    # 5. Arrived after the cut-off (25 working days before 18 August): transferred.
    letter = _letter(clerk, date(2025, 7, 28), "Đơn gửi sau thời hạn",
                     "Phản ánh về một cán bộ tổ dân phố.", postmarked_on=date(2025, 7, 25))
    apply_transition(letter, "transfer", staff)

    # 6. Just received at the desk, to be screened.
    _letter(clerk, date(2025, 7, 10), "Phản ánh việc sinh hoạt chi bộ",
            "Chi bộ không sinh hoạt định kỳ trong quý II.", channel="desk")
    # End the last read transaction: an open one would keep SQLite from checkpointing its WAL
    # when the caller disposes of the engine (a file copy would then miss these letters).
    db.session.close()
    return True


def seed_complaints(count: int, seed: int = 2025) -> int:
    """Add `count` letters in bulk (received or not processed), a third of them about a
    member, each with its creation (and screening) audit entries. Answer the count."""
    # Demo data must be reproducible: a seeded, non-cryptographic generator is the point.
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    with write_transaction() as session:
        members = session.scalars(select(Member.id).order_by(Member.id).limit(2000)).all()
        start = (session.scalar(select(func.max(Complaint.id))) or 0) + 1  # labels only
        now = utcnow()
        rows, about, subjects, audit = [], [], [], []
        for n in range(count):
            number = start + n
            received = FIRST + timedelta(days=rng.randrange(60))
            set_aside = rng.random() < 0.3
            state = "not_processed" if set_aside else "received"
            rows.append({
                "receipt_no": f"ĐT-{received.year}-B{number:06d}",
                "channel": rng.choice(("desk", "mail", "email", "forwarded")),
                "received_on": received, "postmarked_on": None,
                "sender_status": "anonymous" if set_aside else "named",
                "sender_name": None if set_aside else "Người gửi thử nghiệm",
                "sender_address": None, "summary": f"Đơn thư thử nghiệm {number}",
                "content": "Nội dung đơn thư thử nghiệm.",
                "not_processed_reason": "anonymous" if set_aside else None,
                "state": state, "version": 2 if set_aside else 1, "state_changed_at": now,
                "created_at": now})
            about.append(rng.choice(members) if members and rng.random() < 0.34 else None)
        ids = session.scalars(insert(Complaint).returning(
            Complaint.id, sort_by_parameter_order=True), rows).all() if rows else []
        for complaint_id, row, member_id in zip(ids, rows, about, strict=True):
            if member_id is not None:
                subjects.append({"complaint_id": complaint_id, "member_id": member_id})
            audit.append({"entity_type": "complaint", "entity_id": complaint_id,
                          "action": "create", "to_state": "received",
                          "payload": {"receipt_no": row["receipt_no"], "bulk": True}})
            if row["state"] == "not_processed":
                audit.append({"entity_type": "complaint", "entity_id": complaint_id,
                              "action": "set_aside", "from_state": "received",
                              "to_state": "not_processed", "reason": "Đơn nặc danh",
                              "payload": {"category": "anonymous"}})
        if subjects:
            session.execute(insert(ComplaintSubject), subjects)
        append_many(audit)
    return count
