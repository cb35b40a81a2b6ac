"""Load benchmark: gunicorn with 2 workers on SQLite and on PostgreSQL, loaded by wrk from a
second process on loopback with a logged-in session; each page against a bare Flask "hello"
and a bare SQLAlchemy+Jinja page served by the same app server that renders the same number of
rows as the page (counted in the page itself before the run: its table rows, comment cards or
task links).

    .venv/bin/python -m bench.load [--seconds 10] [--connections 8] [--scale 1]

The app runs as in production (rate limits on, Redis storage, one trusted reverse proxy whose
X-Forwarded-For names the client), except that argon2 is made cheap for the log-ins.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

from bench.common import BENCH_CONFIG, fresh_database
from bench.prepare import Prepared, card_scan_bodies, prepare, public_form_bodies

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench demo password"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


HELLO = "bare Flask hello"
FLOOR = "signed-in layout, no content"

@dataclass
class Endpoint:
    name: str
    path: str
    user: str | None = "thuongvu"
    method: str = "GET"
    body: str | None = None
    paths: list[str] = field(default_factory=list)  # cycled per request when given
    reference: bool = False
    bodies: str | None = None  # a file of form bodies, one per request, cycled
    xff: bool = False  # each request from another client address (behind the proxy)
    connections: int | None = None  # fewer than the default, e.g. one per thread
    per_thread_paths: bool = False  # each wrk thread keeps its own items, in order
    htmx: bool = False
    rows: str | None = None  # a page: what one of its rows looks like (a regular expression)
    rendered: int = 0  # how many rows the page rendered (set by count_rows)


TABLE_ROW = r"<tbody[^>]*>|</tbody>|<tr\b"  # rows of the table bodies (see table_rows)


def table_rows(html: str) -> int:
    """Rows inside <tbody> elements (header rows do not count)."""
    inside, count = False, 0
    for match in re.finditer(TABLE_ROW, html):
        token = match.group(0)
        if token.startswith("<tbody"):
            inside = True
        elif token == "</tbody>":
            inside = False
        elif inside:
            count += 1
    return count


def count_rows(base: str, endpoint: Endpoint, session: tuple[str, str] | None) -> int:
    request = urllib.request.Request(base + endpoint.path)
    if session:
        request.add_header("Cookie", session[0])
    with urllib.request.urlopen(request) as response:
        html = response.read().decode()
    if endpoint.rows == "table":
        return table_rows(html)
    return len(re.findall(endpoint.rows, html))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(url: str, folder: str) -> dict[str, str]:
    env = {**os.environ, "INTRANET_DATABASE_URL": url, "INTRANET_INSTANCE_PATH": folder,
           "INTRANET_BENCH_REFERENCE_ENDPOINTS": "true", "INTRANET_REDIS_URL": REDIS_URL,
           "INTRANET_TRUSTED_PROXIES": "1"}
    for key, value in BENCH_CONFIG.items():
        env[f"INTRANET_{key}"] = json.dumps(value) if not isinstance(value, str) else value
    env.pop("INTRANET_RATELIMIT_ENABLED", None)  # rate limits on, as in production…
    # …except the per-link flood cap, which a throughput measurement would hit by design
    # (bench/peaks.py keeps it, as in production).
    env["INTRANET_DOCUMENTS_PUBLIC_RATE_PER_LINK"] = "100000 per minute"
    return env


def flask(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "intranet", *args],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return result.stdout


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2):
    port = free_port()
    log = open(Path(env["INTRANET_INSTANCE_PATH"]) / "gunicorn.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "intranet:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"{base}/_bench/hello", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    try:
        yield base, process
    finally:
        process.terminate()
        process.wait(20)
        log.close()


def log_in(base: str, username: str) -> tuple[str, str]:
    """A session cookie and CSRF token for this user."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/login") as response:
        token = re.search(r'"X-CSRFToken": "([^"]+)"', response.read().decode()).group(1)
    form = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                   "csrf_token": token}).encode()
    with opener.open(f"{base}/login", data=form):
        pass
    with opener.open(f"{base}/") as response:
        token = re.search(r'"X-CSRFToken": "([^"]+)"', response.read().decode()).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, token


def anonymous_session(base: str, path: str) -> tuple[str, str]:
    """The cookie and CSRF token a citizen's browser gets when it opens the public page."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}{path}") as response:
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                          r'"X-CSRFToken": "([^"]+)"', response.read().decode())
    return "; ".join(f"{c.name}={c.value}" for c in jar), next(g for g in token.groups() if g)


def run_wrk(base: str, endpoint: Endpoint, session: tuple[str, str] | None, seconds: int,
            connections: int) -> dict:
    env = {**os.environ, "BENCH_METHOD": endpoint.method}
    if endpoint.body:
        env["BENCH_BODY"] = endpoint.body
    if endpoint.bodies:
        env["BENCH_BODIES"] = endpoint.bodies
    if endpoint.xff:
        env["BENCH_XFF"] = "1"
    if endpoint.htmx:
        env["BENCH_HTMX"] = "1"
    if endpoint.per_thread_paths:
        env["BENCH_THREADS"] = "2"
    connections = endpoint.connections or connections
    if session:
        env["BENCH_COOKIE"], env["BENCH_CSRF"] = session
    if endpoint.paths:
        env["BENCH_PATHS"] = " ".join(endpoint.paths)
    result = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "wrk_report.lua"), base + endpoint.path],
        env=env, capture_output=True, text=True, check=True)
    if "refused:" in result.stderr:
        print("   ", result.stderr.strip()[:600], flush=True)
    line = [x for x in result.stdout.splitlines() if x.startswith("{")][-1]
    data = json.loads(line)
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def rss_mb(process: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker (children of the master), in MB."""
    sizes = []
    for child in Path("/proc").glob("[0-9]*"):
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{process.pid}$", status, re.M):
            kb = int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1))
            sizes.append(kb / 1024)
    return sizes


