"""A process killed (SIGKILL) in the middle of transitions leaves a SQLite database that passes
its integrity check and an audit chain that verifies."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from intranet.audit.verify import verify
from intranet.extensions import db
from tests.support.sample_item import sample_workflow
from workflows.roles import Role

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("stop_after", [7, 50])
def test_sigkill_in_the_middle_of_transitions(app, app_config, make_user, backend, tmp_path,
                                              stop_after):
    if backend.name != "sqlite":
        pytest.skip("the integrity check is SQLite's; PostgreSQL recovers by its WAL")
    with sample_workflow(app):
        make_user("vanthu", roles=[Role.CLERK])
        make_user("thuongvu", roles=[Role.STANDING])
        with app.app_context():
            db.engine.dispose()
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.transition_loop", app_config["DATABASE_URL"],
             str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        done = 0
        for line in process.stdout:
            if line.strip().isdigit():
                done = int(line)
                if done >= stop_after:
                    break
        os.kill(process.pid, signal.SIGKILL)  # mid-flight: the next transition is under way
        process.wait(10)
        process.stdout.close()
        assert done >= stop_after
        with app.app_context():
            assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            report = verify()
            assert report.ok, report.findings
            transitions = db.session.execute(text(
                "SELECT count(*) FROM audit_entry WHERE entity_type = 'sample' "
                "AND action != 'create'")).scalar()
            assert transitions >= 2 * done  # every committed transition kept its entry
