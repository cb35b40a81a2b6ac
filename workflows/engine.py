"""Workflow definitions as data, and the engine that says what may happen and applies it.

Pure Python: this package imports `transitions` and the standard library only. The web
application persists what `fire` decides, with its audit record, in one transaction.

A definition is a table of states and transitions. Each transition names the roles that may
fire it, the guards that must hold (each with a refusal message in Vietnamese and English),
whether a reason is required, and whether the item's author is barred from firing it (the
four-eyes rule). One `transitions.Machine` is built per definition and shared by every item.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from transitions import Machine, MachineError

from workflows.roles import Role


@dataclass(frozen=True)
class Text:
    """A message in both UI languages. Placeholders are filled with `format`."""

    vi: str
    en: str

    def get(self, locale: str | None) -> str:
        return self.en if (locale or "vi").startswith("en") else self.vi

    def format(self, **values: Any) -> Text:
        """Fill placeholders; a Text value is taken in the matching language."""

        def pick(lang: str) -> dict[str, Any]:
            return {k: getattr(v, lang) if isinstance(v, Text) else v for k, v in values.items()}

        return Text(self.vi.format(**pick("vi")), self.en.format(**pick("en")))

    def outline(self) -> Text:
        """The message with its placeholders shown as an ellipsis (for describing a guard)."""
        return Text(re.sub(r"\{\w+\}", "…", self.vi), re.sub(r"\{\w+\}", "…", self.en))


@dataclass(frozen=True)
class State:
    id: str
    label: Text
    terminal: bool = False


@dataclass(frozen=True)
class Guard:
    """A named condition on the subject and the facts the service gathered (the context)."""

    name: str
    check: Callable[[Any, Mapping[str, Any]], bool]
    refusal: Text  # may use {placeholders} from the context


@dataclass(frozen=True)
class Transition:
    trigger: str
    sources: tuple[str, ...]
    dest: str
    roles: frozenset[str]
    label: Text
    guards: tuple[str, ...] = ()
    reason_required: bool = False
    four_eyes: bool = False


def transition(trigger: str, sources: str | Iterable[str], dest: str, *,
               roles: Iterable[str], label: tuple[str, str], guards: Iterable[str] = (),
               reason: bool = False, four_eyes: bool = False) -> Transition:
    """Build one row of a definition's transition table."""
    return Transition(
        trigger=trigger,
        sources=(sources,) if isinstance(sources, str) else tuple(sources),
        dest=dest,
        roles=frozenset(roles),
        label=Text(*label),
        guards=tuple(guards),
        reason_required=reason,
        four_eyes=four_eyes,
    )


def state(id: str, vi: str, en: str, *, terminal: bool = False) -> State:
    return State(id, Text(vi, en), terminal)


def guard(name: str, check: Callable[[Any, Mapping[str, Any]], bool], vi: str, en: str) -> Guard:
    return Guard(name, check, Text(vi, en))


class Subject(Protocol):
    state: str


@dataclass(frozen=True)
class Actor:
    id: int
    roles: frozenset[str]


@dataclass(frozen=True)
class Action:
    """What an actor may do now; `refusal` says why a visible action is refused."""

    trigger: str
    label: Text
    dest: str
    dest_label: Text
    reason_required: bool
    refusal: Text | None = None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


@dataclass(frozen=True)
class TransitionRecord:
    """What `fire` decided: the service persists it with its audit entry."""

    workflow: str
    trigger: str
    from_state: str
    to_state: str
    actor_id: int
    reason: str | None
    guards_checked: tuple[str, ...] = field(default=())


class WorkflowError(Exception):
    """Base of the engine's refusals; `message` is shown to the user."""

    def __init__(self, message: Text, **details: Any) -> None:
        super().__init__(message.en)
        self.message = message
        self.details = details


class InvalidTransition(WorkflowError):
    """Unknown trigger, or not possible from the current state (HTTP 409)."""


class NotPermitted(WorkflowError):
    """The actor lacks the role, or the four-eyes rule bars them (HTTP 403)."""


class GuardFailed(WorkflowError):
    """A guard refused (HTTP 422)."""

    def __init__(self, message: Text, guard: str, **details: Any) -> None:
        super().__init__(message, guard=guard, **details)
        self.guard = guard


