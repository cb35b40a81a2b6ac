"""Every area's models, imported so that the metadata (and Alembic) sees all tables."""

from intranet.audit.models import AuditEntry, AuditHead
from intranet.auth.models import RoleAssignment, User
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

__all__ = [
    "AuditEntry", "AuditHead", "BodyMembership", "Comment", "CommentGroup", "CommentRound",
    "Congress", "Document", "DocumentSection", "DocumentSet", "DocumentVersion", "Member",
    "Notification", "OrgUnit", "OutboxEmail", "PaperBatch", "RecoveryCode", "RoleAssignment",
    "StandingDecision", "User", "VersionReview",
]