def endpoints(prepared: Prepared, bodies: str, scans: str) -> list[Endpoint]:
    doc = prepared.document_id
    # wrk thread t takes the paths t, t+2, t+4…: thread 0 approves and reconsiders the first
    # nomination, thread 1 the second.
    transitions = [f"/items/nomination/{n}/actions/{t}"
                   for t in ("approve", "reconsider") for n in prepared.nominations[:2]]
    return [
        Endpoint(HELLO, "/_bench/hello", user=None, reference=True),
        # The floor under every signed-in page: the log-in check and the layout, no content.
        Endpoint(FLOOR, "/_bench/layout", reference=True),
        Endpoint("my tasks", "/", rows=r'class="list-group-item list-group-item-action'),
        Endpoint("document page (1,000 comments)", f"/documents/{doc}", user="vankien",
                 rows=r'<article id="comment-'),
        Endpoint("comment summary report", f"/documents/{doc}/report", user="vankien",
                 rows="table"),
        Endpoint("nomination review queue", "/personnel/review/vetting", user="nhansu",
                 rows="table"),
        Endpoint("audit trail", "/audit/", user="kiemtra", rows="table"),
        Endpoint("organization tree", "/org/", rows="table"),
        Endpoint("public comment POST", f"/gop-y/{prepared.public_token}", user=None,
                 method="POST", bodies=bodies, xff=True),
        # One connection per wrk thread, each with its own nomination: approve, reconsider,
        # approve… every request a real, audited transition (none refused as stale).
        Endpoint("transition POST", "/", method="POST", paths=transitions,
                 body="reason=Xem+x%C3%A9t+l%E1%BA%A1i+theo+%C4%91%E1%BB%81+ngh%E1%BB%8B",
                 connections=2, per_thread_paths=True),
        # The check-in desk's scan field: every card of the roster in turn, so the first round
        # records check-ins and later rounds take the "already checked in" answer.
        Endpoint("check-in POST", f"/congress/checkin/{prepared.session_id}/scan",
                 user="thamtra", method="POST", bodies=scans, htmx=True),
    ]


def run(backend: str, seconds: int, connections: int, scale: int, only: str | None = None
        ) -> dict:
    with fresh_database(backend) as (url, folder):
        env = environment(url, folder)
        started = time.perf_counter()
        flask(env, "seed-demo", "--password", PASSWORD, "--scale", str(scale))
        seed_seconds = time.perf_counter() - started
        prepared = prepare(url, folder)
        bodies = str(Path(folder) / "public-forms.txt")
        public_form_bodies(url, folder, 20_000, bodies)
        scans = str(Path(folder) / "scans.txt")
        card_scan_bodies(url, folder, prepared.session_id, scans)
        rows = []
        with gunicorn(env) as (base, process):
            sessions: dict[str, tuple[str, str]] = {}
            chosen = [e for e in endpoints(prepared, bodies, scans)
                      if not only or only in e.name or e.reference]
            for endpoint in chosen:
                if endpoint.user:
                    sessions.setdefault(endpoint.user, log_in(base, endpoint.user))
                if endpoint.rows:
                    endpoint.rendered = count_rows(base, endpoint, sessions.get(endpoint.user))
            # One bare page per row count, run first: the yardsticks.
            sizes = sorted({e.rendered for e in chosen if e.rows})
            references = [Endpoint(f"bare rows page ({n:,} rows)", f"/_bench/rows?n={n}",
                                   user=None, reference=True, rendered=n) for n in sizes]
            for endpoint in [*chosen[:1], *references, *chosen[1:]]:
                session = None
                if endpoint.user:
                    session = sessions[endpoint.user]
                elif endpoint.method == "POST":
                    session = anonymous_session(base, endpoint.path)
                if not endpoint.per_thread_paths:  # (a warm-up would end mid-cycle)
                    run_wrk(base, endpoint, session, 2, connections)  # warm-up
                result = run_wrk(base, endpoint, session, seconds, connections)
                rows.append({"endpoint": endpoint.name, "reference": endpoint.reference,
                             "page": bool(endpoint.rows), "rendered_rows": endpoint.rendered,
                             **result})
                print(f"  {backend:8} {endpoint.name:32} {result['rps']:8.0f} req/s  "
                      f"p50 {result['p50_us'] / 1000:6.1f} ms  p95 {result['p95_us'] / 1000:6.1f}"
                      f"  p99 {result['p99_us'] / 1000:6.1f} ms  errors {result['errors']}",
                      flush=True)
            memory = rss_mb(process)
        bare = {r["rendered_rows"]: r["rps"] for r in rows
                if r["reference"] and r["endpoint"].startswith("bare rows")}
        for row in rows:  # a page against the bare page with its number of rows
            row["ratio_to_bare_page"] = (row["rps"] / bare[row["rendered_rows"]]
                                         if row["page"] else None)
        return {"backend": backend, "scale": scale, "seed_seconds": seed_seconds,
                "rows": rows, "worker_rss_mb": memory}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--only", help="run only the endpoints whose name contains this")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk")
    results = [run(b, args.seconds, args.connections, args.scale, args.only)
               for b in args.backends.split(",")]
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    name = f"load-scale{args.scale}" + ("-only" if args.only else "")
    (out / f"{name}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
