"""The `checkin` command: each command reads its options, calls one domain function, commits."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

import click
from flask import current_app
from flask.cli import FlaskGroup

from checkin import accounts, config, events
from checkin.db import session_scope
from checkin.errors import CheckinError
from checkin.models import ROLES

ROLE_CHOICE = click.Choice(ROLES)


def _create_app(*_args: Any) -> Any:
    from checkin import create_app

    return create_app()


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_default_commands=False,
    help="checkin: QR invitations, door scanning and live attendance.",
)
def main() -> None:
    """The checkin command group."""


def domain_command(fn: Callable) -> Callable:
    """Turn domain errors into readable CLI errors."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CheckinError as exc:
            details = "".join(f"\n  - {d}" for d in exc.details)
            raise click.ClickException(exc.message + details) from exc

    return wrapper


@main.command("init-db")
def init_db() -> None:
    """Create or upgrade the database schema to the latest version."""
    from checkin.migrate import upgrade

    upgrade(current_app.config["DATABASE_URL"])
    click.echo("Database is up to date.")


@main.command("create-user")
@click.argument("name")
@click.option("--role", type=ROLE_CHOICE, required=True)
@click.option("--password", help="Prompted for when omitted.")
@domain_command
def create_user(name: str, role: str, password: str | None) -> None:
    """Create an account (admin, door, viewer or liaison)."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with session_scope() as db:
        accounts.create_user(db, name, role=role, password=password)
    click.echo(f"User {name} created with role {role}.")


@main.command("create-token")
@click.argument("name")
@click.option(
    "--role",
    type=ROLE_CHOICE,
    default="admin",
    show_default=True,
    help="Role of the account created when NAME is not yet a user.",
)
@domain_command
def create_token(name: str, role: str) -> None:
    """Print a new API token for user NAME (creating a token-only account if needed)."""
    with session_scope() as db:
        created = False
        try:
            token = accounts.create_token(db, name)
        except CheckinError:
            accounts.create_user(db, name, role=role)
            token = accounts.create_token(db, name)
            created = True
    if created:
        click.echo(f"Created token-only user {name} with role {role}.")
    click.echo("API token (shown once; send it as 'Authorization: Bearer <token>'):")
    click.echo(token)


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
    from zoneinfo import ZoneInfo

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
    base = _base_url(base_url) or demo.DEFAULT_BASE_URL
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


def _base_url(option: str | None) -> str | None:
    """--base-url, else CHECKIN_PUBLIC_URL, else None."""
    return (option or current_app.config.get("PUBLIC_URL") or "").strip() or None


NO_BASE_URL = (
    "Invitation links need the public address delegates open: set CHECKIN_PUBLIC_URL "
    "(e.g. https://checkin.example.id) or pass --base-url."
)


@main.command("export-invitations")
@click.option("--event", "slug", required=True, help="The event's slug.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
@click.option("--base-url", help="Base of the invitation URLs [CHECKIN_PUBLIC_URL].")
@domain_command
def export_invitations(slug: str, output: str, base_url: str | None) -> None:
    """Write name, ormas, region, level, phone and invitation URL of every delegate to CSV."""
    from pathlib import Path

    from checkin import invitations
    from checkin.audit import ACTOR_CLI

    base = _base_url(base_url)
    if base is None:
        raise click.ClickException(NO_BASE_URL)
    with session_scope() as db:
        event = events.get_event(db, slug)
        text = invitations.export_invitations_csv(db, event, base, actor=ACTOR_CLI)
    Path(output).write_text(text, encoding="utf-8")
    click.echo(f"Wrote {text.count(chr(10)) - 1} invitations to {output}.")


@main.command("export-attendance")
@click.option("--event", "slug", required=True, help="The event's slug.")
@click.option(
    "--format", "fmt", type=click.Choice(["xlsx", "csv", "pdf"]), required=True,
    help="xlsx: summaries, full list, no-shows; csv: full list; pdf: the Daftar Hadir.",
)  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
@domain_command
def export_attendance(slug: str, fmt: str, output: str) -> None:
    """Write the attendance report (audit-logged with actor "cli")."""
    from pathlib import Path

    from checkin import audit, reports

    # Built in a read-only transaction so doors keep scanning; then logged in a short one.
    with session_scope(write=False) as db:
        event = events.get_event(db, slug)
        export = reports.export_attendance(db, event, fmt)
    with session_scope() as db:
        audit.record(
            db, event=event, user=None, actor=audit.ACTOR_CLI,
            action=audit.EXPORT_ATTENDANCE, detail=reports.export_detail(export),
        )  # fmt: skip
    Path(output).write_bytes(export.content)
    click.echo(f"Wrote the attendance of {export.rows} delegates to {output}.")


@main.command("revoke-invitation")
@click.argument("code")
@click.option("--event", "slug", required=True, help="The event's slug.")
@click.option("--reissue", is_flag=True, help="Give the delegate a new secret; prints the URL.")
@click.option("--base-url", help="Base of the printed URL [CHECKIN_PUBLIC_URL].")
@domain_command
def revoke_invitation(slug: str, code: str, reissue: bool, base_url: str | None) -> None:
    """Revoke an invitation (CODE: its URL or secret); --reissue issues a new one."""
    from checkin import invitations

    with session_scope() as db:
        event = events.get_event(db, slug)
        delegate = invitations.revoke_invitation(db, event, code, reissue=reissue)
        name, secret = delegate.name, delegate.secret
    if not reissue:
        click.echo(f"Revoked the invitation of {name}; its QR is now refused at the door.")
        return
    click.echo(f"Revoked the old invitation of {name}; the new invitation URL:")
    base = _base_url(base_url)
    if base is None:
        click.echo("(CHECKIN_PUBLIC_URL is not set: prefix the path with your public address.)")
    click.echo(invitations.invitation_url(base or "", secret))


@main.command("send-invitations")
@click.option("--event", "slug", required=True, help="The event's slug.")
@click.option("--resend", is_flag=True, help="Also e-mail delegates who were e-mailed before.")
@click.option("--base-url", help="Base of the invitation URLs [CHECKIN_PUBLIC_URL].")
@domain_command
def send_invitations(slug: str, resend: bool, base_url: str | None) -> None:
    """E-mail invitations through the configured SMTP server, each delegate once."""
    from checkin import sending

    settings = sending.SmtpSettings.from_config(current_app.config)
    if settings is None:
        raise click.ClickException("E-mail is not configured: set CHECKIN_SMTP_HOST and _FROM.")
    base = _base_url(base_url)
    if base is None:
        raise click.ClickException(NO_BASE_URL)
    sent = failed = after_id = 0
    with session_scope() as db:
        event = events.get_event(db, slug)
        while True:
            batch = sending.send_invitation_emails(
                db,
                event,
                settings,
                base_url=base,
                resend=resend,
                after_id=after_id,
                checkpoint=db.commit,
            )
            sent, failed, after_id = sent + batch.sent, failed + len(batch.failed), batch.last_id
            for _id, name, reason in batch.failed:
                click.echo(f"failed: {name}: {reason}")
            click.echo(f"{sent} sent, {failed} failed, {batch.remaining} to go")
            if batch.done:
                break


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


@main.command("check-in")
@click.argument("code")
@click.option("--event", "slug", required=True, help="The event's slug.")
@click.option("--gate", required=True, help="The door's name, as the scanners write it.")
@domain_command
def check_in(code: str, slug: str, gate: str) -> None:
    """Check in an invitation URL or secret at a door and print the verdict."""
    from checkin import scanning
    from checkin.formatting import DOCUMENT_LOCALE, local_time

    with session_scope() as db:
        event = events.get_event(db, slug)
        result = scanning.check_in(db, event, code, gate=gate, by=None)
        timezone = event.timezone
    line = result.result
    if result.delegate:
        d = result.delegate
        line += f": {d['name']} · {d['ormas']} · {d['region']}"
    if result.checked_in_at:
        at = local_time(result.checked_in_at, timezone, locale=DOCUMENT_LOCALE)
        line += f" ({result.gate}, {at})"
    click.echo(line)


@main.command("backup")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False),
    help="Backup file [instance/backups/checkin-<UTC time>.sqlite or .dump].",
)  # fmt: skip
@domain_command
def backup(output: str | None) -> None:
    """Write a consistent copy of the database while the app keeps running.

    SQLite: the online backup API. PostgreSQL: pg_dump --format=custom (restore with
    pg_restore). Restoring: docs/deploy/backup.md.
    """
    from pathlib import Path

    from checkin import backup as backups

    url = current_app.config["DATABASE_URL"]
    target = Path(output) if output else None
    target = target or backups.default_path(current_app.instance_path, backups.backend_of(url))
    done = backups.backup_database(url, target)
    click.echo(f"Backup written to {done.path} ({done.size:,} bytes).")


@main.command("serve", with_appcontext=False)
@click.option("--host", help="Address to listen on [127.0.0.1; 0.0.0.0 with --https].")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--https", "use_https", is_flag=True, help="TLS with a self-signed certificate.")
@click.option("--workers", type=click.IntRange(1, 64), help="Worker processes [1].")
@click.option("--threads", type=click.IntRange(1, 2048), help="Threads per worker [256].")
@click.option(
    "--cert-dir",
    type=click.Path(file_okay=False),
    help="Where --https keeps its certificate [the instance folder].",
)
def serve(
    host: str | None,
    port: int,
    use_https: bool,
    workers: int | None,
    threads: int | None,
    cert_dir: str | None,
) -> None:
    """Run the production server (gunicorn, threaded workers); Ctrl+C or SIGTERM stops it."""
    from checkin import paths, serving

    host = host or ("0.0.0.0" if use_https else "127.0.0.1")
    options = serving.ServeOptions(
        host=host,
        port=port,
        workers=workers or serving.DEFAULT_WORKERS,
        threads=threads or serving.DEFAULT_THREADS,
    )
    app_config: dict[str, Any] = {}
    addresses = serving.lan_addresses()
    if use_https:
        folder = cert_dir or paths.instance_folder(os.environ.get("CHECKIN_INSTANCE_PATH"))
        cert, key, created = serving.ensure_certificate(folder, addresses)
        click.echo(f"{'Created' if created else 'Using'} self-signed certificate {cert}")
        options = dataclasses.replace(options, certfile=str(cert), keyfile=str(key))
        app_config = {"SESSION_COOKIE_SECURE": True, "REMEMBER_COOKIE_SECURE": True}
    url = serving.door_url(host, port, https=use_https, addresses=addresses)
    click.echo(f"Door staff open: {url}")
    if use_https:
        serving.print_url_qr(url)
        click.echo("Phones warn once about the self-signed certificate: accept it to continue.")
    elif host not in ("127.0.0.1", "localhost", "::1"):
        click.echo("Phone cameras need HTTPS: use --https or a TLS proxy in front.")
    serving.run(options, app_config)


if __name__ == "__main__":
    main()
