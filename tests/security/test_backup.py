"""Backups: `backup create` while a thread keeps writing audited changes through the services,
`backup restore` into a fresh database, and `audit verify` on the restored copy; on SQLite
(backup API) and PostgreSQL (pg_dump/pg_restore)."""

import shutil
import stat
import threading

import pytest
from sqlalchemy import func, select

from intranet import create_app
from intranet.audit.models import AuditEntry
from intranet.extensions import db
from workflows.roles import Role

from ..conftest import base_config


@pytest.fixture(autouse=True)
def client_tools(backend):
    if backend.name == "postgres" and not shutil.which("pg_dump"):
        pytest.skip("PostgreSQL backups need pg_dump and pg_restore (postgresql-client)")


def writer(app, actor_id: int, victim_id: int, stop: threading.Event, done: list[int]):
    """Toggle an account on and off until told to stop: one audited transaction each."""
    from intranet.admin.services import set_active
    from intranet.auth.models import User

    with app.app_context():
        actor = db.session.get(User, actor_id)
        active = False
        while not stop.is_set() or len(done) < 20:
            set_active(actor, victim_id, active)
            done.append(1)
            active = not active
        db.session.remove()


def entries(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count(AuditEntry.seq)))
        db.session.remove()
        return count


@pytest.fixture
def restored_app(blank_database_url, tmp_path):
    app = create_app(base_config(DATABASE_URL=blank_database_url,
                                 INSTANCE_PATH=str(tmp_path / "restored")))
    yield app
    with app.app_context():
        db.engine.dispose()


def test_backup_under_writes_restores_and_verifies(app, runner, make_user, restored_app,
                                                   tmp_path):
    actor = make_user("quantri", roles=[Role.ADMIN])
    victim = make_user("victim")
    stop, done = threading.Event(), []
    thread = threading.Thread(target=writer, args=(app, actor, victim, stop, done))
    thread.start()
    while len(done) < 10:  # the writes are under way
        threading.Event().wait(0.01)
    backup = tmp_path / "drill.backup"
    result = runner.invoke(args=["backup", "create", "--output", str(backup)])
    during = len(done)
    stop.set()
    thread.join(30)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert not thread.is_alive() and len(done) > during  # writes went on after the copy

    restore = restored_app.test_cli_runner().invoke(args=["backup", "restore", str(backup)])
    assert restore.exit_code == 0, restore.output
    verify = restored_app.test_cli_runner().invoke(args=["audit", "verify"])
    assert verify.exit_code == 0, verify.output
    assert 10 < entries(restored_app) < entries(app)  # a snapshot taken mid-way

    again = restored_app.test_cli_runner().invoke(args=["backup", "restore", str(backup)])
    assert again.exit_code == 2 and "already has tables" in again.output
    forced = restored_app.test_cli_runner().invoke(
        args=["backup", "restore", "--force", str(backup)])
    assert forced.exit_code == 0, forced.output
    assert restored_app.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0


def test_default_folder_and_no_overwrite(app, runner):
    first = runner.invoke(args=["backup", "create"])
    assert first.exit_code == 0, first.output
    path = first.output.split("backup written: ")[1].split(" (")[0]
    assert "/backups/intranet-" in path
    again = runner.invoke(args=["backup", "create", "--output", path])
    assert again.exit_code == 2 and "exists already" in again.output
