"""Transitions per second through apply_transition (with its audit entry), side by side with
a baseline of the same number of bare UPDATE + INSERT transactions, on SQLite and PostgreSQL."""

from __future__ import annotations

import time

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, insert, text, update

from bench.common import arguments, bench_app, fresh_database, write_json
from intranet.auth.models import User
from intranet.db import WRITE_OPTION, db, write_transaction
from intranet.workflow_service import apply_transition, register, start_item
from tests.support.sample_item import BINDING, SampleBase, SampleItem

baseline_meta = MetaData()
baseline_items = Table("bench_item", baseline_meta, Column("id", Integer, primary_key=True),
                       Column("state", String(40)), Column("version", Integer))
baseline_log = Table("bench_log", baseline_meta, Column("id", Integer, primary_key=True),
                     Column("item_id", Integer), Column("action", String(60)),
                     Column("from_state", String(40)), Column("to_state", String(40)),
                     Column("payload", Text))


def run(backend: str, n: int = 1000) -> dict:
    with fresh_database(backend) as (url, folder):
        app = bench_app(url, folder)
        register(BINDING)
        with app.app_context():
            SampleBase.metadata.create_all(db.engine)
            baseline_meta.create_all(db.engine)
            from intranet.admin.services import create_user, grant_role

            clerk = create_user(None, username="vanthu", display_name="Văn thư",
                                password="bench password 1")
            grant_role(None, clerk.id, "clerk", None)
            clerk_id = clerk.id
            with write_transaction():
                clerk = db.session.get(User, clerk_id)
                items = [SampleItem(title=f"Đề nghị {i}", author_id=None) for i in range(n)]
                for item in items:
                    start_item(item, clerk)
                ids = [item.id for item in items]
            with db.engine.begin() as conn:
                conn.execute(insert(baseline_items), [{"id": i, "state": "draft", "version": 1}
                                                      for i in ids])

            # Paired: each item moves once through the service and once bare, alternately,
            # so that whatever else the machine does weighs on both sides alike.
            service_seconds = baseline_seconds = 0.0
            for item_id in ids:
                # As in a request (its hooks run: on PostgreSQL it reads in autocommit): the
                # user, with the roles the route's permission check read, and the item are
                # loaded; then the service runs.
                with app.test_request_context("/"):
                    app.preprocess_request()
                    clerk = db.session.get(User, clerk_id)
                    assert clerk.role_assignments
                    item = db.session.get(SampleItem, item_id)
                    started = time.perf_counter()
                    apply_transition(item, "submit", clerk)
                    service_seconds += time.perf_counter() - started
                    db.session.remove()
                started = time.perf_counter()
                with db.engine.connect() as conn:
                    conn = conn.execution_options(**{WRITE_OPTION: True})
                    with conn.begin():
                        conn.execute(update(baseline_items).where(
                            baseline_items.c.id == item_id, baseline_items.c.state == "draft",
                            baseline_items.c.version == 1).values(
                            state="submitted", version=baseline_items.c.version + 1))
                        conn.execute(insert(baseline_log).values(
                            item_id=item_id, action="submit", from_state="draft",
                            to_state="submitted", payload="{}"))
                baseline_seconds += time.perf_counter() - started
            assert db.session.execute(text(
                "SELECT count(*) FROM sample_item WHERE state = 'submitted'")).scalar() == n
            db.engine.dispose()
    service_rate, baseline_rate = n / service_seconds, n / baseline_seconds
    return {"backend": backend, "transitions": n, "service_per_s": service_rate,
            "baseline_per_s": baseline_rate, "ratio": service_rate / baseline_rate}


def main() -> list[dict]:
    args = arguments()
    results = [run("sqlite"), run("postgres")]
    for r in results:
        print(f"{r['backend']:9} {r['transitions']} transitions: service "
              f"{r['service_per_s']:.0f}/s, bare UPDATE+INSERT {r['baseline_per_s']:.0f}/s, "
              f"ratio {r['ratio']:.0%}")
    write_json(args.json, results)
    return results


if __name__ == "__main__":
    main()
