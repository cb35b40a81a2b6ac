"""My tasks: across every workflow, the items this user can act on now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import g
from sqlalchemy import func, select

from intranet.db import db
from intranet.notifications.models import Notification
from intranet.workflow_service import WorkflowBinding, bindings

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


def _counts(user) -> list[tuple[WorkflowBinding, Any, int]]:
    """Every workflow's count of this user's tasks, and the unread notifications, in one
    statement (a row of scalar subqueries), computed once per request: the page and the
    menu's badges share it."""
    cached = g.get("_task_counts")
    if cached is not None and cached[0] == user.id:
        return cached[1]
    queries = _task_queries(user)
    unread_query = (select(func.count(Notification.id))
                    .where(Notification.user_id == user.id, Notification.read_at.is_(None))
                    .scalar_subquery())
    *counts, unread = db.session.execute(select(*[
        select(func.count()).select_from(stmt.subquery()).scalar_subquery()
        for _binding, stmt in queries], unread_query)).one()
    result = [(binding, stmt, n or 0) for (binding, stmt), n in zip(queries, counts,
                                                                      strict=True)]
    g._task_counts = (user.id, result, unread or 0)
    return result


def task_count(user) -> int:
    return sum(n for _binding, _stmt, n in _counts(user))


def unread_count(user) -> int:
    """Unread notifications, from the same statement as the task counts."""
    _counts(user)
    return g._task_counts[2]


def task_groups(user) -> list[TaskGroup]:
    return [TaskGroup(binding, db.session.scalars(stmt.limit(TASKS_PER_GROUP)).all(), total)
            for binding, stmt, total in _counts(user) if total]
