"""A workflow item table used only by the tests of the engine, the service and the audit log.

It lives on its own metadata so that migrations never see it; tests create its table.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import MetaData, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

from intranet.db import UTCDateTime, db
from intranet.workflow_service import WorkflowBinding, WorkflowItem, register, unregister
from tests.support.sample_workflow import SAMPLE


class SampleBase(DeclarativeBase):
    registry = registry(metadata=MetaData(), type_annotation_map={datetime: UTCDateTime()})


class SampleItem(WorkflowItem, SampleBase):
    __tablename__ = "sample_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    author_id: Mapped[int | None]
    org_unit_id: Mapped[int | None]


def _tasks(user):
    roles = {a.role for a in user.role_assignments}
    if "standing_committee" in roles:
        return select(SampleItem).where(SampleItem.state == "submitted").order_by(SampleItem.id)
    return None


BINDING = WorkflowBinding(
    entity_type="sample",
    model=SampleItem,
    definition=SAMPLE,
    describe=lambda item: f"Đề nghị #{item.id}: {item.title}",
    url=lambda item: f"/sample/{item.id}",
    facts=lambda item, payload: {"present": 6, "size": 9},
    recipients=lambda item, record: [item.author_id] if item.author_id else [],
    tasks=_tasks,
)


@contextmanager
def sample_workflow(app):
    """Create the sample table and register its workflow for the duration of a test."""
    with app.app_context():
        SampleBase.metadata.create_all(db.engine)
    register(BINDING)
    try:
        yield BINDING
    finally:
        unregister("sample")
