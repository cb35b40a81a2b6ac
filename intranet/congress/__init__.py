"""Congress days: sessions and programme, delegate cards and check-in, attendance, votes, the
credentials report, the subordinate congresses tracker, the steering dashboard, documents by
QR."""

from flask import Blueprint

bp = Blueprint("congress", __name__, url_prefix="/congress")

from intranet.congress import dashboard, views, views_reports, workflow  # noqa: E402,F401
