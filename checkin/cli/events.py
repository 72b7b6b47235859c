"""`checkin init-db`, `create-event`, `demo`, `import-delegates`, `purge-personal-data`:
the database, events and their delegates."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask import current_app

from checkin import config, events
from checkin.cli.base import base_url_for, domain_command, main
from checkin.db import session_scope


@main.command("init-db")
def init_db() -> None:
    """Create or upgrade the database schema to the latest version."""
    from checkin.migrate import upgrade

    upgrade(current_app.config["DATABASE_URL"])
    click.echo("Database is up to date.")


@main.command("create-event")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--venue")
@click.option("--starts", "starts", help="Start in ISO 8601, e.g. 2024-10-15T08:00+08:00.")
@click.option(
    "--timezone",
    help=f"IANA zone of the event [default: CHECKIN_DEFAULT_TIMEZONE, {config.DEFAULT_TIMEZONE}]",
)
@click.option(
    "--doors",
    default="Pintu Utama",
    show_default=True,
    help='Comma-separated door names, e.g. "Pintu Utama,Pintu Samping".',
)
@domain_command
def create_event(
    slug: str, name: str, venue: str | None, starts: str | None, timezone: str | None, doors: str
) -> None:
    """Create an event with Kalimantan Timur's regions and the given doors."""
    timezone = timezone or current_app.config["DEFAULT_TIMEZONE"]
    starts_at = _parse_start(starts, timezone) if starts else None
    with session_scope() as db:
        event = events.create_event(
            db,
            slug,
            name=name,
            venue=venue,
            starts_at=starts_at,
            timezone=timezone,
            doors=events.parse_door_names(doors),
        )
        door_names = ", ".join(d.name for d in event.doors)
    click.echo(f"Event {slug} created with doors: {door_names}.")


def _parse_start(text: str, timezone: str) -> datetime:

    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter("use ISO 8601, e.g. 2024-10-15T08:00+08:00") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(events.check_timezone(timezone)))
    return value


@main.command("demo")
@click.option(
    "--date", "day", type=click.DateTime(["%Y-%m-%d"]),
    help="The event's day, e.g. 2024-10-15 (the Rakor as held) [tomorrow].",
)  # fmt: skip
@click.option("--base-url", help="Where the app is served [CHECKIN_PUBLIC_URL, else port 5000].")
@domain_command
def demo(day: datetime | None, base_url: str | None) -> None:
    """Load the Rakor demo event (750 delegates) and one user per role; print the log-ins."""
    from pathlib import Path

    from checkin import demo
    from checkin.migrate import upgrade

    upgrade(current_app.config["DATABASE_URL"])
    logins_path = Path(current_app.instance_path) / demo.LOGINS_FILE
    with session_scope() as db:
        result = demo.load_demo(db, logins_path=logins_path, day=day.date() if day else None)
    base = base_url_for(base_url, None) or demo.DEFAULT_BASE_URL
    for line in demo.login_lines(result, logins_path, base):
        click.echo(line)


@main.command("import-delegates")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--event", "slug", required=True, help="The event's slug.")
@click.option("--dry-run", is_flag=True, help="Check the file and show the changes only.")
@domain_command
def import_delegates(file: str, slug: str, dry_run: bool) -> None:
    """Import or update delegates from an XLSX or CSV file (all rows or none)."""
    from pathlib import Path

    from checkin import importing

    path = Path(file)
    with session_scope() as db:
        event = events.get_event(db, slug)
        list(event.regions)
        db.commit()  # parse the file outside a transaction: SQLite's write lock stays free
        if dry_run:
            report = importing.preview_import(db, event, path.read_bytes(), path.name)
        else:
            report = importing.import_delegates(db, event, path.read_bytes(), path.name)
    for line in report.summary_lines():
        click.echo(line)
    if dry_run:
        click.echo("Dry run: nothing was saved.")


@main.command("purge-personal-data")
@click.option("--event", "slug", required=True, help="The event's slug.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--force", is_flag=True, help="Allow it before the event has started.")
@domain_command
def purge_personal_data(slug: str, yes: bool, force: bool) -> None:
    """Remove phone numbers, e-mails and mandate numbers; keep the attendance (audit-logged)."""
    from checkin import events
    from checkin.audit import ACTOR_CLI

    with session_scope(write=False) as db:
        event = events.get_event(db, slug)
        preview = events.purge_preview(db, event)
    if not yes:
        click.confirm(
            f"Remove the phone numbers ({preview.phones}), e-mails ({preview.emails}) and "
            f"mandate numbers ({preview.mandates}) of {event.name}? This cannot be undone",
            abort=True,
        )
    with session_scope() as db:
        event = events.get_event(db, slug)
        result = events.purge_personal_data(db, event, actor=ACTOR_CLI, allow_before_end=force)
    click.echo(
        f"Removed {result.phones} phone numbers, {result.emails} e-mails and "
        f"{result.mandates} mandate numbers; the attendance record is kept."
    )
