"""My tasks: across every workflow, the items this user can act on now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from intranet.db import db
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


def task_count(user) -> int:
    total = 0
    for _binding, stmt in _task_queries(user):
        total += db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    return total


def task_groups(user) -> list[TaskGroup]:
    groups = []
    for binding, stmt in _task_queries(user):
        total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        if total:
            items = db.session.scalars(stmt.limit(TASKS_PER_GROUP)).all()
            groups.append(TaskGroup(binding, items, total))
    return groups
