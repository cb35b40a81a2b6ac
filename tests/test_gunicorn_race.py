"""100 simultaneous requests firing the same transition against gunicorn with two workers."""

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from sqlalchemy import func, select

from intranet.audit.models import AuditEntry
from intranet.audit.verify import verify
from intranet.auth.models import User
from intranet.db import write_transaction
from intranet.extensions import db
from intranet.workflow_service import apply_transition, start_item
from tests.conftest import DEMO_PASSWORD
from tests.support.sample_item import SampleItem, sample_workflow
from workflows.roles import Role

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
REQUESTS = 100


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(app, app_config, tmp_path):
    port = free_port()
    env = {**os.environ,
           "INTRANET_DATABASE_URL": app_config["DATABASE_URL"],
           "INTRANET_SECRET_KEY": app_config["SECRET_KEY"],
           "INTRANET_AUDIT_HMAC_KEY": app_config["AUDIT_HMAC_KEY"],
           "INTRANET_ARGON2_TIME_COST": "1", "INTRANET_ARGON2_MEMORY_COST": "8",
           "INTRANET_ARGON2_PARALLELISM": "1", "INTRANET_RATELIMIT_ENABLED": "false",
           "INTRANET_INSTANCE_PATH": str(tmp_path)}
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
             "--config", "/dev/null", "--log-level", "warning",
             "tests.support.sample_app:create()"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        process.wait(10)
        pytest.fail(f"gunicorn did not start: {log.read_text()}")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(10)
    assert "Traceback" not in log.read_text()


def logged_in_opener(base: str, username: str):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/login") as response:
        page = response.read().decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"username": username, "password": DEMO_PASSWORD,
                                   "csrf_token": token}).encode()
    with opener.open(f"{base}/login", data=body):
        pass
    with opener.open(f"{base}/") as response:
        home = response.read().decode()
    return opener, re.search(r'"X-CSRFToken": "([^"]+)"', home).group(1)


def test_one_success_and_99_conflicts(app, make_user, server, backend):
    with sample_workflow(app):
        clerk_id = make_user("vanthu", roles=[Role.CLERK])
        make_user("thuongvu", roles=[Role.STANDING])
        with app.app_context():
            clerk = db.session.get(User, clerk_id)
            with write_transaction():
                item = SampleItem(title="Đề nghị", author_id=clerk_id)
                start_item(item, clerk)
            apply_transition(item, "submit", clerk)
            item_id, version = item.id, 2
            db.session.remove()

        opener, token = logged_in_opener(server, "thuongvu")
        url = f"{server}/items/sample/{item_id}/actions/reject"
        body = urllib.parse.urlencode({"reason": "Không cần thiết", "version": version}).encode()
        gate = threading.Barrier(REQUESTS)

        def fire(_):
            request = urllib.request.Request(url, data=body, headers={
                "X-CSRFToken": token, "HX-Request": "true"})
            gate.wait()
            try:
                with opener.open(request, timeout=60) as response:
                    return response.status, None
            except urllib.error.HTTPError as error:
                with error:
                    return error.code, error.headers.get("Retry-After")

        with ThreadPoolExecutor(REQUESTS) as pool:
            answers = list(pool.map(fire, range(REQUESTS)))

        statuses = [status for status, _ in answers]
        assert statuses.count(200) == 1
        if backend.name == "postgres":
            assert statuses.count(409) == REQUESTS - 1
        else:  # SQLite: serialized writers; a 503 is allowed only with Retry-After
            assert all(s in (409, 503) for s in statuses if s != 200)
            assert all(retry for status, retry in answers if status == 503)
        assert not [s for s in statuses if s >= 500 and s != 503]
        with app.app_context():
            rejects = db.session.scalar(select(func.count(AuditEntry.seq)).where(
                AuditEntry.entity_type == "sample", AuditEntry.action == "reject"))
            assert rejects == 1
            assert db.session.get(SampleItem, item_id).state == "rejected"
            assert verify().ok
