"""Pure workflow definitions and the engine that applies them (no Flask, no SQLAlchemy)."""

from workflows.engine import (
    Action,
    Actor,
    DefinitionError,
    GuardFailed,
    InvalidTransition,
    NotPermitted,
    ReasonRequired,
    State,
    Text,
    Transition,
    TransitionRecord,
    WorkflowDefinition,
    WorkflowError,
)
from workflows.roles import Role

__all__ = [
    "Action", "Actor", "DefinitionError", "GuardFailed", "InvalidTransition", "NotPermitted",
    "ReasonRequired", "Role", "State", "Text", "Transition", "TransitionRecord",
    "WorkflowDefinition", "WorkflowError",
]
