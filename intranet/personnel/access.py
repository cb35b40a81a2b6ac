"""Who sees which organization's nominations, and who reads the confidential vetting notes.

A secretary acts for their own organization only: another organization's page or nomination
answers 404. The ward's bodies and subcommittees see every organization.
"""

from __future__ import annotations

from typing import Any

from workflows.roles import Role

# Roles that see the nominations of every organization.
SEE_ALL = frozenset({Role.STANDING, Role.EXECUTIVE, Role.STEERING, Role.PERSONNEL,
                     Role.COMPLAINTS, Role.INSPECTOR, Role.CREDENTIALS, Role.CLERK})
# Vetting notes are confidential: these roles only, and every read is audited.
NOTE_READERS = frozenset({Role.PERSONNEL, Role.COMPLAINTS, Role.STANDING, Role.INSPECTOR})
NOTE_WRITERS = frozenset({Role.PERSONNEL})
# Committee personnel (succession planning) is for these roles only.
COMMITTEE_VIEWERS = frozenset({Role.STANDING, Role.PERSONNEL, Role.INSPECTOR})
# Who enters an organization's nominations: its own secretary, or a clerk from its paper list.
UNSCOPED_NOMINATORS = frozenset({Role.CLERK})


def sees_all(user: Any) -> bool:
    return bool(user.role_names & SEE_ALL)


def secretary_units(user: Any) -> set[int]:
    return user.scoped_units(Role.SECRETARY)


def may_view_org(user: Any, org_unit_id: int) -> bool:
    return sees_all(user) or org_unit_id in secretary_units(user)


def may_nominate_for(user: Any, org_unit_id: int) -> bool:
    return bool(user.role_names & UNSCOPED_NOMINATORS) or org_unit_id in secretary_units(user)


def may_read_notes(user: Any) -> bool:
    return bool(user.role_names & NOTE_READERS)


def may_write_notes(user: Any) -> bool:
    return bool(user.role_names & NOTE_WRITERS)


def can_view_nomination(user: Any, item: Any) -> bool:
    return may_view_org(user, item.org_unit_id)


def may_see_committee(user: Any) -> bool:
    return bool(user.role_names & COMMITTEE_VIEWERS)
