"""Congress days: sessions and their programme, congress bodies, the delegate roster with its
cards, check-ins and absences, votes, the credentials report and the subordinate organizations'
own congresses."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.db import db, utcnow
from intranet.org.models import Member, OrgUnit
from intranet.workflow_service import WorkflowItem

EX_OFFICIO = "ex_officio"
APPOINTED = "appointed"
SESSION_KINDS = ("preparatory", "official")
BODIES = ("presidium", "secretariat", "credentials", "ballot_board", "discussion_group")
AGENDA_KINDS = ("election", "adoption", "report", "speech", "decision", "resolution")


class CongressSession(db.Model):
    """A session of the congress (phiên trù bị, phiên chính thức)."""

    __tablename__ = "congress_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congress.id"))
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    held_on: Mapped[date]
    starts_at: Mapped[time]
    ends_at: Mapped[time]

    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="session", order_by="AgendaItem.position")

    __table_args__ = (
        UniqueConstraint("congress_id", "kind"),
        CheckConstraint("kind in ('preparatory','official')", name="kind"),
    )


class AgendaItem(db.Model):
    """One item of the programme; those decided by a show of cards get a vote."""

    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("congress_session.id"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    needs_vote: Mapped[bool] = mapped_column(default=False)
    # The approved document this item adopts (documents workflow), if any.
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))

    session: Mapped[CongressSession] = relationship(back_populates="items")
    vote: Mapped[Vote | None] = relationship(back_populates="item", uselist=False)
    document = relationship("Document")

    __table_args__ = (UniqueConstraint("session_id", "position"),)


class Delegate(db.Model):
    """A delegate summoned to the congress, with the number printed on the card.

    `generation` is part of the card's signed token: reissuing a card increments it, so the
    old card is refused. `left_reason` is set when the personnel data no longer summon the
    person (replaced, not summoned): the card is refused and the delegate leaves the counts.
    """

    __tablename__ = "congress_delegate"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congress.id"))
    number: Mapped[int]
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    category: Mapped[str] = mapped_column(String(12))
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("nomination.id"))
    generation: Mapped[int] = mapped_column(default=1)
    group_no: Mapped[int | None]  # discussion group (tổ thảo luận)
    left_reason: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    member: Mapped[Member] = relationship()
    org_unit: Mapped[OrgUnit | None] = relationship()

    __table_args__ = (
        UniqueConstraint("congress_id", "member_id"),
        UniqueConstraint("congress_id", "number"),
        CheckConstraint("category in ('ex_officio','appointed')", name="category"),
    )

    @property
    def active(self) -> bool:
        return self.left_reason is None


class BodySeat(db.Model):
    """A delegate elected to a congress body (Presidium, Secretariat, Credentials Committee,
    ballot-counting board)."""

    __tablename__ = "congress_body_seat"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congress.id"))
    body: Mapped[str] = mapped_column(String(20))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("congress_delegate.id"))
    position: Mapped[int] = mapped_column(default=0)

    delegate: Mapped[Delegate] = relationship()

    __table_args__ = (UniqueConstraint("congress_id", "body", "delegate_id"),)


class CheckIn(db.Model):
    """A delegate present at a session. Unique per (session, delegate): a second scan, even a
    simultaneous one, cannot count twice."""

    __tablename__ = "congress_checkin"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("congress_session.id"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("congress_delegate.id"), index=True)
    method: Mapped[str] = mapped_column(String(10))  # qr | manual
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    delegate: Mapped[Delegate] = relationship()

    __table_args__ = (UniqueConstraint("session_id", "delegate_id"),)


class Absence(db.Model):
    """A delegate excused from a session (vắng mặt có lý do)."""

    __tablename__ = "congress_absence"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("congress_session.id"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("congress_delegate.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("session_id", "delegate_id"),)


class Vote(db.Model):
    """A show-of-cards vote on an agenda item. `base` and `passed` are computed, never typed."""

    __tablename__ = "congress_vote"

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), unique=True)
    votes_for: Mapped[int]
    votes_against: Mapped[int]
    abstentions: Mapped[int]
    summoned: Mapped[int]
    absent_throughout: Mapped[int]
    base: Mapped[int]
    passed: Mapped[bool]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[AgendaItem] = relationship(back_populates="vote")

    __table_args__ = (
        CheckConstraint("votes_for >= 0 AND votes_against >= 0 AND abstentions >= 0 AND "
                        "votes_for + votes_against + abstentions <= base", name="counts"),
    )


class CredentialsReport(WorkflowItem, db.Model):
    """The Credentials Committee's report; the figures are frozen (JSON) on confirmation."""

    __tablename__ = "credentials_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congress.id"), unique=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_figures: Mapped[str | None] = mapped_column(Text)


class SubordinateCongress(WorkflowItem, db.Model):
    """A subordinate organization's own congress, tracked by the ward."""

    __tablename__ = "subordinate_congress"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congress.id"))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    planned_on: Mapped[date]
    held_on: Mapped[date | None]
    attended: Mapped[int | None]
    report_received_on: Mapped[date | None]

    org_unit: Mapped[OrgUnit] = relationship()

    __table_args__ = (
        UniqueConstraint("congress_id", "org_unit_id"),
        Index("ix_subordinate_congress_progress", "congress_id", "state"),
    )
