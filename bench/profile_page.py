"""Profile one page in-process: where a request's time goes, and how many SQL statements.

    .venv/bin/python -m bench.profile_page /documents/{doc}/report --user vankien [--n 20]

`{doc}` is the benchmark's 1,000-comment document (bench/prepare.py). Prints the mean time per
request, the statements per request and cProfile's top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time

from bench.common import bench_app, fresh_database, logged_in_client, statement_log
from bench.load import PASSWORD, flask
from bench.load import environment as load_environment
from bench.prepare import prepare


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--user", default="thuongvu")
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--backend", default="sqlite")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--database-url", help="an existing database (e.g. seeded with "
                        "seed-demo --scale 100) instead of a fresh demo; a scratch copy: the "
                        "log-ins are audited with the bench's key")
    parser.add_argument("--password", default=PASSWORD)
    args = parser.parse_args()
    if args.database_url:
        with tempfile.TemporaryDirectory() as folder:
            profile(args, bench_app(args.database_url, folder), args.path)
        return
    with fresh_database(args.backend) as (url, folder):
        flask(load_environment(url, folder), "seed-demo", "--password", PASSWORD)
        prepared = prepare(url, folder)
        profile(args, bench_app(url, folder), args.path.format(doc=prepared.document_id))


def profile(args, app, path: str) -> None:
    client = logged_in_client(app, args.user, args.password)
    assert client.get(path).status_code == 200, path
    statements = statement_log(app)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(args.n):
        client.get(path)
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"{path}: {elapsed / args.n * 1000:.1f} ms per request, "
          f"{len(statements) / args.n:.0f} statements per request")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
    with app.app_context():
        app.extensions["sqlalchemy"].engine.dispose()


if __name__ == "__main__":
    main()
