"""`checkin create-user`, `create-token` and `end-sessions`: accounts and their credentials."""

from __future__ import annotations

import click

from checkin import accounts, events
from checkin.cli.base import ROLE_CHOICE, domain_command, main
from checkin.db import session_scope
from checkin.errors import CheckinError


@main.command("create-user")
@click.argument("name")
@click.option("--role", type=ROLE_CHOICE, required=True)
@click.option("--password", help="Prompted for when omitted.")
@click.option("--event", "slugs", multiple=True, help="Limit it to this event (repeatable).")
@click.option("--display-name", help="The name the scan log and verdicts show (a person's).")
@domain_command
def create_user(
    name: str, role: str, password: str | None, slugs: tuple[str, ...], display_name: str | None
) -> None:
    """Create an account (admin, door, viewer or liaison), for every event or only some."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    slugs = tuple(dict.fromkeys(slugs))
    with session_scope() as db:
        limit = [events.get_event(db, slug) for slug in slugs]  # unknown: nothing created
        accounts.create_user(
            db, name, role=role, password=password, events=limit, display_name=display_name
        )
    scope = f"limited to {', '.join(slugs)}" if slugs else "for every event"
    click.echo(f"User {name} created with role {role}, {scope}.")


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


@main.command("end-sessions")
@click.argument("name")
@domain_command
def end_sessions(name: str) -> None:
    """Sign account NAME out everywhere: every browser and phone must sign in again."""
    with session_scope() as db:
        count = accounts.end_sessions_of(db, name)
    click.echo(f"Ended {count} session(s) of {name}.")
