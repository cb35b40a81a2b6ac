"""Command-line entry points: seed-demo and create-user."""

from __future__ import annotations

import secrets
import sys

import click
from flask.cli import with_appcontext

from intranet.auth.passwords import password_problem
from intranet.db import write_transaction


@click.command("seed-demo")
@click.option("--password", help="Password for every demo login (default: random, printed).")
@click.option("--scale", default=1, show_default=True, type=click.IntRange(1, 1000),
              help="How many wards' worth of data (1 is the Thủy Nguyên demo).")
@click.option("--if-empty", is_flag=True, help="Do nothing when any account exists already.")
@with_appcontext
def seed_demo_command(password: str | None, scale: int, if_empty: bool) -> None:
    """Load the Thủy Nguyên ward demo. Running it again adds nothing that exists."""
    from sqlalchemy import select

    from intranet.auth.models import User
    from intranet.db import db
    from intranet.demo.users import seed_demo_users
    from intranet.demo.ward import seed_ward

    if if_empty and db.session.scalar(select(User.id).limit(1)) is not None:
        click.echo("accounts exist already: demo data not loaded")
        return

    if password and (problem := password_problem(password)):
        raise click.BadParameter(problem, param_hint="--password")
    chosen = password or secrets.token_urlsafe(9)
    with write_transaction():
        demo_ward = seed_ward(1)
    created = seed_demo_users(demo_ward, chosen)
    # Each area loads its demo here; every loader is idempotent (a second run adds nothing).
    # -- documents --
    from intranet.documents.demo import seed_documents

    if seed_documents():
        click.echo("demo documents loaded: 5 documents, 1,111 comments")

    # -- personnel --
    from intranet.demo.personnel import seed_personnel

    if seed_personnel(demo_ward):
        click.echo("personnel demo: quota allocation published, nominations at every stage")

    # -- complaints --
    from intranet.complaints.demo import seed_demo_letters

    if seed_demo_letters():
        click.echo("complaints demo: 6 letters, one holding a nominee")

    # -- congress days --
    from intranet.congress.demo import seed_congress

    if seed_congress(demo_ward):
        click.echo("congress demo: roster, sessions and programme, bodies, 102 subordinate "
                   "congresses held, a few check-ins")

    # -- city scale: the other wards, in bulk (after the demo, whose congress stays current) --
    if scale > 1:
        _seed_city(scale)

    click.echo(f"demo data ready: {scale} ward(s)")
    if created:
        click.echo(f"demo logins created: {', '.join(created)}")
        if not password:
            click.echo(f"their password (shown once): {chosen}")
    else:
        click.echo("demo logins already exist (passwords unchanged)")


def _seed_city(scale: int) -> None:
    import random
    import time

    from sqlalchemy import func, select, text

    from intranet.db import db
    from intranet.demo.scale import seed_city_ward
    from intranet.demo.ward import seed_ward
    from intranet.org.models import Congress

    started, added = time.monotonic(), [0, 0, 0]
    for index in range(2, scale + 1):
        with write_transaction():
            ward = seed_ward(index)
            if db.session.scalar(select(func.count(Congress.id)).where(
                    Congress.org_unit_id == ward.id)):
                continue  # this ward was loaded by an earlier run
            # Demo data must be reproducible: a seeded, non-cryptographic generator is the point.
            volume = seed_city_ward(ward, index, random.Random(index))  # noqa: S311  # nosec B311
        added = [added[0] + volume.comments, added[1] + volume.nominations,
                 added[2] + volume.audit_entries]
        if index % 10 == 0 or index == scale:
            click.echo(f"ward {index}/{scale}: {added[0]:,} comments, {added[1]:,} "
                       f"nominations, {added[2]:,} audit entries added "
                       f"({time.monotonic() - started:.0f} s)")
    # Fresh statistics after a bulk load, or the planner guesses from the empty tables' (a
    # hash join over every member instead of the index: docs/performance.md).
    with write_transaction():
        db.session.execute(text("ANALYZE"))


@click.command("create-user")
@click.option("--username", prompt=True)
@click.option("--display-name", prompt="Full name")
@click.option("--role", "roles", multiple=True, default=("admin",), show_default=True)
@click.password_option()
@with_appcontext
def create_user_command(username: str, display_name: str, roles: tuple[str, ...],
                        password: str) -> None:
    """Create an account (the first administrator of a real installation)."""
    from intranet.admin.services import create_user, grant_role
    from intranet.errors import AppError

    try:
        user = create_user(None, username=username, display_name=display_name,
                           password=password)
        for role in roles:
            grant_role(None, user.id, role, None)
    except AppError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(2)
    click.echo(f"created {user.username} with roles {', '.join(roles)}")
