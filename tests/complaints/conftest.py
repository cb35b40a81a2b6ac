"""Helpers for the complaints tests: demo users by name, letters built by intent."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from intranet.auth.models import User
from intranet.complaints import services
from intranet.complaints.models import Complaint
from intranet.extensions import db
from intranet.personnel.models import Nomination
from intranet.workflow_service import apply_transition

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def user(name: str) -> User:
    found = db.session.scalar(select(User).where(User.username == name))
    assert found is not None, name
    return found


def fresh(item):
    return db.session.get(type(item), item.id, populate_existing=True)


def nominee(state: str = "vetted", skip: int = 0) -> Nomination:
    """A demo nomination in this state that no demo letter is about."""
    from intranet.complaints.models import ComplaintSubject

    about = select(ComplaintSubject.member_id)
    return db.session.scalar(select(Nomination).where(
        Nomination.state == state, Nomination.member_id.not_in(about))
        .order_by(Nomination.id).offset(skip).limit(1))


def letter(who: str = "donthu", *, received_on=date(2025, 7, 1), subjects=(), files=(),
           sender="named", **changes) -> Complaint:
    intake = services.Intake(**{
        "channel": "mail", "received_on": received_on, "postmarked_on": None,
        "sender_status": sender, "sender_name": "Trần Văn An" if sender == "named" else None,
        "sender_address": "Tổ dân phố 3", "summary": "Phản ánh về đảng viên",
        "content": "Nội dung mật: đồng chí X nhận quà biếu.", "subjects": list(subjects),
        **changes})
    complaint_id, _receipt = services.register_complaint(user(who), intake, files)
    return db.session.get(Complaint, complaint_id)


def move(item, *steps):
    """Fire (trigger, username, payload dict[, reason]) steps in order; answer the item."""
    for step in steps:
        trigger, who, payload, *reason = (*step, {})[:3] if len(step) < 3 else step
        apply_transition(fresh(item), trigger, user(who), payload=payload,
                         reason=reason[0] if reason else None)
    return fresh(item)


def to_verifying(item, investigator="kiemtra"):
    return move(item, ("classify", "donthu", {"kind": "denunciation"}),
                ("assign", "donthu", {"investigator": user(investigator).id,
                                      "deadline": date(2025, 7, 30)}),
                ("start_verification", investigator, {}))


@pytest.fixture(autouse=True)
def messages_in_english(request):
    """Service tests (those using `ctx`) read the refusals in English, the source language."""
    if "ctx" not in request.fixturenames:
        yield
        return
    from flask_babel import force_locale

    app = request.getfixturevalue("ctx")
    with app.test_request_context(), force_locale("en"):
        yield
