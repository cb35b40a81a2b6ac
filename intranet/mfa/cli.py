import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select


@click.command("reset-second-factor")
@click.argument("username")
@with_appcontext
def reset_second_factor_command(username: str) -> None:
    """Turn off a user's second factor (phone and recovery codes lost; audited)."""
    from intranet.auth.models import User
    from intranet.db import db
    from intranet.mfa.services import reset_for

    user_id = db.session.scalar(select(User.id).where(User.username == username.lower()))
    if user_id is None:
        click.echo(f"error: no account {username}", err=True)
        sys.exit(2)
    reset_for(None, user_id)
    click.echo(f"two-step verification of {username} is off; they set it up at next login")
