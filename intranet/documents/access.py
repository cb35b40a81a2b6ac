"""Who may see what in the documents area (object scope; route permissions are in PERMISSIONS)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, bindparam, or_

from intranet.documents.models import Comment, Document
from workflows.roles import Role

# May read drafts that were never circulated.
DRAFT_READERS = frozenset({Role.ADMIN, Role.STANDING, Role.EXECUTIVE, Role.STEERING,
                           Role.DOCUMENTS, Role.INSPECTOR})
# May read every comment (others see their own, or their organization's).
COMMENT_READERS = frozenset({Role.STANDING, Role.EXECUTIVE, Role.STEERING, Role.DOCUMENTS,
                             Role.CLERK, Role.INSPECTOR, Role.SECRETARIAT})


def roles_of(user: Any) -> frozenset[str]:
    return frozenset(a.role for a in user.role_assignments)


def can_view_document(user: Any, document: Document) -> bool:
    """Drafts are internal until their first circulation; then every intranet user sees them."""
    return bool(roles_of(user) & DRAFT_READERS) or document.last_circulated_at is not None


def reads_all_comments(user: Any) -> bool:
    return bool(roles_of(user) & COMMENT_READERS)


def secretary_units(user: Any) -> set[int]:
    return user.scoped_units(Role.SECRETARY)


def comment_scope(user: Any) -> tuple[str, dict[str, Any]]:
    """The comments this user may read: every one ("all"), their own ("own"), or their own and
    their organizations' ("own_and_units"); with the values `scope_clause` binds."""
    if reads_all_comments(user):
        return "all", {}
    units = secretary_units(user)
    if units:
        return "own_and_units", {"viewer": user.id, "viewer_units": sorted(units)}
    return "own", {"viewer": user.id}


def scope_clause(scope: str) -> ColumnElement[bool]:
    """A WHERE clause for a `comment_scope`, its values bound parameters (a statement holding it
    can be built once and run for any user of that scope)."""
    if scope == "all":
        return Comment.id.is_not(None)
    own = Comment.created_by_id == bindparam("viewer")
    if scope == "own":
        return own
    return or_(own, Comment.org_unit_id.in_(bindparam("viewer_units", expanding=True)))


def visible_comments(user: Any) -> ColumnElement[bool]:
    """A WHERE clause: the comments this user may read."""
    scope, values = comment_scope(user)
    return scope_clause(scope).params(values)


def can_view_comment(user: Any, comment: Comment) -> bool:
    return (reads_all_comments(user) or comment.created_by_id == user.id
            or (comment.org_unit_id is not None
                and comment.org_unit_id in secretary_units(user)))
