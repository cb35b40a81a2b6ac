"""Who may see what in the documents area (object scope; route permissions are in PERMISSIONS)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false, or_

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


def visible_comments(user: Any) -> ColumnElement[bool]:
    """A WHERE clause: the comments this user may read."""
    if reads_all_comments(user):
        return Comment.id.is_not(None)
    units = secretary_units(user)
    clauses = [Comment.created_by_id == user.id]
    if units:
        clauses.append(Comment.org_unit_id.in_(units))
    return or_(*clauses) if clauses else false()


def can_view_comment(user: Any, comment: Comment) -> bool:
    return (reads_all_comments(user) or comment.created_by_id == user.id
            or (comment.org_unit_id is not None
                and comment.org_unit_id in secretary_units(user)))
