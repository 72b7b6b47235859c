"""`checkin serve`, `check-in` and `backup`: the server, and what an operator does beside it."""

from __future__ import annotations

import dataclasses
import os
from typing import Any

import click
from flask import current_app

from checkin import events
from checkin.cli.base import domain_command, main
from checkin.db import session_scope


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
    # The links the app builds (invitations, door passes) start here unless the event or
    # CHECKIN_PUBLIC_URL gives an address: never from a request's Host header.
    app_config["SERVED_URL"] = url
    click.echo(f"Door staff open: {url}")
    if use_https:
        serving.print_url_qr(url)
        click.echo("Phones warn once about the self-signed certificate: accept it to continue.")
    elif host not in ("127.0.0.1", "localhost", "::1"):
        click.echo("Phone cameras need HTTPS: use --https or a TLS proxy in front.")
    serving.run(options, app_config)


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
