"""Who reads letters. Content, sender and findings are confidential: these roles only, every
view recorded in the audit log; anyone else gets 404 for a letter's address."""

from __future__ import annotations

from typing import Any

from workflows.roles import Role

READERS = frozenset({Role.COMPLAINTS, Role.PERSONNEL, Role.STANDING, Role.INSPECTOR})
# Who registers a letter: a clerk at the desk, or a member of the subcommittee.
INTAKE = frozenset({Role.COMPLAINTS, Role.CLERK})
# Who may be assigned a verification.
INVESTIGATORS = frozenset({Role.COMPLAINTS, Role.INSPECTOR})


def may_read(user: Any) -> bool:
    return bool(getattr(user, "role_names", frozenset()) & READERS)


def can_view_complaint(user: Any, item: Any) -> bool:
    return may_read(user)
