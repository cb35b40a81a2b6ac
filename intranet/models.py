"""Every area's models, imported so that the metadata (and Alembic) sees all tables."""

from intranet.audit.models import AuditEntry, AuditHead
from intranet.auth.models import RoleAssignment, User
from intranet.notifications.models import Notification, OutboxEmail
from intranet.org.models import BodyMembership, Congress, Member, OrgUnit
from intranet.personnel.models import (
    AppointmentDecision,
    CommitteeCandidate,
    CommitteePoll,
    ExOfficioDelegate,
    Nomination,
    QuotaAllocation,
    QuotaLine,
    VettingNote,
)

__all__ = [
    "AppointmentDecision", "AuditEntry", "AuditHead", "BodyMembership", "CommitteeCandidate",
    "CommitteePoll", "Congress", "ExOfficioDelegate", "Member", "Nomination", "Notification",
    "OrgUnit", "OutboxEmail", "QuotaAllocation", "QuotaLine", "RoleAssignment", "User",
    "VettingNote",
]
