"""Fixtures: an application on a fresh database per test, built from migrated templates.

Every database test runs on SQLite, and also on PostgreSQL when INTRANET_TEST_POSTGRES_URL is
set (CI sets it). Templates are migrated (and seeded, for the demo) once per session; each test
gets a copy: a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import uuid
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from intranet import create_app

DEMO_PASSWORD = "demo-pass-2025"
POSTGRES_URL = os.environ.get("INTRANET_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def base_config(**overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "AUDIT_HMAC_KEY": "test-audit-hmac-key",
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8,
        "ARGON2_PARALLELISM": 1,
        "RATELIMIT_ENABLED": False,
    }
    config.update(overrides)
    return config


class CSRFClient(FlaskClient):
    """A test client that sends the CSRF header on unsafe methods, like the pages do.

    Pass csrf=False to send a request without it.
    """

    def open(self, *args, csrf: bool = True, htmx: bool = False, **kwargs):
        method = (kwargs.get("method") or "GET").upper()
        headers = dict(kwargs.pop("headers", None) or {})
        if htmx:
            headers.setdefault("HX-Request", "true")
        if csrf and method not in ("GET", "HEAD", "OPTIONS"):
            base_url = kwargs.get("base_url")
            headers.setdefault("X-CSRFToken",
                               self.csrf_token(**({"base_url": base_url} if base_url else {})))
            if base_url and base_url.startswith("https:"):
                headers.setdefault("Referer", f"{base_url}/")  # Flask-WTF checks it over TLS
        kwargs["headers"] = headers
        return super().open(*args, **kwargs)

    def csrf_token(self, **kwargs) -> str:
        app = self.application
        with self.session_transaction(**kwargs) as session:
            raw = session.setdefault("csrf_token", uuid.uuid4().hex)
        return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)

    def login(self, username: str, password: str = DEMO_PASSWORD, **kwargs):
        """Log in; for an account with a second factor, enter the current code as well."""
        response = self.post("/login", data={"username": username, "password": password},
                             **kwargs)
        assert response.status_code == 302, f"login of {username} failed: {response.status}"
        if response.headers["Location"].startswith("/login/verify"):
            code = next_totp_code(self.application, username)
            response = self.post("/login/verify", data={"code": code}, **kwargs)
            assert response.status_code == 302, f"second step of {username}: {response.status}"
            assert not response.headers["Location"].startswith("/login")
        return response

    def logout(self):
        return self.post("/logout")


# -- database templates ------------------------------------------------------------------------

_counter = itertools.count()


class Backend:
    name: str

    def template(self, kind: str) -> str: ...
    def fresh(self, kind: str) -> str: ...
    def drop(self, url: str) -> None: ...
    def close(self) -> None: ...


# Database kinds a test can ask for: empty (default), demo (`@pytest.mark.demo`), and city
# (`@pytest.mark.city`: the demo plus two bulk wards of `seed-demo --scale 3`).
SEED_ARGS = {"empty": None, "demo": [], "city": ["--scale", "3"]}


def _migrate(url: str, tmp: Path, kind: str) -> None:
    from flask_migrate import upgrade

    app = create_app(base_config(DATABASE_URL=url, INSTANCE_PATH=str(tmp)))
    with app.app_context():
        upgrade()
        if SEED_ARGS[kind] is not None:
            runner = app.test_cli_runner()
            result = runner.invoke(args=["seed-demo", "--password", DEMO_PASSWORD,
                                         *SEED_ARGS[kind]])
            assert result.exit_code == 0, result.output
        from intranet.extensions import db

        db.engine.dispose()


class SQLiteBackend(Backend):
    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.templates: dict[str, Path] = {}

    def template(self, kind: str) -> Path:
        if kind not in self.templates:
            path = self.folder / f"template-{kind}.sqlite"
            _migrate(f"sqlite:///{path}", self.folder, kind)
            self.templates[kind] = path
        return self.templates[kind]

    def fresh(self, kind: str) -> str:
        path = self.folder / f"test-{next(_counter)}.sqlite"
        shutil.copyfile(self.template(kind), path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        path = Path(make_url(url).database)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


class PostgresBackend(Backend):
    name = "postgres"

    def __init__(self, url: str, folder: Path) -> None:
        self.url = make_url(url)
        self.folder = folder
        self.prefix = f"intranet_t{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.templates: dict[str, str] = {}

    def _url(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def template(self, kind: str) -> str:
        if kind not in self.templates:
            name = f"{self.prefix}_tpl_{kind}"
            with self.admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            _migrate(self._url(name), self.folder, kind)
            self.templates[kind] = name
        return self.templates[kind]

    def fresh(self, kind: str) -> str:
        template = self.template(kind)
        name = f"{self.prefix}_{next(_counter)}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        return self._url(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        for name in self.templates.values():
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def backends(tmp_path_factory):
    made: dict[str, Backend] = {}

    def get(name: str) -> Backend:
        if name not in made:
            folder = tmp_path_factory.mktemp(name)
            if name == "postgres":
                if not POSTGRES_URL:
                    pytest.skip("PostgreSQL tests need INTRANET_TEST_POSTGRES_URL "
                                "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)")
                made[name] = PostgresBackend(POSTGRES_URL, folder)
            else:
                made[name] = SQLiteBackend(folder)
        return made[name]

    yield get
    for backend in made.values():
        backend.close()


@pytest.fixture(params=BACKENDS)
def backend(request, backends) -> Backend:
    return backends(request.param)


@pytest.fixture
def database_url(request, backend, tmp_path):
    kind = next((k for k in ("city", "demo") if request.node.get_closest_marker(k)), "empty")
    url = backend.fresh(kind)
    yield url
    backend.drop(url)


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """Override in a test module to change settings (keep DATABASE_URL)."""
    return base_config(DATABASE_URL=database_url, INSTANCE_PATH=str(tmp_path))


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    app.test_client_class = CSRFClient
    yield app
    from intranet.extensions import db

    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app) -> CSRFClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# -- factories ---------------------------------------------------------------------------------


@pytest.fixture
def unit_id(app):
    """One organization, "Chi bộ 1" (code U1): for tests of reads and writes around it."""
    from intranet.db import write_transaction
    from intranet.org.models import OrgUnit

    with app.app_context(), write_transaction() as session:
        unit = OrgUnit(code="U1", name="Chi bộ 1", kind="grassroots_cell")
        session.add(unit)
        session.flush()
        return unit.id


@pytest.fixture
def make_user(app):
    """make_user("name", roles=[Role.X], unit=<org unit id for a scoped role>) -> User id.

    Administrators get a second factor (they cannot do anything without one); `totp=True` or
    `False` decides for any user. `client.login` enters the code.
    """
    from intranet.admin.services import create_user, grant_role
    from workflows.roles import Role

    def make(username: str | None = None, *, roles=(), unit: int | None = None,
             password: str = DEMO_PASSWORD, display_name: str | None = None,
             totp: bool | None = None):
        username = username or f"user{next(_counter)}"
        with app.app_context():
            user = create_user(None, username=username, display_name=display_name or
                               username.title(), password=password)
            for role in roles:
                grant_role(None, user.id, role, unit)
            user_id = user.id
        if totp or (totp is None and Role.ADMIN in roles):
            enable_totp(app, user_id)
        return user_id

    return make


def enable_totp(app, user_id: int) -> str:
    """Give an account a second factor directly (the enrolment pages have their own tests)."""
    import pyotp

    from intranet.auth.models import User
    from intranet.db import utcnow, write_transaction
    from intranet.extensions import db

    secret = pyotp.random_base32()
    with app.app_context(), write_transaction():
        user = db.session.get(User, user_id)
        user.totp_secret, user.totp_enabled_at = secret, utcnow()
    return secret


def next_totp_code(app, username: str) -> str:
    """A code the server will accept now: newer than the last one used (codes are single-use)."""
    import time

    from sqlalchemy import select

    from intranet.auth.models import User
    from intranet.extensions import db
    from intranet.mfa import totp

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        secret, last = user.totp_secret, user.totp_last_step
    step = totp.current_step() if last is None else max(totp.current_step(), last + 1)
    while step > totp.current_step() + totp.DRIFT_STEPS:
        time.sleep(1)  # more logins this half-minute than the drift window allows
    return totp.code_at(secret, step)


def csrf_from(html: str) -> str | None:
    match = re.search(r'"X-CSRFToken": "([^"]+)"', html)
    return match.group(1) if match else None


@pytest.fixture
def count_queries(app):
    """with count_queries() as queries: ...; len(queries) is the number of SQL statements."""
    from contextlib import contextmanager

    from sqlalchemy import event

    from intranet.extensions import db

    @contextmanager
    def counting():
        statements: list[str] = []

        def record(conn, cursor, statement, *args):
            if not statement.startswith(("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE")):
                statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting
