"""Letters (đơn thư) received by the Complaints and Citizen Reception Subcommittee, the people
they are about, and their scanned attachments. Everything here is confidential."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.db import db, utcnow
from intranet.org.models import Member
from intranet.workflow_service import WorkflowItem


class Channel(StrEnum):
    DESK = "desk"  # reception desk (tiếp công dân)
    MAIL = "mail"
    EMAIL = "email"
    FORWARDED = "forwarded"  # sent on by another body


class SenderStatus(StrEnum):
    NAMED = "named"
    ANONYMOUS = "anonymous"
    FALSE_NAME = "false_name"
    NO_ADDRESS = "no_address"


def _values(enum) -> str:
    return ", ".join(f"'{v.value}'" for v in enum)


class Complaint(WorkflowItem, db.Model):
    """One letter: complaint, denunciation or petition (its kind is set when classified)."""

    __tablename__ = "complaint"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int | None] = mapped_column(ForeignKey("congress.id"))
    receipt_no: Mapped[str] = mapped_column(String(20), unique=True)
    channel: Mapped[str] = mapped_column(String(12))
    received_on: Mapped[date]
    postmarked_on: Mapped[date | None]
    sender_status: Mapped[str] = mapped_column(String(12))
    sender_name: Mapped[str | None] = mapped_column(String(200))
    sender_address: Mapped[str | None] = mapped_column(String(400))
    summary: Mapped[str] = mapped_column(String(300))
    content: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(20))
    not_processed_reason: Mapped[str | None] = mapped_column(String(20))
    investigator_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    deadline: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(String(20))
    findings: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    concluded_at: Mapped[datetime | None]

    subjects: Mapped[list[ComplaintSubject]] = relationship(
        back_populates="complaint", order_by="ComplaintSubject.id", cascade="all, delete-orphan")
    attachments: Mapped[list[ComplaintAttachment]] = relationship(
        back_populates="complaint", order_by="ComplaintAttachment.id",
        cascade="all, delete-orphan")
    investigator = relationship("User", foreign_keys=[investigator_id])

    __table_args__ = (
        CheckConstraint(f"channel in ({_values(Channel)})", name="channel"),
        CheckConstraint(f"sender_status in ({_values(SenderStatus)})", name="sender_status"),
        Index("ix_complaint_state_deadline", "state", "deadline"),
    )

    @property
    def arrived_on(self) -> date:
        """The date that counts against the cut-off: the postmark, when there is one."""
        return self.postmarked_on or self.received_on


class ComplaintSubject(db.Model):
    """A person a letter is about (a member, possibly a nominee or a delegate)."""

    __tablename__ = "complaint_subject"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)

    complaint: Mapped[Complaint] = relationship(back_populates="subjects")
    member: Mapped[Member] = relationship()

    __table_args__ = (Index("uq_complaint_subject", "complaint_id", "member_id", unique=True),)


class ComplaintAttachment(db.Model):
    """A scanned page or file of the letter (PDF or image, checked by its content)."""

    __tablename__ = "complaint_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id", ondelete="CASCADE"),
                                              index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates="attachments")
