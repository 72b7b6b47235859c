"""The `checkin` command: each command reads its options, calls one domain function, commits."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any

import click
from flask import current_app
from flask.cli import FlaskGroup

from . import auth, events
from .db import session_scope
from .errors import CheckinError
from .models import ROLES

ROLE_CHOICE = click.Choice(ROLES)


def _create_app(*_args: Any) -> Any:
    from . import create_app

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
    from .migrate import upgrade

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
        auth.create_user(db, name, role=role, password=password)
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
            token = auth.create_token(db, name)
        except CheckinError:
            auth.create_user(db, name, role=role)
            token = auth.create_token(db, name)
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
@click.option("--timezone", default="Asia/Makassar", show_default=True)
@click.option(
    "--doors",
    default="Pintu Utama",
    show_default=True,
    help='Comma-separated door names, e.g. "Pintu Utama,Pintu Samping".',
)
@domain_command
def create_event(
    slug: str, name: str, venue: str | None, starts: str | None, timezone: str, doors: str
) -> None:
    """Create an event with Kalimantan Timur's regions and the given doors."""
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


if __name__ == "__main__":
    main()
