"""The application factory and its configuration layers."""

import stat

import pytest
from sqlalchemy import text

from intranet import create_app
from intranet.extensions import db


def test_factory_uses_its_test_config(app, database_url):
    assert app.testing
    assert app.config["SQLALCHEMY_DATABASE_URI"] == database_url


def test_defaults_come_from_code(app):
    assert app.config["BABEL_DEFAULT_LOCALE"] == "vi"
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None
    assert app.config["MAX_FORM_MEMORY_SIZE"] == 512 * 1024


def _isolated_env(monkeypatch, tmp_path):
    for name in ("INTRANET_DATABASE_URL", "INTRANET_SECRET_KEY", "INTRANET_AUDIT_HMAC_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INTRANET_INSTANCE_PATH", str(tmp_path))


def test_instance_config_then_environment_override_defaults(monkeypatch, tmp_path):
    _isolated_env(monkeypatch, tmp_path)
    (tmp_path / "config.py").write_text("PAGE_SIZE = 20\nSMTP_PORT = 2525\n")
    monkeypatch.setenv("INTRANET_PAGE_SIZE", "30")
    app = create_app()
    assert app.config["PAGE_SIZE"] == 30  # environment beats instance/config.py
    assert app.config["SMTP_PORT"] == 2525  # instance/config.py beats the default


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    _isolated_env(monkeypatch, tmp_path)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'intranet.sqlite'}"


def test_database_url_from_environment(monkeypatch, tmp_path):
    _isolated_env(monkeypatch, tmp_path)
    monkeypatch.setenv("INTRANET_DATABASE_URL", "postgresql+psycopg://u@db.example/x")
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/x"


def test_secret_key_is_generated_once_into_the_instance_folder(monkeypatch, tmp_path):
    _isolated_env(monkeypatch, tmp_path)
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second and len(first) == 64
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert (tmp_path / "audit_hmac_key").read_text().strip() != first


def test_secret_key_from_environment_is_not_written(monkeypatch, tmp_path):
    _isolated_env(monkeypatch, tmp_path)
    monkeypatch.setenv("INTRANET_SECRET_KEY", "from-env")
    assert create_app().config["SECRET_KEY"] == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(app, backend):
    if backend.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with app.app_context():
        conn = db.session.connection()
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_write_transactions_begin_immediate_on_sqlite(app, backend):
    if backend.name != "sqlite":
        pytest.skip("SQLite locking")
    from sqlalchemy import event

    from intranet.db import write_transaction

    seen = []
    with app.app_context():
        engine = db.engine

        def record(conn, cursor, statement, *args):
            seen.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            with write_transaction() as session:
                session.execute(text("SELECT 1"))
        finally:
            event.remove(engine, "before_cursor_execute", record)
    assert "BEGIN IMMEDIATE" in seen



def _statements(engine):
    from sqlalchemy import event

    seen: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *args: seen.append(statement))
    event.listen(engine, "rollback", lambda conn: seen.append("ROLLBACK"))
    return seen


def test_a_write_sees_what_was_committed_after_the_request_read(app, backend, unit_id):
    """SQLite ends the read snapshot; PostgreSQL (READ COMMITTED) goes on in the same
    transaction, without a ROLLBACK, with the loaded objects read again."""
    from intranet.db import write_transaction
    from intranet.org.models import OrgUnit

    with app.app_context():
        unit = db.session.get(OrgUnit, unit_id)
        assert unit.name == "Chi bộ 1"  # the request's read transaction is open
        with db.engine.begin() as other:  # someone else commits meanwhile
            other.execute(text("UPDATE org_unit SET name = 'Chi bộ Một' WHERE id = :id"),
                          {"id": unit_id})
        seen = _statements(db.engine)
        with write_transaction():
            assert unit.name == "Chi bộ Một"
            unit.sort_order = 5
        began_again = "ROLLBACK" in seen and any(s.startswith("BEGIN") for s in seen)
        assert began_again == (backend.name == "sqlite")
    with app.app_context():
        assert db.session.get(OrgUnit, unit_id).sort_order == 5


def test_a_write_never_carries_what_the_request_left_unsaved(app, backend, unit_id):
    from intranet.db import write_transaction
    from intranet.org.models import OrgUnit

    with app.app_context():
        db.session.get(OrgUnit, unit_id).name = "changed by a view"
        db.session.add(OrgUnit(code="U2", name="pending", kind="grassroots_cell"))
        with write_transaction() as session:
            session.execute(text("SELECT 1"))
    with app.app_context():
        assert db.session.get(OrgUnit, unit_id).name == "Chi bộ 1"
        assert db.session.scalar(text("SELECT count(*) FROM org_unit WHERE code = 'U2'")) == 0


def test_a_write_after_a_failed_read_starts_afresh(app, backend, unit_id):
    from sqlalchemy.exc import DBAPIError

    from intranet.db import write_transaction
    from intranet.org.models import OrgUnit

    with app.app_context():
        with pytest.raises(DBAPIError):
            db.session.execute(text("SELECT * FROM no_such_table"))
        with write_transaction():
            db.session.get(OrgUnit, unit_id).sort_order = 7
    with app.app_context():
        assert db.session.get(OrgUnit, unit_id).sort_order == 7


def test_schema_comes_from_migrations(app):
    with app.app_context():
        version = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version


def test_a_read_once_runs_once_per_request_and_again_after_a_write(app):
    from intranet.db import read_once, write_transaction

    calls = []

    @read_once
    def units(kind: str) -> int:
        calls.append(kind)
        return len(calls)

    with app.test_request_context():
        assert units("ward") == units("ward") == 1 and units("cell") == 2
        with write_transaction():
            assert units("ward") == 3 and units("ward") == 4  # a write reads afresh
        assert units("ward") == units("ward") == 5  # and forgets what was read before
    with app.test_request_context():
        assert units("ward") == 6  # another request
    with app.app_context():
        assert units("ward") == 7 and units("ward") == 8  # no request: always read


def test_a_page_and_its_total_come_from_one_statement_unless_the_page_is_empty(app, backend):
    from sqlalchemy import func, select

    from intranet.db import page_and_total, write_transaction
    from intranet.org.models import OrgUnit

    with app.app_context():
        with write_transaction() as session:
            session.add_all(OrgUnit(code=f"P{i}", name=f"Chi bộ {i}", kind="grassroots_cell")
                            for i in range(5))
        def page(n: int, prefix: str = "P", per_page: int = 2):
            units = select(OrgUnit).where(OrgUnit.code.like(f"{prefix}%"))
            count = select(func.count()).select_from(units.subquery())
            rows = db.session.execute(units.add_columns(func.count().over())
                                      .order_by(OrgUnit.code)
                                      .limit(per_page).offset((n - 1) * per_page)).all()
            items, total = page_and_total(rows, n, count)
            return [u.code for u in items], total

        assert page(1) == (["P0", "P1"], 5)
        assert page(3) == (["P4"], 5)
        assert page(9) == ([], 5)  # past the end: counted alone
        assert page(1, prefix="Q") == ([], 0)  # none match: an empty first page, no count
