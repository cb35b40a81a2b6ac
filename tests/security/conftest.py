"""Shared by the security tests: a user who holds every role, logged in with both factors."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from workflows.roles import Role

SUPERUSER = "allroles"


@pytest.fixture
def superuser(make_user) -> int:
    """Every role that needs no organization, and a second factor: may use every route."""
    return make_user(SUPERUSER, roles=[r for r in Role if r != Role.SECRETARY], totp=True)


@pytest.fixture
def blank_database_url(backend, backends, tmp_path):
    """A database with no tables at all (not even migrated): a restore target."""
    if backend.name == "sqlite":
        path = tmp_path / f"blank-{uuid.uuid4().hex[:6]}.sqlite"
        yield f"sqlite:///{path}"
        return
    name = f"{backend.prefix}_blank_{uuid.uuid4().hex[:6]}"
    with backend.admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield backend.url.set(database=name).render_as_string(hide_password=False)
    with backend.admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def sqlite_path(url: str) -> Path:
    return Path(make_url(url).database)
