"""The congress morning: check-ins at four desks, each scanning delegate cards (the desk field
a hand scanner types into), spread over the given minutes; then the check-ins are counted.

The demo roster has fewer than 250 delegates (docs/performance.md says why), so the 250 scans
are every delegate not yet checked in to the preparatory session, then the official one, until
250: each scan is a first check-in and must be recorded exactly once.
"""

from __future__ import annotations

import http.client
import threading
import urllib.parse
from collections import Counter

from sqlalchemy import func, select

from bench.common import bench_app
from bench.load import gunicorn, log_in

DESKS = 4
DESK_USER = "thamtra"  # Credentials Committee: may check delegates in


def scans(url: str, folder: str, count: int) -> list[tuple[int, str]]:
    """(session id, card token) for `count` first check-ins."""
    from intranet.congress import services
    from intranet.congress.models import CheckIn, Delegate
    from intranet.db import db

    app = bench_app(url, folder)
    planned: list[tuple[int, str]] = []
    with app.app_context(), app.test_request_context():
        congress = services.current_congress()
        for session in services.sessions(congress):
            done = set(db.session.scalars(select(CheckIn.delegate_id).where(
                CheckIn.session_id == session.id)))
            for delegate in db.session.scalars(select(Delegate).where(
                    Delegate.congress_id == congress.id, Delegate.left_reason.is_(None))
                    .order_by(Delegate.number)):
                if delegate.id not in done and len(planned) < count:
                    planned.append((session.id, services.card_token(delegate)))
        db.engine.dispose()
    return planned


def count_check_ins(url: str, folder: str) -> tuple[int, int]:
    from intranet.congress.models import CheckIn
    from intranet.db import db

    app = bench_app(url, folder)
    with app.app_context():
        total = db.session.scalar(select(func.count(CheckIn.id)))
        distinct = db.session.scalar(select(func.count()).select_from(
            select(CheckIn.session_id, CheckIn.delegate_id).distinct().subquery()))
        db.engine.dispose()
    return total, distinct


def run(url: str, folder: str, env: dict, count: int, minutes: float, replay) -> dict:
    planned = scans(url, folder, count)
    before, _ = count_check_ins(url, folder)
    with gunicorn(env) as (base, _process):
        port = int(base.rsplit(":", 1)[1])
        desks = [log_in(base, DESK_USER) for _ in range(DESKS)]

        def scan(n: int, outcomes: Counter, lock: threading.Lock) -> None:
            session_id, token = planned[n]
            cookie, csrf = desks[n % DESKS]
            connection = http.client.HTTPConnection(
                "127.0.0.1", port, timeout=30, source_address=(f"127.9.0.{n % DESKS + 1}", 0))
            try:
                connection.request(
                    "POST", f"/congress/checkin/{session_id}/scan",
                    body=urllib.parse.urlencode({"code": token}),
                    headers={"Cookie": cookie, "X-CSRFToken": csrf, "HX-Request": "true",
                             "Content-Type": "application/x-www-form-urlencoded"})
                response = connection.getresponse()
                response.read()
                key = f"POST {response.status}"
                if response.status == 200 and "checked-in" not in (
                        response.headers.get("HX-Trigger") or ""):
                    key += " (already)"  # a first check-in triggers checked-in
            except OSError as exc:
                key = f"network {type(exc).__name__}"
            finally:
                connection.close()
            with lock:
                outcomes[key] += 1

        outcomes, seconds = replay(len(planned), minutes, scan, workers=DESKS * 4)
    after, distinct = count_check_ins(url, folder)
    recorded = after - before
    result = {"sent": len(planned), "minutes": round(seconds / 60, 1),
              "outcomes": dict(outcomes), "recorded": recorded,
              "lost": len(planned) - recorded, "duplicated": after - distinct}
    print(result, flush=True)
    return result
