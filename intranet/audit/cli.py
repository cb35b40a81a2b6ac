import csv
import sys

import click
from flask.cli import AppGroup

from intranet.audit.chain import HASHED_FIELDS, iter_entries
from intranet.audit.verify import verify

audit_cli = AppGroup("audit", help="Verify and export the audit log.")


@audit_cli.command("verify")
def verify_command():
    """Exit 0 when the chain and every item's history are intact; else name the first break."""
    report = verify()
    if report.ok:
        click.echo(f"audit log intact: {report.entries} entries verified")
        return
    for finding in report.findings[:20]:
        place = f"seq {finding.seq}" if finding.seq is not None else "no seq"
        entity = f" [{finding.entity}]" if finding.entity else ""
        click.echo(f"BROKEN at {place}{entity}: {finding.problem}", err=True)
    if report.first_bad_seq is not None:
        click.echo(f"first bad sequence number: {report.first_bad_seq}", err=True)
    sys.exit(1)


@audit_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv")
@click.option("--output", type=click.File("w", encoding="utf-8"), default="-")
def export_command(fmt: str, output):
    """Write every entry, in order, with its hashes."""
    writer = csv.writer(output)
    columns = [*HASHED_FIELDS, "prev_hash", "entry_hash"]
    writer.writerow(columns)
    for entry in iter_entries():
        writer.writerow([getattr(entry, c) for c in columns])
