"""The congress-preparation intranet: create_app() builds one application."""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=(test_config or {}).get("INSTANCE_PATH")
        or os.environ.get("INTRANET_INSTANCE_PATH")
        or str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder="static",
        instance_relative_config=True,
    )
    load_config(app, test_config)

    from intranet import errors, i18n, models, security, web  # noqa: F401 (models: metadata)
    from intranet.db import configure_engine, read_only_requests
    from intranet.extensions import csrf, db, limiter, login_manager, migrate
    from intranet.htmx import htmx
    from intranet.mfa import policy

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    read_only_requests(app)  # before any other hook reads
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    security.init_request_guards(app)  # request id and input checks, before CSRF reads the form
    csrf.init_app(app)
    limiter.init_app(app)
    htmx.init_app(app)
    i18n.init_app(app)
    security.init_app(app, login_manager)
    policy.init_app(app)  # administrators enrol a second factor before anything else
    errors.init_app(app)
    web.init_app(app)
    register_blueprints(app)
    register_cli(app)
    return app


def load_config(app: Flask, test_config: dict | None) -> None:
    """Defaults in code, then instance/config.py, then INTRANET_* variables, then test_config."""
    app.config.from_object("intranet.config")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("INTRANET", loads=_env_value)
    else:
        app.config.from_mapping(test_config)
    url = app.config.get("DATABASE_URL")
    if not url:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{Path(app.instance_path) / 'intranet.sqlite'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if url.startswith("postgresql"):
        # intranet.db.write_transaction relies on it (it is PostgreSQL's default too).
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "isolation_level": "READ COMMITTED", **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(app, "secret_key")
    if not app.config.get("AUDIT_HMAC_KEY"):
        app.config["AUDIT_HMAC_KEY"] = instance_secret(app, "audit_hmac_key")


def _env_value(value: str):
    """INTRANET_* values: JSON where it parses (numbers, true/false), else the plain string."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def instance_secret(app: Flask, name: str) -> str:
    """Read a secret from the instance folder, creating it (mode 0600) on first use.

    Several workers may start at once: the file is created exclusively and whoever loses the
    race reads the winner's key.
    """
    folder = Path(app.instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            value = path.read_text().strip()
            if value:
                return value
            time.sleep(0.02)
        raise RuntimeError(f"{path} is empty") from None
    value = secrets.token_hex(32)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


def register_blueprints(app: Flask) -> None:
    from intranet.admin import bp as admin_bp
    from intranet.audit import bp as audit_bp
    from intranet.auth import bp as auth_bp
    from intranet.congress import bp as congress_bp
    from intranet.documents import bp as documents_bp
    from intranet.flow import bp as flow_bp
    from intranet.home import bp as home_bp
    from intranet.mfa import bp as mfa_bp
    from intranet.org import bp as org_bp
    from intranet.personnel import bp as personnel_bp

    for bp in (auth_bp, home_bp, admin_bp, org_bp, audit_bp, flow_bp, mfa_bp, documents_bp,
               personnel_bp, congress_bp):
        app.register_blueprint(bp)
    # complaints
    from intranet.complaints import bp as complaints_bp

    app.register_blueprint(complaints_bp)
    if app.config.get("BENCH_REFERENCE_ENDPOINTS"):
        from intranet.benchref import bp as benchref_bp

        app.register_blueprint(benchref_bp)


def register_cli(app: Flask) -> None:
    from intranet.audit.cli import audit_cli
    from intranet.backup import backup_cli
    from intranet.cli import create_user_command, seed_demo_command
    from intranet.mfa.cli import reset_second_factor_command
    from intranet.notifications.cli import outbox_cli

    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(audit_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(reset_second_factor_command)
