"""Reference endpoints for the load benchmark (bench/load.py), served by the same app server.

Registered only when BENCH_REFERENCE_ENDPOINTS is true (never in production): a bare "hello",
and a bare page rendering N member rows with plain SQLAlchemy and Jinja — no login, no
permission table, no workflow, no layout — the yardstick the real pages are compared with.

And the floor under every real page: the intranet's layout with no content. Asked for with a
signed-in session, it costs what each signed-in page pays before its own work (the log-in
check, the menu and its counters, the account menu, the CSRF token); the benchmarks report it
beside the pages, so a page's share of the bare page can be read against the most it could be.
"""

from flask import Blueprint, render_template, request
from sqlalchemy import select

from intranet.db import db
from intranet.org.models import Member
from intranet.permissions import require
from intranet.security import parse_id

bp = Blueprint("benchref", __name__, url_prefix="/_bench")

# The bare page's template is a file, compiled once and cached like any page's: compiling it
# on every request (render_template_string) would add about 1 ms to the yardstick.
ROWS = "benchref/rows.html"
LAYOUT = "benchref/layout.html"


@bp.route("/hello")
@require("public")
def hello():
    return "hello"


@bp.route("/rows")
@require("public")
def rows():
    raw = request.args.get("n", "50")
    n = min(parse_id(raw) or 50, 5000)
    members = db.session.scalars(select(Member).order_by(Member.id).limit(n)).all()
    return render_template(ROWS, rows=members)


@bp.route("/layout")
@require("public")
def layout():
    return render_template(LAYOUT)
