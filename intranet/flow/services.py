"""What the actions panel of any workflow item shows."""

from __future__ import annotations

from typing import Any

from intranet.audit.services import timeline
from intranet.workflow_service import available_actions, binding_for


def panel_context(item: Any, user: Any, **extra: Any) -> dict[str, Any]:
    """Context for flow/_actions.html: the stage path, the actions, the history's states."""
    binding = binding_for(item)
    stages = timeline(binding.entity_type, item.id)
    return {
        "binding": binding,
        "definition": binding.definition,
        "item": item,
        "actions": [a for a in available_actions(item, user)
                    if a.trigger not in binding.own_forms],
        "visited": {s.entry.to_state for s in stages},
        "stages": stages,
        **(binding.panel(item, user) if binding.panel else {}),
        **extra,
    }
