"""The load benchmark's pages timed in-process, each beside the bare page of its row count.

    .venv/bin/python -m bench.pages [--backend sqlite|postgres] [--n 60] [--only report]

A quick loop for working on a page (a minute, not the load run's half hour): the Flask test
client, no HTTP server and no load generator, so every figure is the application's own time.
Each page is requested `--n` times and the minimum is kept (the machine is shared: the minimum
is the figure least disturbed by other work); statements are counted on one request. The ratio
is the bare page's time over the page's, the in-process counterpart of the load benchmark's
"share of the bare page" (which also includes the server's and the client's fixed costs, so it
is kinder to the slower pages than this one).

First the floor: a bare "hello" and the intranet's layout with no content, anonymous and signed
in. `ceiling` is the most a page's ratio could be if its own work (its rows' statement and
template) cost no more than the bare page's: the bare page's time over the signed-in floor plus
that work.
"""

from __future__ import annotations

import argparse
import re
import time

from bench.common import bench_app, fresh_database, logged_in_client, statement_log
from bench.load import HELLO, PASSWORD, endpoints, flask, table_rows
from bench.load import environment as load_environment
from bench.prepare import prepare
from bench.run import ceiling


def rows_in(html: str, pattern: str) -> int:
    return table_rows(html) if pattern == "table" else len(re.findall(pattern, html))


def fastest(client, path: str, n: int) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", default="sqlite")
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--only", help="only the pages whose name contains this")
    args = parser.parse_args()
    with fresh_database(args.backend) as (url, folder):
        flask(load_environment(url, folder), "seed-demo", "--password", PASSWORD)
        prepared = prepare(url, folder)
        app = bench_app(url, folder, BENCH_REFERENCE_ENDPOINTS=True)
        statements = statement_log(app)
        anonymous = app.test_client()
        clients: dict[str, object] = {}
        # The floor: what a request costs before any page's own work, anonymous and signed in.
        signed_in = clients.setdefault("thuongvu", logged_in_client(app, "thuongvu", PASSWORD))
        floor = {}
        for name, client, path in [(HELLO, anonymous, "/_bench/hello"),
                                   ("hello, signed in", signed_in, "/_bench/hello"),
                                   ("layout, no content", anonymous, "/_bench/layout"),
                                   ("layout, no content, signed in", signed_in,
                                    "/_bench/layout")]:
            floor[name] = fastest(client, path, args.n)
            print(f"{name:34} {'':5} {floor[name]:7.2f}", flush=True)
        print(f"{'page':34} {'rows':>5} {'ms':>7} {'stmts':>5} {'bare ms':>8} {'ratio':>6} "
              f"{'ceiling':>7}")
        for page in endpoints(prepared, "", ""):
            if not page.rows or (args.only and args.only not in page.name):
                continue
            client = clients.setdefault(page.user, logged_in_client(app, page.user, PASSWORD))
            html = client.get(page.path).get_data(as_text=True)
            rows = rows_in(html, page.rows)
            statements.clear()
            client.get(page.path)
            count = len(statements)
            page_ms = fastest(client, page.path, args.n)
            bare_ms = fastest(anonymous, f"/_bench/rows?n={rows}", args.n)
            most = ceiling(bare_ms, floor["layout, no content, signed in"],
                           floor[HELLO])
            print(f"{page.name:34} {rows:5} {page_ms:7.2f} {count:5} {bare_ms:8.2f} "
                  f"{bare_ms / page_ms:6.0%} {most:7.0%}", flush=True)
        with app.app_context():
            app.extensions["sqlalchemy"].engine.dispose()


if __name__ == "__main__":
    main()
