"""Every area's models, imported so that the metadata (and Alembic) sees all tables."""

from intranet.audit.models import AuditEntry, AuditHead
from intranet.auth.models import RoleAssignment, User
from intranet.complaints.models import Complaint, ComplaintAttachment, ComplaintSubject
from intranet.congress.models import Absence as CongressAbsence
from intranet.congress.models import (
    AgendaItem,
    BodySeat,
    CheckIn,
    CongressSession,
    CredentialsReport,
    Delegate,
    SubordinateCongress,
    Vote,
)
from intranet.documents.models import (
    Comment,
    CommentGroup,
    CommentRound,
    Document,
    DocumentSection,
    DocumentSet,
    DocumentVersion,
    PaperBatch,
    StandingDecision,
    VersionReview,
)
from intranet.mfa.models import RecoveryCode
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
    "AppointmentDecision", "AuditEntry", "AuditHead", "BodyMembership", "Comment",
    "CommentGroup", "CommentRound", "CommitteeCandidate", "CommitteePoll", "Congress",
    "Document", "DocumentSection", "DocumentSet", "DocumentVersion", "ExOfficioDelegate",
    "Member", "Nomination", "Notification", "OrgUnit", "OutboxEmail", "PaperBatch",
    "QuotaAllocation", "QuotaLine", "RecoveryCode", "RoleAssignment", "StandingDecision",
    "User", "VersionReview", "VettingNote",
]
# complaints
__all__ += ["Complaint", "ComplaintAttachment", "ComplaintSubject"]
# -- congress days --
__all__ += ["AgendaItem", "BodySeat", "CheckIn", "CongressAbsence", "CongressSession",
            "CredentialsReport", "Delegate", "SubordinateCongress", "Vote"]
