"""What every page shares: navigation by role, counters, and small request helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_login import current_user

from intranet.extensions import lazy_gettext as _l
from intranet.permissions import ROLE_LABELS, roles_may
from intranet.security import parse_id


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    permission: str


# Areas add their entries here as they land; each is shown only to users who may open it.
NAV: list[NavItem] = [
    NavItem("home.index", _l("My tasks"), "authenticated"),
    # documents
    NavItem("documents.index", _l("Documents"), "documents.view"),
    # personnel
    NavItem("personnel.index", _l("Personnel"), "personnel.view"),

    # complaints
    NavItem("complaints.index", _l("Letters"), "complaints.view"),
    NavItem("complaints.new", _l("Register a letter"), "complaints.intake"),

    # congress days
    NavItem("congress.index", _l("Congress"), "congress.view"),
    NavItem("congress.dashboard", _l("Dashboard"), "congress.dashboard"),

    NavItem("org.tree", _l("Organizations"), "org.view"),
    NavItem("audit.trail", _l("Audit log"), "audit.view"),
    NavItem("flow.definitions", _l("Workflows"), "workflows.view"),
    NavItem("admin.users", _l("Accounts"), "users.manage"),
]


def navigation() -> list[NavItem]:
    """The menu of the logged-in user: the entries their roles open."""
    if not current_user.is_authenticated:
        return []
    names = current_user.role_names
    return [item for item in NAV if roles_may(names, item.permission)]


def layout_url(endpoint: str, **values) -> str:
    """`url_for` for the layout's fixed links (its stylesheets and scripts, the menu, the
    account menu), built once per application and mount point: a dozen `url_for` calls were
    3 % of a small page, and these URLs never change while the application runs."""
    urls = current_app.extensions.setdefault("intranet.layout_urls", {})
    key = (request.script_root, endpoint, *sorted(values.items()))
    url = urls.get(key)
    if url is None:
        url = urls[key] = url_for(endpoint, **values)
    return url


def page_number() -> int:
    """The ?page= argument as a positive int (anything else is page 1)."""
    page = parse_id(request.args.get("page"))
    return page if page and page < 100_000 else 1


UNIT_KIND_LABELS = {
    "ward_committee": _l("Ward Party Committee"),
    "grassroots_committee": _l("Grassroots Party Committee"),
    "grassroots_cell": _l("Grassroots Party cell"),
    "affiliated_cell": _l("Affiliated Party cell"),
    "sub_cell": _l("Cell under a grassroots committee"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def unit_kind_label(kind: str) -> str:
    return str(UNIT_KIND_LABELS.get(kind, kind))


def unit_kind_labels() -> dict[str, str]:
    """Every kind's label, translated once (for a list that shows a kind on every row)."""
    return {kind: str(label) for kind, label in UNIT_KIND_LABELS.items()}


_ID_MARK = 90817263544536271  # an id no table reaches, to find where ids go in a URL


def id_url(endpoint: str, key: str, **values) -> Callable[[int], str]:
    """The URLs of one endpoint for many ids, built once: a list of a hundred rows links each
    row to its page, and `url_for` costs microseconds a call. `id_url("org.unit", "unit_id")`
    gives `lambda unit_id: url_for("org.unit", unit_id=unit_id)`."""
    head, tail = url_for(endpoint, **{key: _ID_MARK}, **values).split(str(_ID_MARK))
    return lambda item_id: f"{head}{int(item_id)}{tail}"


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(role_label=role_label, unit_kind_label=unit_kind_label,
                                 unit_kind_labels=unit_kind_labels, id_url=id_url,
                                 layout_url=layout_url)

    @app.context_processor
    def shared_context():
        if not current_user.is_authenticated:
            return {"navigation": list}
        from intranet.home.services import task_count, unread_count

        # Callables: only the full layout asks for the menu and the counters, not every
        # fragment.
        return {
            "navigation": navigation,
            "task_count": lambda: task_count(current_user),
            "unread_count": lambda: unread_count(current_user),
        }
