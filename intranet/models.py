"""Every area's models, imported so that the metadata (and Alembic) sees all tables."""

from intranet.audit.models import AuditEntry, AuditHead
from intranet.auth.models import RoleAssignment, User
from intranet.mfa.models import RecoveryCode
from intranet.notifications.models import Notification, OutboxEmail
from intranet.org.models import BodyMembership, Congress, Member, OrgUnit

__all__ = [
    "AuditEntry", "AuditHead", "BodyMembership", "Congress", "Member", "Notification",
    "OrgUnit", "OutboxEmail", "RecoveryCode", "RoleAssignment", "User",
]
