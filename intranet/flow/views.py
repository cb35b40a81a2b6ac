from flask import Response, request
from flask_login import current_user

from intranet.errors import Conflict
from intranet.extensions import gettext as _
from intranet.extensions import ngettext
from intranet.flow import bp
from intranet.flow.diagram import svg
from intranet.flow.services import panel_context
from intranet.htmx import render
from intranet.i18n import current_language
from intranet.permissions import require
from intranet.security import parse_id
from intranet.workflow_service import (
    apply_transition,
    binding_for,
    bindings,
    get_visible_item,
)
from workflows import GuardFailed, InvalidTransition, ReasonRequired

PANEL = "flow/_actions.html"


@bp.route("/workflows")
@require("workflows.view")
def definitions():
    pictures = [(b, svg(b.definition, current_language())) for b in bindings()]
    return render("flow/definitions.html", pictures=pictures)


@bp.route("/workflows/<name>.mmd")
@require("workflows.view")
def mermaid(name: str):
    text = binding_for(name).definition.mermaid(current_language())
    return Response(text, mimetype="text/plain")


@bp.route("/items/<entity_type>/<int:item_id>/actions")
@require("authenticated")
def actions(entity_type: str, item_id: int):
    item = get_visible_item(entity_type, item_id, current_user)
    return render(PANEL, **panel_context(item, current_user))


@bp.route("/items/<entity_type>/<int:item_id>/actions/<trigger>", methods=["POST"])
@require("authenticated")
def transition(entity_type: str, item_id: int, trigger: str):
    """Fire one transition from an item's actions panel; answer the re-rendered panel."""
    item = get_visible_item(entity_type, item_id, current_user)
    version = request.form.get("version", "")
    try:
        result = apply_transition(
            item, trigger, current_user, reason=request.form.get("reason", "")[:2000],
            expected_version=parse_id(version))
    except (GuardFailed, ReasonRequired, InvalidTransition) as exc:
        status = 409 if isinstance(exc, InvalidTransition) else 422
        item = get_visible_item(entity_type, item_id, current_user)
        return render(PANEL, status=status, error=exc.message.get(current_language()),
                      **panel_context(item, current_user))
    except Conflict as exc:
        item = get_visible_item(entity_type, item_id, current_user)
        return render(PANEL, status=409, error=exc.message,
                      **panel_context(item, current_user))
    definition = result.record
    moved_to = binding_for(entity_type).definition.states[definition.to_state]
    message = _("Done: now “%(state)s”.", state=moved_to.label.get(current_language()))
    if result.notified:
        message += " " + ngettext("%(num)d person notified.", "%(num)d people notified.",
                                  result.notified)
    return render(PANEL, done=message,
                  trigger={"tasks-changed": True, "item-changed": f"{entity_type}-{item_id}"},
                  **panel_context(result.item, current_user))
