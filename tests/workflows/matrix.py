"""The state × trigger × role check every definition test runs, from two hand-written tables:
MOVES {(state, trigger): destination} and WHO {trigger: roles that may fire it}."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from workflows.engine import Actor, InvalidTransition, NotPermitted, WorkflowDefinition
from workflows.roles import Role


def assert_tables_cover(definition: WorkflowDefinition, moves: Mapping, who: Mapping) -> None:
    assert set(who) == set(definition.triggers)
    assert {(s, t.trigger) for t in definition.transitions for s in t.sources} == set(moves)


def assert_cell(definition: WorkflowDefinition, subject: Any, trigger: str, role: Role,
                moves: Mapping[tuple[str, str], str], who: Mapping[str, set[Role]],
                context: Mapping[str, Any], reason: str = "lý do") -> None:
    """Not a move from this state: InvalidTransition; a move, but not this role's:
    NotPermitted; else the table's destination (with every guard satisfied by `context`)."""
    actor = Actor(id=99, roles=frozenset({role}))
    fire: Callable = lambda: definition.fire(subject, trigger, actor, context,  # noqa: E731
                                             reason=reason)
    if (subject.state, trigger) not in moves:
        with pytest.raises(InvalidTransition):
            fire()
    elif role not in who[trigger]:
        with pytest.raises(NotPermitted):
            fire()
    else:
        assert fire().to_state == moves[(subject.state, trigger)]
