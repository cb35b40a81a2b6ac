"""The letters workflow bound to its table: facts for the guards (the cut-off computed from
the congress date), effects that store the forms' input, a founded conclusion sending the
person's nomination back, tasks, recipients and object scope (non-readers get 404)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import or_, select

from intranet.auth.models import RoleAssignment, User
from intranet.complaints import access
from intranet.complaints.cutoff import cutoff_date, parse_holidays
from intranet.complaints.models import Complaint, ComplaintSubject
from intranet.db import db, utcnow
from intranet.org.services import current_congress
from intranet.workflow_service import WorkflowBinding, apply_linked_transition, register
from workflows import Text, TransitionRecord
from workflows.complaint import DEFINITION, FOUNDED, KINDS, NOT_PROCESSED_REASONS, OUTCOMES
from workflows.roles import Role

ENTITY = "complaint"
ACTION_FORMS = {
    "set_aside": "complaints/_action_set_aside.html",
    "classify": "complaints/_action_classify.html",
    "assign": "complaints/_action_assign.html",
    "conclude": "complaints/_action_conclude.html",
}


def current_cutoff() -> tuple[date, date] | None:
    """(cut-off date, opening day) of the congress being prepared, or None without one."""
    congress = current_congress()
    if congress is None:
        return None
    config = current_app.config
    holidays = parse_holidays(config.get("COMPLAINTS_HOLIDAYS") or ())
    return (cutoff_date(congress.opens_on, int(config["COMPLAINTS_CUTOFF_WORKING_DAYS"]),
                        holidays), congress.opens_on)


def is_late(item: Complaint, cutoff: date | None) -> bool:
    return cutoff is not None and item.arrived_on > cutoff


def investigator_ok(user_id: Any) -> int | None:
    """The id, if it is an active user of the Inspection Commission or the subcommittee."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    found = db.session.scalar(
        select(User.id).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(User.id == user_id, User.active.is_(True),
               RoleAssignment.role.in_(list(access.INVESTIGATORS))).limit(1))
    return found


def facts(item: Complaint, payload: Mapping[str, Any]) -> dict[str, Any]:
    found = current_cutoff()
    cutoff = found[0] if found else None
    text = cutoff.strftime("%d/%m/%Y") if cutoff else "—"
    deadline = payload.get("deadline")
    return {
        "late": is_late(item, cutoff),
        "cutoff": Text(text, text),
        "category": payload.get("category") if payload.get("category") in
        NOT_PROCESSED_REASONS else None,
        "kind": payload.get("kind") if payload.get("kind") in KINDS else None,
        "investigator": investigator_ok(payload.get("investigator")),
        "deadline": deadline if isinstance(deadline, date) else None,
        "outcome": payload.get("outcome") if payload.get("outcome") in OUTCOMES else None,
        "findings": str(payload.get("findings") or "").strip(),
    }


def _set_aside(item: Complaint, record: TransitionRecord, payload) -> None:
    item.not_processed_reason = payload["category"]


def _classify(item: Complaint, record: TransitionRecord, payload) -> None:
    item.kind = payload["kind"]


def _assign(item: Complaint, record: TransitionRecord, payload) -> None:
    item.investigator_id = int(payload["investigator"])
    item.deadline = payload["deadline"]


def _conclude(item: Complaint, record: TransitionRecord, payload) -> None:
    item.outcome = payload["outcome"]
    item.findings = str(payload["findings"]).strip()
    item.concluded_at = utcnow()
    if item.outcome in FOUNDED:
        refer_nominations_back(item, record)


def refer_nominations_back(item: Complaint, record: TransitionRecord) -> list[int]:
    """A founded letter: every approved or appointed nomination of its subjects goes back to
    the Standing Committee (through the nomination workflow, in this same transaction)."""
    from intranet.personnel.models import Nomination

    nominations = db.session.scalars(
        select(Nomination).where(
            Nomination.member_id.in_(select(ComplaintSubject.member_id).where(
                ComplaintSubject.complaint_id == item.id)),
            Nomination.state.in_(("approved", "appointed"))).order_by(Nomination.id)).all()
    actor = db.session.get(User, record.actor_id)
    # Neutral: the nomination's timeline is read by people who may not read letters. The
    # receipt number goes into the audit payload (the audit log is for readers only).
    reason = ("Có kết luận xác minh liên quan đến người được giới thiệu / a verification "
              "about the nominee concluded")
    moved = []
    for nomination in nominations:
        apply_linked_transition(nomination, "refer_back", actor, reason=reason,
                                payload={"letter": item.receipt_no})
        moved.append(nomination.id)
    return moved


def _recipients(item: Complaint, record: TransitionRecord) -> list[int]:
    if record.trigger == "assign" and item.investigator_id:
        return [item.investigator_id]
    return []


def _tasks(user: Any):
    roles = user.role_names
    conditions = []
    if Role.COMPLAINTS in roles:
        conditions.append(Complaint.state.in_(("received", "classified", "concluded",
                                               "replied")))
    if roles & access.INVESTIGATORS:
        conditions.append(Complaint.state.in_(("assigned", "verifying"))
                          & (Complaint.investigator_id == user.id))
    if not conditions:
        return None
    return select(Complaint).where(or_(*conditions)).order_by(Complaint.received_on,
                                                               Complaint.id)


def _audit_payload(item: Complaint, record: TransitionRecord, payload) -> dict:
    """Codes and dates only: findings, content and names never reach the audit log."""
    kept = {k: payload[k] for k in ("category", "kind", "outcome") if payload.get(k)}
    if payload.get("investigator"):
        kept["investigator"] = int(payload["investigator"])
    if payload.get("deadline"):
        kept["deadline"] = str(payload["deadline"])
    return kept


# Guards that check the form's input: the panel shows the form, not their refusal.
INPUT_GUARDS = frozenset({"reason_category", "kind_chosen", "investigator_chosen",
                          "deadline_set", "outcome_chosen", "findings_written"})


def _panel(item: Complaint, user: Any) -> dict[str, Any]:
    """The own-form actions, and why one is refused whatever is typed (e.g. a late letter)."""
    from intranet.complaints.forms import action_forms

    context = facts(item, {})
    refusals = {}
    for trigger in ACTION_FORMS:
        t = DEFINITION.transition_for(item.state, trigger)
        for name in (t.guards if t else ()):
            g = DEFINITION.guards[name]
            if name not in INPUT_GUARDS and not g.check(item, context):
                refusals[trigger] = g.refusal.format(**context)
                break
    return {"action_forms": ACTION_FORMS, "forms": action_forms(item),
            "form_refusals": refusals}


BINDING = register(WorkflowBinding(
    entity_type=ENTITY,
    model=Complaint,
    definition=DEFINITION,
    describe=lambda item: f"Đơn thư / Letter {item.receipt_no}",
    url=lambda item: f"/complaints/{item.id}",
    facts=facts,
    effects={"set_aside": _set_aside, "classify": _classify, "assign": _assign,
             "conclude": _conclude},
    recipients=_recipients,
    scope_of=lambda item: None,
    tasks=_tasks,
    can_view=access.can_view_complaint,
    audit_payload=_audit_payload,
    panel=_panel,
))
