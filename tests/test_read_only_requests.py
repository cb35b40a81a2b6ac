"""On PostgreSQL a request reads in autocommit, on connections that are read-only by default.

The database then refuses any write that does not go through a transaction the engine begins
READ WRITE (the workflow service's write transactions, migrations, the command line); a request
spends no round trip on BEGIN and COMMIT for its reads; and since no request ends with a
ROLLBACK, psycopg keeps its prepared statements from one request to the next (it drops them all
on every ROLLBACK). SQLite is unchanged.
"""

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from intranet import create_app
from intranet.db import write_transaction
from intranet.extensions import db
from intranet.org.models import OrgUnit

postgres_only = pytest.mark.usefixtures("postgres_backend")


@pytest.fixture
def postgres_backend(backend):
    if backend.name != "postgres":
        pytest.skip("PostgreSQL's read-only connections")


def _dbapi_connection():
    return db.session.connection().connection.dbapi_connection


@postgres_only
def test_a_request_reads_outside_any_transaction(app, unit_id):
    from psycopg.pq import TransactionStatus

    with app.test_request_context("/"):
        app.preprocess_request()
        assert db.session.get(OrgUnit, unit_id).name == "Chi bộ 1"
        assert _dbapi_connection().info.transaction_status == TransactionStatus.IDLE


@postgres_only
def test_a_request_cannot_write_outside_the_workflow_service(app, unit_id):
    with app.test_request_context("/"):
        app.preprocess_request()
        with pytest.raises(DBAPIError, match="read-only transaction"):
            db.session.execute(text("UPDATE org_unit SET name = 'behind its back' "
                                    "WHERE id = :id"), {"id": unit_id})
    with app.app_context():
        assert db.session.get(OrgUnit, unit_id).name == "Chi bộ 1"


@postgres_only
def test_a_connection_is_read_only_unless_a_transaction_begins_read_write(app, unit_id):
    with app.app_context():
        raw = db.engine.raw_connection()  # bypasses the engine's BEGIN: as a stray script would
        try:
            raw.driver_connection.autocommit = True
            with pytest.raises(Exception, match="read-only transaction"):
                raw.driver_connection.execute("UPDATE org_unit SET sort_order = 3")
        finally:
            raw.close()


def test_a_write_in_a_request_sees_the_latest_commits(app, backend, unit_id):
    with app.test_request_context("/"):
        app.preprocess_request()
        unit = db.session.get(OrgUnit, unit_id)
        assert unit.name == "Chi bộ 1"  # read by the request
        someone_else = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        with someone_else.begin() as other:  # commits meanwhile
            other.execute(text("UPDATE org_unit SET name = 'Chi bộ Một' WHERE id = :id"),
                          {"id": unit_id})
        someone_else.dispose()
        with write_transaction():
            assert unit.name == "Chi bộ Một"
            unit.sort_order = 5
    with app.app_context():
        assert db.session.get(OrgUnit, unit_id).sort_order == 5


def test_unsaved_changes_of_a_request_are_never_written(app, backend, unit_id):
    with app.test_request_context("/"):
        app.preprocess_request()
        db.session.get(OrgUnit, unit_id).name = "changed by a view, never saved"
        app.do_teardown_request()
        db.session.remove()
    with app.app_context():
        assert db.session.get(OrgUnit, unit_id).name == "Chi bộ 1"


@postgres_only
def test_prepared_statements_outlive_the_request(app_config, unit_id):
    # One connection in the pool, so that the second request reads on the first's.
    app = create_app({**app_config, "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 1,
                                                                  "max_overflow": 0}})
    query = "SELECT name FROM org_unit WHERE id = %(id)s"
    try:
        with app.test_request_context("/"):
            app.preprocess_request()
            for _ in range(6):  # psycopg prepares a statement on its fifth run
                db.session.connection().exec_driver_sql(query, {"id": unit_id}).all()
            app.do_teardown_request()
        with app.test_request_context("/"):
            app.preprocess_request()
            prepared = db.session.scalars(text(
                "SELECT statement FROM pg_prepared_statements")).all()
            assert any("FROM org_unit WHERE id" in s for s in prepared), prepared
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_connection_goes_back_to_the_pool_ready_to_write(app, backend, client, make_user,
                                                           unit_id):
    make_user("reader")
    client.login("reader")
    assert client.get("/").status_code == 200
    with app.app_context():
        with db.engine.begin() as conn:  # the command line, a script
            conn.execute(text("UPDATE org_unit SET sort_order = 9 WHERE id = :id"),
                         {"id": unit_id})
        assert db.session.get(OrgUnit, unit_id).sort_order == 9
