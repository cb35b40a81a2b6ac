"""Reference endpoints for the load benchmark (bench/load.py), served by the same app server.

Registered only when BENCH_REFERENCE_ENDPOINTS is true (never in production): a bare "hello",
and a bare page rendering N member rows with plain SQLAlchemy and Jinja — no login, no
permission table, no workflow, no layout — the yardstick the real pages are compared with.
"""

from flask import Blueprint, render_template_string, request
from sqlalchemy import select

from intranet.db import db
from intranet.org.models import Member
from intranet.permissions import require
from intranet.security import parse_id

bp = Blueprint("benchref", __name__, url_prefix="/_bench")

ROWS = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>rows</title></head>
<body><table>{% for m in rows %}<tr><td>{{ m.full_name }}</td><td>{{ m.birth_year }}</td>
<td>{{ m.joined_year }}</td><td>{{ m.gender }}</td></tr>{% endfor %}</table></body></html>"""


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
    return render_template_string(ROWS, rows=members)
