"""Peaks: the ward's two bursts, replayed against gunicorn (2 workers) configured as in
production (rate limits on, Redis storage, no trusted proxy: the client address is the
connection's), each client from its own loopback address (127.x.y.z).

- 5,000 public comments over 10 minutes (a QR code in the local paper): each citizen opens the
  page, reads and writes for a few seconds, sends the form;
- 250 delegate check-ins over 5 minutes (the congress morning), when the congress area is
  installed (`intranet.congress`).

Then the database is counted: every accepted comment and check-in is there exactly once.

    .venv/bin/python -m bench.peaks [--backend postgres] [--compress 1]

`--compress 10` replays the same arrivals ten times faster (a quick check, not the figure).
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import func, select

from bench.common import bench_app, fresh_database, machine
from bench.load import PASSWORD, ROOT, environment, flask, gunicorn
from bench.prepare import prepare

COMMENTS, COMMENT_MINUTES = 5000, 10
CHECKINS, CHECKIN_MINUTES = 250, 5
READING_SECONDS = 4  # between opening the page and sending it (the form wants at least 3)


def client_address(n: int) -> str:
    """The n-th citizen's own address in 127.0.0.0/8 (all of it is loopback on Linux)."""
    return f"127.{1 + n // 62500}.{(n // 250) % 250}.{n % 250 + 1}"


class Citizen:
    def __init__(self, port: int, address: str) -> None:
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30,
                                                source_address=(self.address, 0))
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()


def one_comment(port: int, path: str, n: int, outcomes: Counter, lock: threading.Lock) -> None:
    citizen = Citizen(port, client_address(n))
    status, page = citizen.request("GET", path)
    if status != 200:
        with lock:
            outcomes[f"GET {status}"] += 1
        return
    fields = dict(re.findall(r'name="(csrf_token|form_token)" type="hidden" value="([^"]+)"',
                             page))
    time.sleep(READING_SECONDS)
    body = urllib.parse.urlencode({
        **fields, "section_id": "", "author_name": "", "area": f"Tổ dân phố {n % 97 + 1}",
        "website": "", "text": f"Góp ý số {n + 1}: đề nghị bổ sung giải pháp cụ thể cho "
                               "chỉnh trang đô thị ở tổ dân phố."})
    for attempt in range(3):  # a phone on a bad network resends the same form
        try:
            status, _ = citizen.request("POST", path, body)
            break
        except OSError:
            status = "network"
            time.sleep(1 + attempt)
    with lock:
        outcomes[f"POST {status}"] += 1


def replay(count: int, minutes: float, job, workers: int = 96) -> tuple[Counter, float]:
    """Start `count` jobs at random moments spread over `minutes` (a Poisson-like arrival)."""
    # Arrival times must be reproducible: a seeded generator is the point.
    rng = random.Random(count)  # nosec B311
    starts = sorted(rng.uniform(0, minutes * 60) for _ in range(count))
    outcomes: Counter = Counter()
    lock = threading.Lock()
    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for n, at in enumerate(starts):
            delay = began + at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(job, n, outcomes, lock)
    return outcomes, time.monotonic() - began


def count_public_comments(url: str, folder: str, document_id: int) -> tuple[int, int]:
    from intranet.db import db
    from intranet.documents.models import Channel, Comment

    app = bench_app(url, folder)
    with app.app_context():
        where = (Comment.document_id == document_id, Comment.channel == Channel.PUBLIC_QR,
                 Comment.text.like("Góp ý số %"))
        total = db.session.scalar(select(func.count(Comment.id)).where(*where))
        distinct = db.session.scalar(select(func.count(func.distinct(Comment.text)))
                                     .where(*where))
        db.engine.dispose()
    return total, distinct


def run(backend: str, compress: float) -> dict:
    result: dict = {"backend": backend, "machine": machine(), "compress": compress}
    with fresh_database(backend) as (url, folder):
        env = environment(url, folder)
        env.pop("INTRANET_TRUSTED_PROXIES")  # the connection's address is the client's
        env.pop("INTRANET_DOCUMENTS_PUBLIC_RATE_PER_LINK")  # the production flood cap
        flask(env, "seed-demo", "--password", PASSWORD)
        prepared = prepare(url, folder)
        path = f"/gop-y/{prepared.public_token}"
        with gunicorn(env) as (base, _process):
            port = int(base.rsplit(":", 1)[1])
            outcomes, seconds = replay(
                COMMENTS, COMMENT_MINUTES / compress,
                lambda n, out, lock: one_comment(port, path, n, out, lock))
        stored, distinct = count_public_comments(url, folder, prepared.document_id)
        result["public_comments"] = {
            "sent": COMMENTS, "minutes": round(seconds / 60, 1), "outcomes": dict(outcomes),
            "stored": stored, "distinct_texts": distinct,
            "lost": COMMENTS - distinct, "duplicated": stored - distinct}
        print(json.dumps(result["public_comments"], ensure_ascii=False), flush=True)
        result["checkins"] = checkin_peak(url, folder, env, compress)
    return result


def checkin_peak(url: str, folder: str, env: dict, compress: float) -> dict | None:
    """250 check-ins over 5 minutes: filled in when the congress area is installed."""
    try:
        from bench import peaks_congress
    except ImportError:
        return None
    return peaks_congress.run(url, folder, env, CHECKINS, CHECKIN_MINUTES / compress, replay)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--compress", type=float, default=1.0)
    args = parser.parse_args()
    results = [run(b, args.compress) for b in args.backends.split(",")]
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    name = "peaks.json" if args.compress == 1 else f"peaks-x{args.compress:g}.json"
    Path(out / name).write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
