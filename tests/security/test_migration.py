"""Migrations go down to 0001 and up again on SQLite and PostgreSQL (0002 adds the second
factor), keep the accounts and their roles, and leave the schema equal to the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from intranet import create_app
from intranet.auth.models import RoleAssignment
from intranet.extensions import db

from ..conftest import base_config


def test_0002_is_reversible_and_matches_the_models(blank_database_url, tmp_path):
    app = create_app(base_config(DATABASE_URL=blank_database_url, INSTANCE_PATH=str(tmp_path)))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert compare_metadata(context, db.metadata) == []
        runner = app.test_cli_runner()
        result = runner.invoke(args=["create-user", "--username", "quantri", "--display-name",
                                     "Quản trị", "--password", "mot mat khau dai"])
        assert result.exit_code == 0, result.output
        db.session.remove()  # an open read would block ALTER TABLE on PostgreSQL
        downgrade(revision="0001")
        columns = {c["name"] for c in inspect(db.engine).get_columns("user_account")}
        assert "totp_secret" not in columns
        assert "recovery_code" not in inspect(db.engine).get_table_names()
        assert db.session.scalars(select(RoleAssignment.role)).all() == ["admin"]
        db.session.remove()
        upgrade()
        assert "recovery_code" in inspect(db.engine).get_table_names()
        db.session.remove()
        db.engine.dispose()
