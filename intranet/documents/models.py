"""Congress documents: sets, documents, text versions and sections, comment rounds, comments.

A document's text lives in versions (dự thảo lần n). The latest version may be a working copy
(not frozen) that the Documents Subcommittee edits; every circulation and every approval uses a
frozen version, which the database itself refuses to change (triggers in the migration).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.db import db, utcnow
from intranet.org.models import OrgUnit
from intranet.workflow_service import WorkflowItem


class DocumentKind(StrEnum):
    POLITICAL_REPORT = "political_report"  # Báo cáo chính trị
    REVIEW_REPORT = "review_report"  # Báo cáo kiểm điểm
    RESOLUTION = "resolution"  # Nghị quyết
    HIGHER_LEVEL = "higher_level_draft"  # Dự thảo văn kiện cấp trên


class Audience(StrEnum):
    ORGANIZATIONS = "organizations"  # các tổ chức đảng trực thuộc
    MEMBERS = "members"  # cán bộ, đảng viên
    PUBLIC = "public"  # Nhân dân (trang công khai, mã QR)
    FORMER_LEADERS = "former_leaders"  # các đồng chí nguyên lãnh đạo
    MEDIA = "media"  # phương tiện thông tin đại chúng


class Channel(StrEnum):
    ORG_SUBMISSION = "org_submission"  # văn bản góp ý của tổ chức đảng (bí thư gửi)
    MEMBER_ONLINE = "member_online"  # đảng viên góp ý trên hệ thống
    PUBLIC_QR = "public_qr"  # trang công khai qua mã QR
    PAPER = "paper"  # phiếu giấy, văn thư nhập theo lô
    MASS_MEDIA = "mass_media"  # phương tiện thông tin đại chúng
    FORMER_LEADERS = "former_leaders"  # gửi trực tiếp các đồng chí nguyên lãnh đạo
    CONFERENCE = "conference"  # hội nghị, tọa đàm


# The audience a channel needs in the round (None: any round, e.g. paper forms).
CHANNEL_AUDIENCE: dict[Channel, Audience | None] = {
    Channel.ORG_SUBMISSION: Audience.ORGANIZATIONS,
    Channel.MEMBER_ONLINE: Audience.MEMBERS,
    Channel.PUBLIC_QR: Audience.PUBLIC,
    Channel.PAPER: None,
    Channel.MASS_MEDIA: Audience.MEDIA,
    Channel.FORMER_LEADERS: Audience.FORMER_LEADERS,
    Channel.CONFERENCE: None,
}
# Channels a clerk enters on someone's behalf (outside paper batches).
CLERK_CHANNELS = (Channel.MASS_MEDIA, Channel.FORMER_LEADERS, Channel.CONFERENCE)


class Source(StrEnum):
    ORGANIZATION = "organization"  # tổ chức đảng
    MEMBER = "member"  # cán bộ, đảng viên
    CITIZEN = "citizen"  # Nhân dân
    FORMER_LEADER = "former_leader"  # nguyên lãnh đạo
    MASS_ORGANIZATION = "mass_organization"  # Mặt trận Tổ quốc, đoàn thể


class Disposition(StrEnum):
    ACCEPTED = "accepted"  # tiếp thu
    PARTLY = "partly_accepted"  # tiếp thu một phần
    NOT_ACCEPTED = "not_accepted"  # không tiếp thu (giải trình)
    NOTED = "noted"  # ghi nhận


def _values(enum: type[StrEnum]) -> str:
    return ",".join(f"'{v.value}'" for v in enum)


class DocumentSet(db.Model):
    """The documents of one congress (bộ văn kiện)."""

    __tablename__ = "document_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congress.id"), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Document(WorkflowItem, db.Model):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("document_set.id"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))  # the committee
    kind: Mapped[str] = mapped_column(String(30))
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(400))
    issuer: Mapped[str | None] = mapped_column(String(300))  # higher-level drafts: who issued
    sort_order: Mapped[int] = mapped_column(default=0)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_circulated_at: Mapped[datetime | None]

    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.number")

    __table_args__ = (
        UniqueConstraint("set_id", "code"),
        CheckConstraint(f"kind in ({_values(DocumentKind)})", name="kind"),
    )

    @property
    def is_higher_level(self) -> bool:
        return self.kind == DocumentKind.HIGHER_LEVEL


class DocumentVersion(db.Model):
    """One version of the text (dự thảo lần n). Frozen versions never change."""

    __tablename__ = "document_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    number: Mapped[int]
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    frozen_at: Mapped[datetime | None]
    frozen_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    approved_at: Mapped[datetime | None]

    document: Mapped[Document] = relationship(back_populates="versions")
    sections: Mapped[list[DocumentSection]] = relationship(
        back_populates="version", order_by="DocumentSection.position")

    __table_args__ = (UniqueConstraint("document_id", "number"),)

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None


class DocumentSection(db.Model):
    """A numbered heading and the text under it. `key` follows a section across versions."""

    __tablename__ = "document_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"))
    key: Mapped[str] = mapped_column(String(16))
    position: Mapped[int]
    level: Mapped[int] = mapped_column(default=1)
    number: Mapped[str] = mapped_column(String(20), default="")
    heading: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    edit_count: Mapped[int] = mapped_column(default=0)  # compare-and-set for concurrent edits

    version: Mapped[DocumentVersion] = relationship(back_populates="sections")

    __table_args__ = (
        UniqueConstraint("version_id", "key"),
        Index("ix_document_section_version_position", "version_id", "position"),
        CheckConstraint("level between 1 and 3", name="level"),
    )

    @property
    def title(self) -> str:
        return f"{self.number} {self.heading}".strip()


class CommentRound(db.Model):
    """One circulation of a frozen version for comment, with its deadline and public token."""

    __tablename__ = "document_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    number: Mapped[int]
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"))
    audiences: Mapped[str] = mapped_column(String(200))  # comma-separated Audience values
    deadline: Mapped[datetime]
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    closed_at: Mapped[datetime | None]
    close_reason: Mapped[str | None] = mapped_column(Text)
    token: Mapped[str] = mapped_column(String(64), unique=True)

    version: Mapped[DocumentVersion] = relationship()

    __table_args__ = (UniqueConstraint("document_id", "number"),)

    @property
    def audience_list(self) -> list[str]:
        return [a for a in self.audiences.split(",") if a]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class PaperBatch(db.Model):
    """An envelope of paper comment forms, typed in by a clerk against a declared count."""

    __tablename__ = "document_paper_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("document_round.id"))
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    label: Mapped[str] = mapped_column(String(200))
    declared_count: Mapped[int]
    received_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    completed_at: Mapped[datetime | None]

    org_unit: Mapped[OrgUnit | None] = relationship()

    __table_args__ = (CheckConstraint("declared_count >= 0", name="declared_count"),)


class CommentGroup(db.Model):
    """Similar comments counted once with their number, and disposed together."""

    __tablename__ = "document_comment_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    summary: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class Comment(db.Model):
    __tablename__ = "document_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    round_id: Mapped[int] = mapped_column(ForeignKey("document_round.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("document_section.id"))
    source: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(30))
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    author_name: Mapped[str | None] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("document_paper_batch.id"),
                                                 index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("document_comment_group.id"),
                                                 index=True)
    receipt_no: Mapped[str | None] = mapped_column(String(40), unique=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The disposition (tiếp thu, giải trình) by the Documents Subcommittee.
    disposition: Mapped[str | None] = mapped_column(String(20))
    explanation: Mapped[str | None] = mapped_column(Text)
    revised_section_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_section.id", ondelete="SET NULL"))
    meeting: Mapped[str | None] = mapped_column(String(200))
    disposed_at: Mapped[datetime | None]
    disposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    section: Mapped[DocumentSection | None] = relationship(foreign_keys=[section_id])
    revised_section: Mapped[DocumentSection | None] = relationship(
        foreign_keys=[revised_section_id])
    group: Mapped[CommentGroup | None] = relationship()
    org_unit: Mapped[OrgUnit | None] = relationship()
    batch: Mapped[PaperBatch | None] = relationship()

    __table_args__ = (
        Index("ix_document_comment_document_disposition", "document_id", "disposition"),
        Index("ix_document_comment_document_channel", "document_id", "channel"),
        Index("ix_document_comment_document_source", "document_id", "source"),
        Index("ix_document_comment_document_section", "document_id", "section_id"),
        CheckConstraint(f"source in ({_values(Source)})", name="source"),
        CheckConstraint(f"channel in ({_values(Channel)})", name="channel"),
        CheckConstraint(f"disposition is null or disposition in ({_values(Disposition)})",
                        name="disposition"),
    )


class StandingDecision(db.Model):
    """The Standing Committee's decision that approved a version."""

    __tablename__ = "document_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"))
    meeting_date: Mapped[date]
    committee_size: Mapped[int]
    members_present: Mapped[int]
    votes_for: Mapped[int]
    votes_against: Mapped[int]
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class VersionReview(db.Model):
    """The version of a document a user last marked as reviewed."""

    __tablename__ = "document_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"))
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "document_id"),)
