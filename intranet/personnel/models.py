"""Personnel: the quota allocation, delegate nominations, vetting notes, appointment decisions,
and candidates for the new committees with their poll results.

Every nomination and candidate is linked to a `Member` row, so that other areas (complaints)
can link to the person.
"""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.db import db, utcnow
from intranet.org.models import Congress, Member, OrgUnit
from intranet.workflow_service import WorkflowItem
from workflows.nomination import INACTIVE_STATES

OFFICIAL = "official"
ALTERNATE = "alternate"
_INACTIVE_SQL = "state NOT IN ({})".format(", ".join(f"'{s}'" for s in INACTIVE_STATES))


class QuotaAllocation(WorkflowItem, db.Model):
    """How many official delegates each organization sends (one allocation per congress)."""

    __tablename__ = "quota_allocation"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congress.id"), unique=True)
    total_delegates: Mapped[int]
    minimum_per_org: Mapped[int]
    alternates_per_org: Mapped[int]
    ex_officio_count: Mapped[int] = mapped_column(default=0)
    members_total: Mapped[int] = mapped_column(default=0)
    rounds: Mapped[int] = mapped_column(default=0)
    # The tie-breaks of the last calculation, as canonical JSON (recorded in the audit too).
    tie_breaks: Mapped[str] = mapped_column(Text, default="[]")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    calculated_at: Mapped[datetime | None]
    # SHA-256 of the frozen table (organization, members, seats, alternates), set on freezing.
    frozen_digest: Mapped[str | None] = mapped_column(String(64))

    congress: Mapped[Congress] = relationship()
    lines: Mapped[list[QuotaLine]] = relationship(
        back_populates="allocation", order_by="QuotaLine.sort_order",
        cascade="all, delete-orphan")
    ex_officio: Mapped[list[ExOfficioDelegate]] = relationship(
        back_populates="allocation", order_by="ExOfficioDelegate.id",
        cascade="all, delete-orphan")

    @property
    def appointed_seats(self) -> int:
        return self.total_delegates - self.ex_officio_count


class QuotaLine(db.Model):
    """One organization's row of the calculation: its exact quota and the seats it gets."""

    __tablename__ = "quota_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    allocation_id: Mapped[int] = mapped_column(
        ForeignKey("quota_allocation.id", ondelete="CASCADE"))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    sort_order: Mapped[int]
    members: Mapped[int]
    quota_num: Mapped[int] = mapped_column(BigInteger)
    quota_den: Mapped[int] = mapped_column(BigInteger)
    final_num: Mapped[int] = mapped_column(BigInteger)
    final_den: Mapped[int] = mapped_column(BigInteger)
    floor_seats: Mapped[int]
    computed_seats: Mapped[int]
    held_at_minimum: Mapped[bool] = mapped_column(default=False)
    remainder_seat: Mapped[bool] = mapped_column(default=False)
    tied: Mapped[bool] = mapped_column(default=False)
    seats: Mapped[int]
    alternates: Mapped[int]
    adjustment_reason: Mapped[str | None] = mapped_column(Text)
    adjusted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    adjusted_at: Mapped[datetime | None]

    allocation: Mapped[QuotaAllocation] = relationship(back_populates="lines")
    org_unit: Mapped[OrgUnit] = relationship()

    __table_args__ = (
        UniqueConstraint("allocation_id", "org_unit_id"),
        CheckConstraint("seats >= 0 AND alternates >= 0", name="seats"),
    )

    @property
    def quota(self) -> Fraction:
        return Fraction(self.quota_num, self.quota_den)

    @property
    def final_quota(self) -> Fraction:
        return Fraction(self.final_num, self.final_den)

    @property
    def remainder(self) -> Fraction:
        return self.final_quota - self.floor_seats

    @property
    def adjusted(self) -> bool:
        return self.adjustment_reason is not None


