"""The roles a user can hold. Workflow definitions name the roles that may fire a transition."""

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    STANDING = "standing_committee"
    EXECUTIVE = "executive_committee"
    STEERING = "steering_committee"
    DOCUMENTS = "documents_subcommittee"
    PERSONNEL = "personnel_subcommittee"
    COMPLAINTS = "complaints_subcommittee"
    COMMUNICATIONS = "communications_subcommittee"
    SECRETARY = "org_secretary"
    CLERK = "clerk"
    INSPECTOR = "inspector"
    CREDENTIALS = "credentials_committee"
    SECRETARIAT = "secretariat"
