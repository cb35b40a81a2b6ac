"""Time `audit verify` on 100,000 and 1,000,000 entries, on SQLite and PostgreSQL."""

from __future__ import annotations

import time

from bench.common import arguments, bench_app, fresh_database, write_json
from intranet.audit.bulk import append_many
from intranet.audit.verify import verify
from intranet.db import db, write_transaction

SIZES = (100_000, 1_000_000)


def entries(n: int):
    actions = ("login", "circulate", "comment", "dispose", "vet", "approve", "view", "export")
    for i in range(n):
        yield {"entity_type": "bench", "entity_id": i // 10, "action": actions[i % 8],
               "actor_id": i % 50, "actor_name": f"user{i % 50}", "role": "clerk",
               "reason": "Bổ sung theo ý kiến" if i % 7 == 0 else None,
               "payload": {"n": i, "note": "đã xử lý"}}


def run(backend: str, n: int) -> dict:
    with fresh_database(backend) as (url, folder):
        app = bench_app(url, folder)
        with app.app_context():
            started = time.perf_counter()
            with write_transaction():
                append_many(entries(n))
            load_seconds = time.perf_counter() - started
            db.session.remove()
            started = time.perf_counter()
            report = verify()
            verify_seconds = time.perf_counter() - started
            assert report.ok and report.entries == n, report.findings
            db.engine.dispose()
    return {"backend": backend, "entries": n, "verify_s": verify_seconds,
            "per_s": n / verify_seconds, "load_s": load_seconds}


def main() -> list[dict]:
    args = arguments()
    sizes = SIZES[:1] if args.quick else SIZES
    results = [run(backend, n) for n in sizes for backend in ("sqlite", "postgres")]
    for r in results:
        print(f"{r['backend']:9} verify {r['entries']:>9,} entries: {r['verify_s']:.1f} s "
              f"({r['per_s']:,.0f}/s; loading them took {r['load_s']:.1f} s)")
    write_json(args.json, results)
    return results


if __name__ == "__main__":
    main()
