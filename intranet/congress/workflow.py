"""The congress workflows bound to their tables: the credentials report and the subordinate
congresses."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from intranet.congress import credentials, tracker
from intranet.congress.models import CredentialsReport, SubordinateCongress
from intranet.workflow_service import WorkflowBinding, register
from workflows.credentials_report import DEFINITION as CREDENTIALS
from workflows.roles import Role
from workflows.subordinate_congress import DEFINITION as SUBORDINATE


def _report_tasks(user: Any):
    if Role.CREDENTIALS not in user.role_names:
        return None
    return select(CredentialsReport).where(CredentialsReport.state == "draft")


REPORT = register(WorkflowBinding(
    entity_type=credentials.ENTITY,
    model=CredentialsReport,
    definition=CREDENTIALS,
    describe=lambda item: "Báo cáo thẩm tra tư cách đại biểu / Credentials report",
    url=lambda item: "/congress/credentials",
    facts=credentials.report_facts,
    effects={"confirm": credentials.freeze_figures, "reopen": credentials.clear_figures},
    scope_of=lambda item: None,
    tasks=_report_tasks,
    audit_payload=lambda item, record, payload: {},
))

SUBORDINATE_CONGRESSES = register(WorkflowBinding(
    entity_type=tracker.ENTITY,
    model=SubordinateCongress,
    definition=SUBORDINATE,
    describe=lambda item: f"Đại hội / Congress: {item.org_unit.name}",
    url=lambda item: "/congress/subordinate",
    # The dates and the count come from the area's forms, validated there.
    facts=lambda item, payload: {k: payload.get(k) for k in ("held_on", "attended",
                                                             "received_on")},
    effects={"hold": tracker.store_held, "receive_report": tracker.store_report,
             "reopen": tracker.clear_held},
    scope_of=lambda item: item.org_unit_id,
    own_forms=frozenset({"hold", "receive_report"}),
    audit_payload=lambda item, record, payload: {
        k: payload[k] for k in ("held_on", "attended", "received_on") if k in payload},
))
