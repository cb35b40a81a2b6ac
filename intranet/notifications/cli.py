import click
from flask.cli import AppGroup

from intranet.notifications.services import deliver_outbox

outbox_cli = AppGroup("outbox", help="The notification e-mail outbox.")


@outbox_cli.command("deliver")
@click.option("--limit", default=100, show_default=True)
def deliver_command(limit: int):
    """Send queued e-mails (run it from cron or a timer when SMTP is configured)."""
    outcome = deliver_outbox(limit)
    click.echo(f"sent {outcome['sent']}, failed {outcome['failed']}")
