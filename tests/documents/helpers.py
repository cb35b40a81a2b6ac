"""Helpers of the documents tests: logins by name, documents by intent (a draft, a circulated
one, one under revision…) made through the area's own services, so every fixture also
exercises the audit chain."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from intranet.auth.models import User
from intranet.db import utcnow, write_transaction
from intranet.documents import comments as intake
from intranet.documents import services
from intranet.documents.docx_import import ParsedSection
from intranet.documents.models import Audience, Comment, Document
from intranet.extensions import db
from intranet.workflow_service import apply_transition

SECTIONS = [
    ParsedSection(1, "I.", "Kết quả đạt được nhiệm kỳ 2020 - 2025",
                  "Kinh tế trên địa bàn tiếp tục phát triển.\nThu ngân sách vượt kế hoạch."),
    ParsedSection(2, "1.", "Quan điểm phát triển", "Lấy Nhân dân làm trung tâm."),
    ParsedSection(2, "2.", "Mục tiêu tổng quát đến năm 2030",
                  "Đô thị xanh, thông minh, văn minh, hiện đại."),
]
ALL_AUDIENCES = [a.value for a in Audience]


def user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def doc(document_id: int) -> Document:
    return db.session.get(Document, document_id, populate_existing=True)


class Docs:
    """Documents at a given stage, made through the services (inside an app context)."""

    def __init__(self, world) -> None:
        self.world = world

    def draft(self, title: str = "Báo cáo chính trị", code: str | None = None,
              sections=SECTIONS) -> int:
        if code is None:
            last = db.session.scalar(select(Document.id).order_by(Document.id.desc()).limit(1))
            code = f"D{(last or 0) + 1}"
        document = services.create_document(user("vankien"), kind="political_report",
                                            code=code, title=title)
        if sections:
            services.replace_text(user("vankien"), document.id, sections, "test")
        return document.id

    def frozen(self, **kw) -> int:
        document_id = self.draft(**kw)
        services.freeze_version(user("vankien"), document_id)
        return document_id

    def circulated(self, audiences=None, days: float = 7, **kw) -> int:
        document_id = self.frozen(**kw)
        services.circulate_document(
            user("vankien"), document_id, deadline=utcnow() + timedelta(days=days),
            audiences=audiences or ALL_AUDIENCES, expected_version=None)
        return document_id

    def comment(self, document_id: int, text: str = "Đề nghị bổ sung.", section: int | None = 0,
                who: str = "uvbch") -> Comment:
        """A member's comment; section is an index into the round's sections (None: general)."""
        section_id = None
        if section is not None:
            round_ = intake.lookups.open_round(document_id)
            section_id = services.sections_of(round_.version)[section].id
        return intake.submit_member_comment(user(who), document_id, section_id=section_id,
                                            text=text)

    def revision(self, comments: int = 2, **kw) -> int:
        document_id = self.circulated(**kw)
        for i in range(comments):
            self.comment(document_id, f"Ý kiến số {i + 1}", section=i % len(SECTIONS))
        apply_transition(doc(document_id), "close_early", user("vankien"),
                         reason="Đã đủ ý kiến")
        return document_id

    def pass_deadline(self, document_id: int) -> None:
        """Move the open round's deadline into the past (the clock, not the workflow)."""
        round_ = intake.lookups.open_round(document_id)
        with write_transaction():
            db.session.get(type(round_), round_.id).deadline = utcnow() - timedelta(minutes=1)