class ExOfficioDelegate(db.Model):
    """A member of the incumbent Executive Committee: a delegate by right (đương nhiên)."""

    __tablename__ = "ex_officio_delegate"

    id: Mapped[int] = mapped_column(primary_key=True)
    allocation_id: Mapped[int] = mapped_column(
        ForeignKey("quota_allocation.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    position: Mapped[str] = mapped_column(String(20))

    allocation: Mapped[QuotaAllocation] = relationship(back_populates="ex_officio")
    member: Mapped[Member] = relationship()

    __table_args__ = (UniqueConstraint("allocation_id", "member_id"),)


class AppointmentDecision(db.Model):
    """The convening committee's decision appointing delegates (quyết định chỉ định)."""

    __tablename__ = "appointment_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congress.id"))
    number: Mapped[str] = mapped_column(String(40))
    decided_on: Mapped[date]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("congress_id", "number"),)


class Nomination(WorkflowItem, db.Model):
    """One person an organization proposes as an official or a ranked alternate delegate."""

    __tablename__ = "nomination"

    id: Mapped[int] = mapped_column(primary_key=True)
    allocation_id: Mapped[int] = mapped_column(ForeignKey("quota_allocation.id"))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    rank: Mapped[int]  # listing order among the organization's nominations of this kind
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("appointment_decision.id"))
    appointed_as: Mapped[str | None] = mapped_column(String(10))  # kind named in the decision
    not_summoned_reason: Mapped[str | None] = mapped_column(String(20))
    # Why this delegate was (or is to be) replaced: kept on the replaced delegate's record.
    replacement_reason: Mapped[str | None] = mapped_column(Text)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("nomination.id"))
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("nomination.id"))
    promoted_at: Mapped[datetime | None]

    member: Mapped[Member] = relationship()
    org_unit: Mapped[OrgUnit] = relationship()
    decision: Mapped[AppointmentDecision | None] = relationship()
    replaced_by: Mapped[Nomination | None] = relationship(
        foreign_keys=[replaced_by_id], remote_side=[id])
    replaces: Mapped[Nomination | None] = relationship(
        foreign_keys=[replaces_id], remote_side=[id])

    __table_args__ = (
        CheckConstraint("kind in ('official','alternate')", name="kind"),
        Index("ix_nomination_org_kind", "allocation_id", "org_unit_id", "kind"),
        Index("ix_nomination_allocation_state", "allocation_id", "state"),
        # One active nomination per person and congress, even when two secretaries race.
        Index("uq_nomination_active_member", "allocation_id", "member_id", unique=True,
              sqlite_where=text(_INACTIVE_SQL), postgresql_where=text(_INACTIVE_SQL)),
    )

    @property
    def active(self) -> bool:
        return self.state not in INACTIVE_STATES


class VettingNote(db.Model):
    """The Personnel Subcommittee's confidential note on a nomination. Every read is audited."""

    __tablename__ = "vetting_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User")


class CommitteeCandidate(WorkflowItem, db.Model):
    """A candidate for a seat in the new committees or for the city congress."""

    __tablename__ = "committee_candidate"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congress.id"))
    body: Mapped[str] = mapped_column(String(30))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decision_number: Mapped[str | None] = mapped_column(String(40))
    decision_date: Mapped[date | None]

    member: Mapped[Member] = relationship()
    polls: Mapped[list[CommitteePoll]] = relationship(
        back_populates="candidate", order_by="CommitteePoll.id")

    __table_args__ = (
        Index("ix_committee_candidate_body", "congress_id", "body", "state"),
        Index("uq_committee_candidate_active", "congress_id", "body", "member_id", unique=True,
              sqlite_where=text("state <> 'dropped'"),
              postgresql_where=text("state <> 'dropped'")),
    )

    def poll(self, stage: str) -> CommitteePoll | None:
        return next((p for p in self.polls if p.stage == stage), None)


class CommitteePoll(db.Model):
    """Counts of one poll on a candidate; `passed` is computed from them, never typed."""

    __tablename__ = "committee_poll"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("committee_candidate.id"))
    stage: Mapped[str] = mapped_column(String(20))  # key_cadre | executive
    voters: Mapped[int]
    ballots: Mapped[int]
    votes_for: Mapped[int]
    votes_against: Mapped[int]
    base: Mapped[str] = mapped_column(String(10))
    passed: Mapped[bool]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    candidate: Mapped[CommitteeCandidate] = relationship(back_populates="polls")

    __table_args__ = (
        UniqueConstraint("candidate_id", "stage"),
        CheckConstraint("votes_for >= 0 AND votes_against >= 0 AND votes_for + votes_against "
                        "<= ballots AND ballots <= voters", name="counts"),
    )
