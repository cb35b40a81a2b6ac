"""Shared set-up for benchmarks: a fresh migrated database on SQLite or PostgreSQL."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from intranet import create_app

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BENCH_CONFIG = {
    "SECRET_KEY": "bench", "AUDIT_HMAC_KEY": "bench-audit-key", "RATELIMIT_ENABLED": False,
    "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8, "ARGON2_PARALLELISM": 1,
}


@contextmanager
def fresh_database(backend: str):
    """Yield the URL of a new, empty, migrated database; drop it afterwards."""
    from flask_migrate import upgrade

    with tempfile.TemporaryDirectory() as folder:
        if backend == "sqlite":
            url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
            admin = None
        else:
            name = f"bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        app = create_app({**BENCH_CONFIG, "DATABASE_URL": url, "INSTANCE_PATH": folder})
        with app.app_context():
            upgrade()
        try:
            yield url, folder
        finally:
            if admin is not None:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()


def bench_app(url: str, folder: str, **config):
    return create_app({**BENCH_CONFIG, "DATABASE_URL": url, "INSTANCE_PATH": folder, **config})


def statement_log(app) -> list[str]:
    """Every SQL statement the app sends from now on, appended to the list returned."""
    from sqlalchemy import event

    with app.app_context():
        engine = app.extensions["sqlalchemy"].engine
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *a: statements.append(statement))
    return statements


def logged_in_client(app, username: str, password: str):
    """A Flask test client with `username` logged in (through the login form, CSRF token
    included), for the in-process benchmarks."""
    import re

    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": username, "password": password,
                                "csrf_token": token})
    return client


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = os.cpu_count()
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{cpu}, {cores} cores, Python {platform.python_version()}, "
            f"SQLite {__import__('sqlite3').sqlite_version}, {pg or 'psql ?'}")


def arguments() -> argparse.Namespace:
    """The options every in-process benchmark takes (bench/run.py passes them)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--quick", action="store_true", help="the smaller sizes only")
    return parser.parse_args()


def write_json(path: str | None, results: list[dict]) -> None:
    if path:
        Path(path).write_text(json.dumps(results, indent=2))
