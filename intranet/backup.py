"""`flask backup create` and `flask backup restore`: copies taken while the intranet runs.

SQLite: the sqlite3 backup API copies one consistent snapshot while other connections keep
writing (WAL); the copy is checked with PRAGMA integrity_check and written as one file.
PostgreSQL: `pg_dump -Fc` (one consistent snapshot), restored with `pg_restore`.

The audit log's HMAC key is not in the database: keep a copy of instance/audit_hmac_key (or
INTRANET_AUDIT_HMAC_KEY) with the backups, or a restored log cannot be verified.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404 # runs pg_dump/pg_restore by absolute path, no shell
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.engine import URL, make_url

backup_cli = AppGroup("backup", help="Back up the database, or restore a backup.")


class BackupError(Exception):
    pass


def database_url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def default_path(url: URL) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = ".sqlite" if url.get_backend_name() == "sqlite" else ".dump"
    return Path(current_app.instance_path) / "backups" / f"intranet-{stamp}{suffix}"


def create_backup(output: Path | None = None) -> Path:
    url = database_url()
    path = Path(output) if output else default_path(url)
    if path.exists():
        raise BackupError(f"{path} exists already: choose another --output")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_copy(Path(url.database), partial, wal=False)
        elif url.get_backend_name() == "postgresql":
            _run("pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                 f"--file={partial}", url=url)
        else:
            raise BackupError(f"no backup method for {url.get_backend_name()}")
        partial.chmod(0o600)  # it holds password hashes
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def restore_backup(path: Path, force: bool = False) -> None:
    from intranet.extensions import db

    url = database_url()
    db.engine.dispose()  # no connection of ours stays open on the database being replaced
    if not force and _has_tables(url):
        raise BackupError("the database already has tables: restore into an empty database, "
                          "or pass --force to overwrite it")
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(Path(path), Path(url.database), wal=True)
    elif url.get_backend_name() == "postgresql":
        clean = ["--clean", "--if-exists"] if force else []
        _run("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", *clean, str(path), url=url, database_flag="--dbname")
    else:
        raise BackupError(f"no restore method for {url.get_backend_name()}")


def _has_tables(url: URL) -> bool:
    from sqlalchemy import inspect

    from intranet.extensions import db

    if url.get_backend_name() == "sqlite" and not Path(url.database).exists():
        return False
    return bool(inspect(db.engine).get_table_names())


def _sqlite_copy(source: Path, target: Path, *, wal: bool) -> None:
    """Copy one consistent snapshot of `source` into `target` (replacing its content)."""
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)  # all pages in one step: a snapshot, while writers go on (WAL)
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"integrity check of the copy failed: {check}")
        # A backup is one self-contained file; a restored database runs with WAL again.
        dst.execute(f"PRAGMA journal_mode = {'WAL' if wal else 'DELETE'}")
    finally:
        dst.close()
        src.close()


def _run(program: str, *args: str, url: URL, database_flag: str | None = None) -> None:
    """Run a PostgreSQL client: the password goes through the environment, not the command."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"{program} not found: install the PostgreSQL client tools")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    target = url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False)
    command = [executable, *args, f"{database_flag}={target}" if database_flag else target]
    # Fixed argument list, absolute path, no shell: nothing here is parsed by a shell.
    result = subprocess.run(  # noqa: S603 # nosec B603 # see the line above
        command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


@backup_cli.command("create")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write (default: instance/backups/intranet-<UTC time>.sqlite|dump).")
def create_command(output: Path | None) -> None:
    """Copy the database while it is in use."""
    try:
        path = create_backup(output)
    except BackupError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"backup written: {path} ({path.stat().st_size} bytes)")


@backup_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite a database that already has tables.")
def restore_command(path: Path, force: bool) -> None:
    """Restore a backup into the configured database (stop the intranet first)."""
    try:
        restore_backup(path, force)
    except BackupError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"restored {path}; now run: flask --app intranet audit verify")
