from flask import request

from intranet.htmx import render
from intranet.org import bp, services
from intranet.permissions import require
from intranet.web import page_number


@bp.route("/")
@require("org.view")
def tree():
    """One ward's tree (the ward whose congress is being prepared, or the chosen one); at city
    scale, the other wards are a paginated list to choose from."""
    root = services.chosen_ward(request.args.get("ward", type=int))
    page = page_number()
    wards, total = services.ward_page(page, WARDS_PER_PAGE)
    return render("org/tree.html", "org/_wards.html", root=root,
                  rows=services.unit_tree(root) if root else [], wards=wards,
                  total_wards=total, page=page, per_page=WARDS_PER_PAGE,
                  kind_counts=services.kind_counts)


WARDS_PER_PAGE = 50


@bp.route("/<int:unit_id>")
@require("org.view")
def unit(unit_id: int):
    unit = services.get_unit(unit_id)
    query = request.args.get("q", "")[:100]
    page = page_number()
    members, total = services.unit_members(unit, query, page)
    return render("org/unit.html", "org/_members.html", unit=unit, members=members,
                  total=total, page=page, q=query, per_page=50)
