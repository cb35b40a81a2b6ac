"""My tasks: across every workflow, the items this user can act on now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import g
from sqlalchemy import func, select

from intranet.db import db
from intranet.notifications.models import Notification
from intranet.workflow_service import WorkflowBinding, bindings, registry_version

TASKS_PER_GROUP = 20


@dataclass
class TaskGroup:
    binding: WorkflowBinding
    items: list[Any]
    total: int


def _task_queries(user) -> list[tuple[WorkflowBinding, Any]]:
    result = []
    for binding in bindings():
        if binding.tasks is None:
            continue
        stmt = binding.tasks(user)
        if stmt is not None:
            result.append((binding, stmt))
    return result


@dataclass(frozen=True)
class _Prepared:
    """One user's statements for "my tasks": built once, then reused. A statement object keeps
    its cache key, which SQLAlchemy would otherwise compute again on every page (for the
    composite count statement, more than a millisecond of every request)."""

    queries: list[tuple[WorkflowBinding, Any, Any]]  # binding, statement, first page of it
    counts: Any  # one row: each workflow's count, then the unread notifications


_PREPARED: dict[tuple, _Prepared] = {}
PREPARED_MAX = 512  # users; beyond, start again (a ward has a few hundred accounts)


def _prepared(user) -> _Prepared:
    """The statements depend only on the user's id and role assignments (the tasks functions
    read nothing and take the time as a bind parameter), and on the registered workflows."""
    key = (user.id, tuple(sorted((a.role, a.org_unit_id or 0) for a in user.role_assignments)),
           registry_version())
    found = _PREPARED.get(key)
    if found is None:
        queries = _task_queries(user)
        unread = (select(func.count(Notification.id))
                  .where(Notification.user_id == user.id, Notification.read_at.is_(None))
                  .scalar_subquery())
        counts = select(*[select(func.count()).select_from(stmt.subquery()).scalar_subquery()
                          for _binding, stmt in queries], unread)
        if len(_PREPARED) >= PREPARED_MAX:
            _PREPARED.clear()
        found = _PREPARED[key] = _Prepared(
            [(binding, stmt, stmt.limit(TASKS_PER_GROUP)) for binding, stmt in queries], counts)
    return found


def _counts(user) -> list[tuple[WorkflowBinding, Any, int]]:
    """Every workflow's count of this user's tasks, and the unread notifications, in one
    statement (a row of scalar subqueries), computed once per request: the page and the
    menu's badges share it."""
    cached = g.get("_task_counts")
    if cached is not None and cached[0] == user.id:
        return cached[1]
    prepared = _prepared(user)
    # On the session's connection, not through the ORM's execute: plain counts, no objects
    # (a fifth of the statement's cost on every page).
    *counts, unread = db.session.connection().execute(prepared.counts).one()
    result = [(binding, first_page, n or 0) for (binding, _stmt, first_page), n
              in zip(prepared.queries, counts, strict=True)]
    g._task_counts = (user.id, result, unread or 0)
    return result


def task_count(user) -> int:
    return sum(n for _binding, _stmt, n in _counts(user))


def unread_count(user) -> int:
    """Unread notifications, from the same statement as the task counts."""
    _counts(user)
    return g._task_counts[2]


def task_groups(user) -> list[TaskGroup]:
    return [TaskGroup(binding, db.session.scalars(first_page).all(), total)
            for binding, first_page, total in _counts(user) if total]