class ReasonRequired(WorkflowError):
    """This transition needs a reason and none was given (HTTP 422)."""


class DefinitionError(ValueError):
    """A definition table is inconsistent (raised when the module is imported)."""


FOUR_EYES_REFUSAL = Text(
    "Người soạn không được tự thực hiện bước này; cần một người khác.",
    "The author may not take this step; someone else must.",
)
NO_ROLE_REFUSAL = Text(
    "Bạn không có vai trò được phép thực hiện bước «{action}».",
    "You do not hold a role allowed to take the step “{action}”.",
)
INVALID_REFUSAL = Text(
    "Không thể thực hiện «{action}» khi hồ sơ đang ở trạng thái «{state}».",
    "“{action}” is not possible while the item is in the state “{state}”.",
)
UNKNOWN_REFUSAL = Text(
    "Thao tác «{action}» không tồn tại trong quy trình này.",
    "There is no action “{action}” in this workflow.",
)
REASON_REFUSAL = Text(
    "Bước «{action}» cần ghi rõ lý do.",
    "The step “{action}” needs a reason.",
)


class _Token:
    """A stand-in model moved through the shared machine for one call."""

    def __init__(self, state: str) -> None:
        self.state = state


class WorkflowDefinition:
    def __init__(self, name: str, label: Text, states: Iterable[State],
                 transitions: Iterable[Transition], guards: Iterable[Guard] = (),
                 initial: str | None = None) -> None:
        self.name = name
        self.label = label
        self.states: dict[str, State] = {}
        for s in states:
            if s.id in self.states:
                raise DefinitionError(f"{name}: state {s.id!r} defined twice")
            self.states[s.id] = s
        self.transitions: tuple[Transition, ...] = tuple(transitions)
        self.guards: dict[str, Guard] = {g.name: g for g in guards}
        self.initial = initial or next(iter(self.states))
        self._by_key: dict[tuple[str, str], Transition] = {}
        self._validate()
        self.machine = Machine(
            model=None,
            states=list(self.states),
            initial=self.initial,
            auto_transitions=False,
            ignore_invalid_triggers=False,
        )
        for t in self.transitions:
            self.machine.add_transition(t.trigger, list(t.sources), t.dest)

    def _validate(self) -> None:
        known_roles = {r.value for r in Role}
        if self.initial not in self.states:
            raise DefinitionError(f"{self.name}: initial state {self.initial!r} is not defined")
        for t in self.transitions:
            for s in (*t.sources, t.dest):
                if s not in self.states:
                    raise DefinitionError(f"{self.name}.{t.trigger}: unknown state {s!r}")
            for g in t.guards:
                if g not in self.guards:
                    raise DefinitionError(f"{self.name}.{t.trigger}: unknown guard {g!r}")
            if not t.roles or not t.roles <= known_roles:
                raise DefinitionError(f"{self.name}.{t.trigger}: roles {set(t.roles)} invalid")
            for s in t.sources:
                if self.states[s].terminal:
                    raise DefinitionError(f"{self.name}.{t.trigger}: leaves terminal state {s}")
                if (s, t.trigger) in self._by_key:
                    raise DefinitionError(f"{self.name}.{t.trigger}: twice from {s}")
                self._by_key[(s, t.trigger)] = t

    # -- questions -------------------------------------------------------------------------

    @property
    def triggers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.trigger for t in self.transitions))

    def transition_for(self, state_id: str, trigger: str) -> Transition | None:
        return self._by_key.get((state_id, trigger))

    def transitions_from(self, state_id: str) -> list[Transition]:
        valid = set(self.machine.get_triggers(state_id))
        return [t for t in self.transitions if state_id in t.sources and t.trigger in valid]

    def label_of(self, trigger: str) -> Text:
        for t in self.transitions:
            if t.trigger == trigger:
                return t.label
        return Text(trigger, trigger)

    def refusal(self, subject: Subject, t: Transition, actor: Actor,
                context: Mapping[str, Any]) -> tuple[type[WorkflowError], Text, str] | None:
        """The first reason this actor may not fire t now, or None (reason text not checked)."""
        if not actor.roles & t.roles:
            return NotPermitted, NO_ROLE_REFUSAL.format(action=t.label), ""
        if t.four_eyes and getattr(subject, "author_id", None) == actor.id:
            return NotPermitted, FOUR_EYES_REFUSAL, ""
        for name in t.guards:
            g = self.guards[name]
            if not g.check(subject, context):
                return GuardFailed, g.refusal.format(**context), name
        return None

    def available_actions(self, subject: Subject, actor: Actor,
                          context: Mapping[str, Any] | None = None) -> list[Action]:
        """Actions from the subject's state for which the actor holds a role.

        An action refused by a guard or by the four-eyes rule stays in the list, with its
        refusal, so the page can say why it is not possible yet.
        """
        context = context or {}
        actions = []
        for t in self.transitions_from(subject.state):
            if not actor.roles & t.roles:
                continue
            refused = self.refusal(subject, t, actor, context)
            actions.append(Action(
                trigger=t.trigger,
                label=t.label,
                dest=t.dest,
                dest_label=self.states[t.dest].label,
                reason_required=t.reason_required,
                refusal=refused[1] if refused else None,
            ))
        return actions

    # -- the one way to move -----------------------------------------------------------------

    def fire(self, subject: Subject, trigger: str, actor: Actor,
             context: Mapping[str, Any] | None = None, reason: str | None = None
             ) -> TransitionRecord:
        """Check everything and decide the move; the subject itself is not modified."""
        context = context or {}
        current = subject.state
        t = self.transition_for(current, trigger)
        if t is None:
            if trigger not in self.triggers:
                raise InvalidTransition(UNKNOWN_REFUSAL.format(action=trigger), state=current)
            state_label = self.states[current].label if current in self.states else current
            raise InvalidTransition(
                INVALID_REFUSAL.format(action=self.label_of(trigger), state=state_label),
                state=current,
            )
        refused = self.refusal(subject, t, actor, context)
        if refused:
            error_class, message, guard_name = refused
            if error_class is GuardFailed:
                raise GuardFailed(message, guard_name)
            raise error_class(message)
        cleaned = (reason or "").strip() or None
        if t.reason_required and not cleaned:
            raise ReasonRequired(REASON_REFUSAL.format(action=t.label))
        token = _Token(current)
        try:
            # The shared machine moves a stand-in: its event runs on any object with a `state`,
            # without registering it as a model (add_model/remove_model per call cost 4×).
            self.machine.events[trigger].trigger(token)
        except MachineError as exc:  # the table and the machine disagree: a definition bug
            raise InvalidTransition(INVALID_REFUSAL.format(action=trigger, state=current)) from exc
        return TransitionRecord(
            workflow=self.name,
            trigger=trigger,
            from_state=current,
            to_state=token.state,
            actor_id=actor.id,
            reason=cleaned,
            guards_checked=t.guards,
        )

    # -- pictures ----------------------------------------------------------------------------

    def mermaid(self, locale: str = "vi") -> str:
        """A Mermaid stateDiagram of the definition."""
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial}"]
        for s in self.states.values():
            lines.append(f'    {s.id}: {s.label.get(locale)}')
        for t in self.transitions:
            for src in t.sources:
                lines.append(f"    {src} --> {t.dest}: {t.label.get(locale)}")
        for s in self.states.values():
            if s.terminal:
                lines.append(f"    {s.id} --> [*]")
        return "\n".join(lines) + "\n"

    def ranked_states(self) -> list[str]:
        """States ordered by their distance from the initial state, definition order on ties.

        Terminal states come last, in definition order: an early exit (withdrawn) must not
        sit between two stages of the main path.
        """
        rank = {self.initial: 0}
        frontier = [self.initial]
        while frontier:
            nxt = []
            for s in frontier:
                for t in self.transitions:
                    if s in t.sources and t.dest not in rank:
                        rank[t.dest] = rank[s] + 1
                        nxt.append(t.dest)
            frontier = nxt
        order = list(self.states)

        def key(s: str) -> tuple[int, int, int]:
            if self.states[s].terminal:
                return (1, 0, order.index(s))
            return (0, rank.get(s, len(order)), order.index(s))

        return sorted(self.states, key=key)
