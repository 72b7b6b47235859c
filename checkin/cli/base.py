"""The `checkin` command group and what its commands share: error handling, roles, the base
of invitation links. The commands live beside it, one module per area; importing
`checkin.cli` registers them all."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click
from flask import current_app
from flask.cli import FlaskGroup

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


def base_url_for(option: str | None, event) -> str | None:
    """--base-url, else the event's public address (Pengaturan), else CHECKIN_PUBLIC_URL
    (invitations.public_base, the rule of the pages too), else None."""
    from checkin.invitations import public_base

    return (option or "").strip() or public_base(event, current_app.config)


NO_BASE_URL = (
    "Invitation links need the public address delegates open: set it in the event's "
    "Pengaturan or CHECKIN_PUBLIC_URL (e.g. https://checkin.example.id), or pass --base-url."
)
BASE_URL_HELP = "Base of the invitation URLs [the event's public address, or CHECKIN_PUBLIC_URL]."
