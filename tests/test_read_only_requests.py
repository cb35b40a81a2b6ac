"""On PostgreSQL a request reads in a READ ONLY transaction and ends it with COMMIT.

The database then refuses any write that does not go through the workflow service's write
transaction, and psycopg keeps its prepared statements from one request to the next (it drops
them all on every ROLLBACK). SQLite is unchanged.
"""

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import DBAPIError

from intranet.db import write_transaction
from intranet.extensions import db
from intranet.org.models import OrgUnit


@pytest.fixture
def unit_id(app):
    with app.app_context(), write_transaction() as session:
        unit = OrgUnit(code="U1", name="Chi bộ 1", kind="grassroots_cell")
        session.add(unit)
        session.flush()
        return unit.id


def _endings(engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "commit", lambda conn: seen.append("COMMIT"))
    event.listen(engine, "rollback", lambda conn: seen.append("ROLLBACK"))
    return seen


def test_a_page_ends_its_read_transaction_with_commit_on_postgresql(app, backend, client,
                                                                     make_user):
    make_user("reader")
    client.login("reader")
    with app.app_context():
        seen = _endings(db.engine)
    assert client.get("/").status_code == 200
    if backend.name == "postgres":
        assert seen == ["COMMIT"]
    else:
        assert "COMMIT" not in seen


def test_a_request_cannot_write_outside_the_workflow_service_on_postgresql(app, backend,
                                                                          unit_id):
    if backend.name != "postgres":
        pytest.skip("PostgreSQL's READ ONLY transactions")
    with app.test_request_context("/"):
        app.preprocess_request()
        with pytest.raises(DBAPIError, match="read-only transaction"):
            db.session.execute(text("UPDATE org_unit SET name = 'behind its back' "
                                    "WHERE id = :id"), {"id": unit_id})
    with app.app_context():
        assert db.session.get(OrgUnit, unit_id).name == "Chi bộ 1"


def test_a_write_in_a_request_begins_afresh_and_sees_the_latest_commits(app, backend, unit_id):
    with app.test_request_context("/"):
        app.preprocess_request()
        unit = db.session.get(OrgUnit, unit_id)
        assert unit.name == "Chi bộ 1"  # the request's read transaction is open
        someone_else = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        with someone_else.begin() as other:  # commits meanwhile
            other.execute(text("UPDATE org_unit SET name = 'Chi bộ Một' WHERE id = :id"),
                          {"id": unit_id})
        someone_else.dispose()
        seen = _endings(db.engine)
        with write_transaction():
            assert unit.name == "Chi bộ Một"
            unit.sort_order = 5
        if backend.name == "postgres":  # the read ended with COMMIT, then the write's
            assert seen == ["COMMIT", "COMMIT"]
    with app.app_context():
        assert db.session.get(OrgUnit, unit_id).sort_order == 5


def test_unsaved_changes_of_a_request_are_rolled_back_not_committed(app, backend, unit_id):
    with app.test_request_context("/"):
        app.preprocess_request()
        db.session.get(OrgUnit, unit_id).name = "changed by a view, never saved"
        seen = _endings(db.engine)
        app.do_teardown_request()
        db.session.remove()
    assert "COMMIT" not in seen
    with app.app_context():
        assert db.session.get(OrgUnit, unit_id).name == "Chi bộ 1"


def test_a_connection_goes_back_to_the_pool_ready_to_write(app, backend, client, make_user,
                                                           unit_id):
    make_user("reader")
    client.login("reader")
    assert client.get("/").status_code == 200
    with app.app_context():
        with db.engine.begin() as conn:  # the CLI, a script: not READ ONLY
            conn.execute(text("UPDATE org_unit SET sort_order = 9 WHERE id = :id"),
                         {"id": unit_id})
        assert db.session.get(OrgUnit, unit_id).sort_order == 9
