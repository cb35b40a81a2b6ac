"""The only code that changes a workflow state.

`apply_transition` runs one write transaction: it re-reads the item, re-checks permission and
guards through the item's workflow definition, updates the row with a compare-and-set on
(state, version), runs the transition's effects, appends the audit entry and queues
notifications, then commits. Any failure leaves state, version and audit as they were.

Each workflow item type registers a `WorkflowBinding`: its model, its pure definition, and the
few functions that connect them to the database (facts for the guards, effects, recipients).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, String, Table, bindparam, select, update
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

from intranet.audit import chain
from intranet.db import UTCDateTime, db, utcnow, write_transaction
from intranet.errors import Conflict, NotFound
from intranet.extensions import gettext as _
from intranet.i18n import current_language
from intranet.permissions import SCOPED_ROLES
from workflows import Action, Actor, TransitionRecord, WorkflowDefinition


class WorkflowItem:
    """Columns every workflow item has. Only this module writes them."""

    state: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(default=1)
    state_changed_at: Mapped[datetime] = mapped_column(default=utcnow)


Facts = Callable[[Any, Mapping[str, Any]], dict[str, Any]]
Effect = Callable[[Any, TransitionRecord, Mapping[str, Any]], None]


def _no_facts(item: Any, payload: Mapping[str, Any]) -> dict[str, Any]:
    return {}


def _nobody(item: Any, record: TransitionRecord) -> Iterable[int]:
    return ()


def _scope_of(item: Any) -> int | None:
    return getattr(item, "org_unit_id", None)


@dataclass(frozen=True)
class WorkflowBinding:
    entity_type: str
    model: type
    definition: WorkflowDefinition
    describe: Callable[[Any], str]
    url: Callable[[Any], str]
    facts: Facts = _no_facts
    effects: Mapping[str, Effect] = field(default_factory=dict)
    recipients: Callable[[Any, TransitionRecord], Iterable[int]] = _nobody
    scope_of: Callable[[Any], int | None] = _scope_of
    # Items this user may act on now, for "my tasks": a select of the model, or None.
    tasks: Callable[[Any], Select | None] | None = None
    # Object scope: may this user see the item at all? (No: the item answers 404.)
    can_view: Callable[[Any, Any], bool] = lambda user, item: True
    # What of the payload goes into the audit entry (default: all of it).
    audit_payload: Callable[[Any, TransitionRecord, Mapping[str, Any]], dict] | None = None
    # Extra context for the actions panel (flow/_actions.html), e.g. `action_forms`: a mapping
    # trigger -> template for transitions that need their own form (a deadline, votes).
    panel: Callable[[Any, Any], dict] | None = None
    # Triggers that need more than a reason: fired from the area's own form, so the generic
    # actions panel leaves them out (the generic endpoint still refuses them by their guards).
    own_forms: frozenset[str] = frozenset()


_BINDINGS: dict[str, WorkflowBinding] = {}
_REGISTRY_VERSION = [0]  # moves on every (un)registration: caches built from bindings see it


def register(binding: WorkflowBinding) -> WorkflowBinding:
    """Called once per item type when its area is imported."""
    existing = _BINDINGS.get(binding.entity_type)
    if existing is not None and existing.model is not binding.model:
        raise ValueError(f"workflow {binding.entity_type!r} registered twice")
    _BINDINGS[binding.entity_type] = binding  # same model again: a reload or a test override
    _REGISTRY_VERSION[0] += 1
    return binding


def bindings() -> list[WorkflowBinding]:
    return list(_BINDINGS.values())


def unregister(entity_type: str) -> None:
    _BINDINGS.pop(entity_type, None)
    _REGISTRY_VERSION[0] += 1


def registry_version() -> int:
    return _REGISTRY_VERSION[0]


def binding_for(item_or_type: Any) -> WorkflowBinding:
    if isinstance(item_or_type, str):
        try:
            return _BINDINGS[item_or_type]
        except KeyError:
            raise NotFound() from None
    model = item_or_type if isinstance(item_or_type, type) else type(item_or_type)
    for binding in _BINDINGS.values():
        if issubclass(model, binding.model):
            return binding
    raise LookupError(f"{model.__name__} has no workflow binding")


def get_visible_item(entity_type: str, item_id: int, user: Any) -> Any:
    """The item, if it exists and this user may see it; otherwise 404 (never 403)."""
    binding = binding_for(entity_type)
    item = db.session.get(binding.model, item_id)
    if item is None or not binding.can_view(user, item):
        raise NotFound()
    return item


@dataclass(frozen=True)
class Who:
    """What the service needs of the acting user, read once before its transaction starts
    (the transaction begins by ending the request's read snapshot, which expires objects)."""

    id: int
    username: str
    display_name: str
    assignments: tuple[tuple[str, int | None], ...]

    @classmethod
    def of(cls, user: Any) -> Who:
        if isinstance(user, cls):
            return user
        return cls(user.id, user.username, user.display_name,
                   tuple((a.role, a.org_unit_id) for a in user.role_assignments))

    def actor(self, scope: int | None) -> Actor:
        """Roles held for an item in unit `scope`: scoped roles count only in their unit."""
        roles = {role for role, unit in self.assignments
                 if role not in SCOPED_ROLES or (scope is not None and unit == scope)}
        return Actor(id=self.id, roles=frozenset(roles))


def actor_for(user: Any, item: Any) -> Actor:
    """The roles this user holds for this item: scoped roles count only in their own unit."""
    return Who.of(user).actor(binding_for(item).scope_of(item))


def available_actions(item: Any, user: Any, payload: Mapping[str, Any] | None = None
                      ) -> list[Action]:
    binding = binding_for(item)
    context = binding.facts(item, payload or {})
    return binding.definition.available_actions(item, actor_for(user, item), context)


@dataclass(frozen=True)
class TransitionResult:
    item: Any
    record: TransitionRecord
    audit_seq: int
    notified: int


def apply_transition(item: Any, trigger: str, user: Any, *, reason: str | None = None,
                     expected_version: int | None = None,
                     payload: Mapping[str, Any] | None = None) -> TransitionResult:
    """Fire `trigger` on `item` for `user`, atomically with its audit entry."""
    who = Who.of(user)
    item_id = item.id  # before the transaction: beginning it expires the instance
    with write_transaction() as session:
        return _transition(session, type(item), item_id, trigger, who, reason,
                           expected_version, payload)


def apply_linked_transition(item: Any, trigger: str, user: Any, *, reason: str | None = None,
                            payload: Mapping[str, Any] | None = None) -> TransitionResult:
    """Fire `trigger` on a linked item from inside another item's effect: same checks, same
    audit entry, in the transaction already open (which commits or rolls back both)."""
    return _transition(db.session(), type(item), item.id, trigger, Who.of(user), reason, None,
                       payload)


def _transition(session: Any, item_type: type, item_id: int, trigger: str, who: Who,
                reason: str | None, expected_version: int | None,
                payload: Mapping[str, Any] | None) -> TransitionResult:
    binding = binding_for(item_type)
    model = binding.model
    payload = dict(payload or {})
    current = session.get(model, item_id, populate_existing=True)
    if current is None:
        raise NotFound()
    if expected_version is not None and current.version != expected_version:
        raise _conflict(binding, current.state)
    context = {**payload, **binding.facts(current, payload)}  # facts win over the client
    actor = who.actor(binding.scope_of(current))
    record = binding.definition.fire(current, trigger, actor, context, reason)
    changed_at = utcnow()
    updated = session.connection().execute(_compare_and_set(model.__table__), {
        "item_id": item_id, "seen_state": record.from_state, "seen_version": current.version,
        "new_state": record.to_state, "changed_at": changed_at,
    }).rowcount
    if updated != 1:
        now = session.scalar(select(model.state).where(model.id == item_id))
        raise _conflict(binding, now)
    # The row is now what we wrote: tell the instance without reading it back.
    set_committed_value(current, "state", record.to_state)
    set_committed_value(current, "version", current.version + 1)
    set_committed_value(current, "state_changed_at", changed_at)
    effect = binding.effects.get(trigger)
    if effect is not None:
        effect(current, record, payload)
    transition = binding.definition.transition_for(record.from_state, trigger)
    role = min(actor.roles & transition.roles) if transition else None
    audit_payload = (binding.audit_payload(current, record, payload)
                     if binding.audit_payload else payload)
    entry = chain.append(
        binding.entity_type, item_id, trigger, actor=who, role=role,
        from_state=record.from_state, to_state=record.to_state, reason=record.reason,
        payload=audit_payload,
    )
    notified = queue_notifications(binding, current, record, who)
    return TransitionResult(current, record, entry.seq, notified)  # a plain value: no read


@lru_cache(maxsize=64)
def _compare_and_set(table: Table):
    """UPDATE … SET state, version+1 WHERE id AND state AND version: built once per table."""
    return (update(table)
            .where(table.c.id == bindparam("item_id"), table.c.state == bindparam("seen_state"),
                   table.c.version == bindparam("seen_version"))
            .values(state=bindparam("new_state"), version=table.c.version + 1,
                    state_changed_at=bindparam("changed_at", type_=UTCDateTime())))


def start_item(item: Any, user: Any, payload: Mapping[str, Any] | None = None) -> None:
    """Put a new item in its initial state and record its creation.

    Called inside the creating service's write transaction (which commits).
    """
    binding = binding_for(item)
    item.state = binding.definition.initial
    item.version = 1
    item.state_changed_at = utcnow()
    db.session.add(item)
    db.session.flush()
    chain.append(binding.entity_type, item.id, "create", actor=user, to_state=item.state,
                 payload=dict(payload or {}))


def _conflict(binding: WorkflowBinding, state_id: str | None) -> Conflict:
    state = binding.definition.states.get(state_id or "")
    label = state.label.get(current_language()) if state else (state_id or "?")
    return Conflict(
        _("This item was changed by someone else in the meantime. Its current state is "
          "“%(state)s”. Reload to see it.", state=label),
        state=state_id,
    )


def queue_notifications(binding: WorkflowBinding, item: Any, record: TransitionRecord,
                        actor: Any) -> int:
    from intranet.notifications.services import notify

    recipients = {uid for uid in binding.recipients(item, record) if uid != actor.id}
    if not recipients:
        return 0
    definition = binding.definition
    return notify(
        recipients,
        entity_type=binding.entity_type,
        entity_id=item.id,
        url=binding.url(item),
        title_vi=f"{binding.describe(item)}: {definition.states[record.to_state].label.vi}",
        title_en=f"{binding.describe(item)}: {definition.states[record.to_state].label.en}",
        body_vi=f"{actor.display_name} — {definition.label_of(record.trigger).vi}",
        body_en=f"{actor.display_name} — {definition.label_of(record.trigger).en}",
    )
