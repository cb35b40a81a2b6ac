"""gunicorn.conf.py: several workers need Redis (shared rate-limit counts). With Redis, two
workers share one count: failed logins are throttled whichever worker answers."""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
REDIS_URL = os.environ.get("INTRANET_TEST_REDIS_URL")


def environment(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTRANET_")}
    env.update(INTRANET_INSTANCE_PATH=str(tmp_path), INTRANET_SECRET_KEY="gunicorn-test",
               INTRANET_AUDIT_HMAC_KEY="gunicorn-test", **extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_several_workers_without_redis_refuse_to_start(tmp_path):
    result = subprocess.run([GUNICORN, "-w", "2", "-b", f"127.0.0.1:{free_port()}",
                             "intranet:create_app()"], cwd=ROOT, env=environment(tmp_path),
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "refusing to start 2 workers without INTRANET_REDIS_URL" in result.stderr


class Browser:
    """A cookie-keeping client for a live server (the CSRF token comes from the form)."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect())

    def get(self, path: str):
        return self.opener.open(self.base + path, timeout=30)

    def login(self, username: str, password: str) -> int:
        page = self.get("/login").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrf_token": token, "username": username,
                                       "password": password}).encode()
        try:
            return self.opener.open(self.base + "/login", body, timeout=30).status
        except urllib.error.HTTPError as exc:
            return exc.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def forget_counts(namespace: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"*{namespace}*"):
        client.delete(key)
    client.close()


@pytest.mark.slow
@pytest.mark.skipif(not REDIS_URL, reason="needs INTRANET_TEST_REDIS_URL")
def test_two_workers_share_the_login_throttle_through_redis(tmp_path, backends):
    database = tmp_path / "gunicorn.sqlite"
    shutil.copyfile(backends("sqlite").template("empty"), database)
    port, namespace = free_port(), f"gunicorn-{uuid.uuid4().hex[:8]}"
    env = environment(tmp_path, INTRANET_DATABASE_URL=f"sqlite:///{database}",
                      INTRANET_REDIS_URL=REDIS_URL, INTRANET_LOGIN_THROTTLE_NAMESPACE=namespace,
                      INTRANET_LOGIN_LIMIT_ACCOUNT_ADDRESS="4 per minute")
    server = subprocess.Popen([GUNICORN, "-w", "2", "-b", f"127.0.0.1:{port}",
                               "intranet:create_app()"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90  # a loaded CI machine boots workers slowly
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + "/login", timeout=5):
                    break
            except OSError:
                time.sleep(0.2)
        answers = [Browser(base).login("nobody", "wrong password") for _ in range(8)]
    finally:
        server.send_signal(signal.SIGINT)  # quick shutdown (TERM waits for workers)
        output = server.communicate(timeout=30)[0].decode()
        forget_counts(namespace)
    pids = set(re.findall(r"Booting worker with pid: (\d+)", output))
    assert len(pids) == 2, output
    assert answers == [422] * 4 + [429] * 4  # one count, whichever worker answered
