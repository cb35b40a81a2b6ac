"""The document workflow bound to the database: facts for the guards, effects, tasks, scope."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from flask_babel import format_datetime
from sqlalchemy import and_, bindparam, exists, func, or_, select

from intranet.auth.models import RoleAssignment, User
from intranet.clock import local_today
from intranet.db import UTCDateTime, db, utcnow
from intranet.documents import lookups
from intranet.documents.access import can_view_document, roles_of, secretary_units
from intranet.documents.models import (
    Audience,
    Channel,
    Comment,
    CommentRound,
    Document,
    DocumentSet,
    StandingDecision,
)
from intranet.org.services import current_congress_id
from intranet.workflow_service import WorkflowBinding, register
from workflows import Text, TransitionRecord
from workflows.document import DOCUMENT, FORM_TRIGGERS, INPUT_GUARDS
from workflows.roles import Role

ACTION_FORMS = {
    "circulate": "documents/_action_circulate.html",
    "recirculate": "documents/_action_circulate.html",
    "approve": "documents/_action_approve.html",
}
DEFAULT_COMMENT_DAYS = 14


def clean_audiences(raw: Any) -> list[str]:
    """Known audiences in their canonical order; anything else is dropped."""
    chosen = set(raw or ()) if not isinstance(raw, str) else {raw}
    return [a.value for a in Audience if a.value in chosen]


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def facts(document: Document, payload: Mapping[str, Any]) -> dict[str, Any]:
    """What the guards need. Input from the transition's form is normalized here; the rest
    comes from the database, so nothing the client sends can stand in for it."""
    deadline = payload.get("deadline")
    ctx: dict[str, Any] = {
        "now": utcnow(),
        "deadline": deadline if isinstance(deadline, datetime) and deadline.tzinfo else None,
        "audiences": clean_audiences(payload.get("audiences")),
        "votes_for": _int(payload.get("votes_for")),
        "frozen_version": False,
        "undisposed": 0,
        "committee_size": 0,
        "open_deadline": None,
        "open_deadline_text": "",
    }
    if document.state in ("draft", "revision"):
        latest = lookups.latest_version(document.id)
        ctx["frozen_version"] = bool(latest and latest.frozen
                                     and lookups.section_count(latest.id) > 0)
    if document.state == "revision":
        ctx["undisposed"] = lookups.undisposed_count(document.id)
        ctx["committee_size"] = lookups.committee_size(document)
    if document.state == "circulated":
        current = lookups.open_round(document.id)
        if current is not None:
            ctx["open_deadline"] = current.deadline
            ctx["open_deadline_text"] = format_datetime(current.deadline, "HH:mm dd/MM/yyyy")
    return ctx


# -- effects: extra writes in the transition's transaction ---------------------------------------


def _open_round(document: Document, record: TransitionRecord, payload: Mapping[str, Any]
                ) -> None:
    version = lookups.latest_version(document.id)
    number = (db.session.scalar(select(func.max(CommentRound.number))
                                .where(CommentRound.document_id == document.id)) or 0) + 1
    db.session.add(CommentRound(
        document_id=document.id, number=number, version_id=version.id,
        audiences=",".join(clean_audiences(payload.get("audiences"))),
        deadline=payload["deadline"], opened_by_id=record.actor_id,
        token=secrets.token_urlsafe(24)))
    document.last_circulated_at = utcnow()
    db.session.flush()


def _close_round(document: Document, record: TransitionRecord, payload: Mapping[str, Any]
                 ) -> None:
    current = lookups.open_round(document.id)
    if current is not None:
        current.closed_at = utcnow()
        current.close_reason = record.reason
        db.session.flush()


def _approve(document: Document, record: TransitionRecord, payload: Mapping[str, Any]) -> None:
    version = lookups.latest_version(document.id)
    version.approved_at = utcnow()
    meeting = payload.get("meeting_date")
    db.session.add(StandingDecision(
        document_id=document.id, version_id=version.id,
        meeting_date=meeting if isinstance(meeting, date) else local_today(),
        committee_size=lookups.committee_size(document),
        members_present=_int(payload.get("members_present")),
        votes_for=_int(payload.get("votes_for")),
        votes_against=_int(payload.get("votes_against")),
        note=(payload.get("note") or "").strip() or None,
        recorded_by_id=record.actor_id))
    db.session.flush()


EFFECTS = {
    "circulate": _open_round,
    "recirculate": _open_round,
    "close_comments": _close_round,
    "close_early": _close_round,
    "withdraw": _close_round,
    "approve": _approve,
}


def audit_payload(document: Document, record: TransitionRecord, payload: Mapping[str, Any]
                  ) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    version = lookups.latest_version(document.id)
    if version is not None:
        entry["text_version"] = version.number
    if record.trigger in ("circulate", "recirculate"):
        entry["deadline"] = payload["deadline"].isoformat()
        entry["audiences"] = clean_audiences(payload.get("audiences"))
        entry["round"] = lookups.open_round(document.id).number
    if record.trigger == "approve":
        for name in ("members_present", "votes_for", "votes_against"):
            entry[name] = _int(payload.get(name))
        entry["meeting_date"] = str(payload.get("meeting_date"))
        entry["committee_size"] = lookups.committee_size(document)
    return entry


# -- who is told, who acts next ---------------------------------------------------------------

NOTIFIED = {
    "circulated": {Role.DOCUMENTS, Role.STANDING, Role.CLERK},
    "revision": {Role.DOCUMENTS, Role.STANDING},
    "draft": {Role.DOCUMENTS},
    "approved": {Role.DOCUMENTS, Role.STANDING},
    "withdrawn": {Role.DOCUMENTS, Role.STANDING},
}


def recipients(document: Document, record: TransitionRecord) -> list[int]:
    roles = set(NOTIFIED.get(record.to_state, ()))
    clauses = [RoleAssignment.role.in_(roles)]
    if record.to_state == "circulated":
        current = lookups.open_round(document.id)
        if current and Audience.ORGANIZATIONS in current.audience_list:
            clauses.append(RoleAssignment.role == Role.SECRETARY)
    return list(db.session.scalars(
        select(RoleAssignment.user_id).join(User, User.id == RoleAssignment.user_id)
        .where(or_(*clauses), User.active.is_(True)).distinct()))


# "Now" as the statement runs: "my tasks" keeps each user's statements (intranet/home/services).
_NOW = bindparam("documents_tasks_now", callable_=utcnow, type_=UTCDateTime())


def tasks(user: Any):
    """Documents waiting for this user: drafting, closing, disposing, deciding, commenting.

    A pure function of the user's roles: no read, no clock (the statement is kept and reused)."""
    roles = roles_of(user)
    now = _NOW
    round_open = exists().where(CommentRound.document_id == Document.id,
                                CommentRound.closed_at.is_(None))
    conditions = []
    if Role.DOCUMENTS in roles:
        conditions += [Document.state.in_(("draft", "revision")),
                       and_(Document.state == "circulated",
                            exists().where(CommentRound.document_id == Document.id,
                                           CommentRound.closed_at.is_(None),
                                           CommentRound.deadline <= now))]
    if Role.STANDING in roles:
        conditions.append(Document.state == "revision")
    if Role.CLERK in roles:
        conditions.append(and_(Document.state == "circulated", round_open))
    units = secretary_units(user)
    if units:
        submitted = exists().where(Comment.document_id == Document.id,
                                   Comment.channel == Channel.ORG_SUBMISSION,
                                   Comment.org_unit_id.in_(units),
                                   Comment.round_id == CommentRound.id)
        conditions.append(and_(
            Document.state == "circulated",
            exists().where(CommentRound.document_id == Document.id,
                           CommentRound.closed_at.is_(None), CommentRound.deadline > now,
                           CommentRound.audiences.contains(Audience.ORGANIZATIONS.value),
                           ~submitted)))
    if not conditions:
        return None
    this_congress = Document.set_id.in_(
        select(DocumentSet.id).where(DocumentSet.congress_id == current_congress_id()))
    return (select(Document).where(this_congress, or_(*conditions))
            .order_by(Document.sort_order, Document.id))


# -- the actions panel: transitions with their own forms ----------------------------------------


def panel(document: Document, user: Any) -> dict[str, Any]:
    """Templates for the transitions that need a form, and their refusals from the item's
    own state (the input guards are checked when the form is sent)."""
    ctx = facts(document, {})
    refusals: dict[str, Text | None] = {}
    for trigger in FORM_TRIGGERS:
        transition = DOCUMENT.transition_for(document.state, trigger)
        if transition is None:
            continue
        refusals[trigger] = None
        for name in transition.guards:
            guard = DOCUMENT.guards[name]
            if name not in INPUT_GUARDS and not guard.check(document, ctx):
                refusals[trigger] = guard.refusal.format(**ctx)
                break
    from intranet.documents.page import default_forms

    return {"action_forms": ACTION_FORMS, "form_refusals": refusals,
            "forms": default_forms(document)}


BINDING = register(WorkflowBinding(
    entity_type="document",
    model=Document,
    definition=DOCUMENT,
    describe=lambda document: document.title,
    url=lambda document: f"/documents/{document.id}",
    facts=facts,
    effects=EFFECTS,
    recipients=recipients,
    tasks=tasks,
    can_view=can_view_document,
    audit_payload=audit_payload,
    panel=panel,
))
