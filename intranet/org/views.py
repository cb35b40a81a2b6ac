from flask import request

from intranet.htmx import render
from intranet.org import bp, services
from intranet.permissions import require
from intranet.web import page_number


@bp.route("/")
@require("org.view")
def tree():
    roots = services.ward_committees()
    trees = [(root, services.unit_tree(root)) for root in roots]
    return render("org/tree.html", trees=trees, kind_counts=services.kind_counts)


@bp.route("/<int:unit_id>")
@require("org.view")
def unit(unit_id: int):
    unit = services.get_unit(unit_id)
    query = request.args.get("q", "")[:100]
    page = page_number()
    members, total = services.unit_members(unit, query, page)
    return render("org/unit.html", "org/_members.html", unit=unit, members=members,
                  total=total, page=page, q=query, per_page=50)
