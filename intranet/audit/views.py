from datetime import date

from flask import request

from intranet.audit import bp, services
from intranet.htmx import render
from intranet.permissions import require
from intranet.security import parse_id


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.route("/")
@require("audit.view")
def trail():
    filters = services.TrailFilters(
        entity_type=request.args.get("entity_type", "")[:40],
        entity_id=request.args.get("entity_id", "")[:40],
        actor=request.args.get("actor", "")[:64],
        action=request.args.get("action", "")[:60],
        date_from=_date_arg("date_from"),
        date_to=_date_arg("date_to"),
        before=parse_id(request.args.get("before")),
    )
    entries, next_before = services.trail(filters)
    return render("audit/trail.html", "audit/_entries.html", entries=entries, filters=filters,
                  next_before=next_before, entity_types=services.known_entity_types())
