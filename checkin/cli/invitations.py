"""`checkin export-invitations`, `revoke-invitation`, `send-invitations`, `export-attendance`:
what goes out to delegates and to the office."""

from __future__ import annotations

import click
from flask import current_app

from checkin import events
from checkin.cli.base import BASE_URL_HELP, NO_BASE_URL, base_url_for, domain_command, main
from checkin.db import session_scope


@main.command("export-invitations")
@click.option("--event", "slug", required=True, help="The event's slug.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
@click.option("--base-url", help=BASE_URL_HELP)
@click.option(
    "--excel", is_flag=True,
    help="The office's form: Indonesian headers, \";\", UTF-8 with BOM, phones as text.",
)  # fmt: skip
@domain_command
def export_invitations(slug: str, output: str, base_url: str | None, excel: bool) -> None:
    """Write name, ormas, region, level, phone and invitation URL of every delegate to CSV
    (the header scripts rely on; --excel: the form the office opens in Excel)."""
    from pathlib import Path

    from checkin import invitations
    from checkin.audit import ACTOR_CLI

    with session_scope() as db:
        event = events.get_event(db, slug)
        base = base_url_for(base_url, event)
        if base is None:
            raise click.ClickException(NO_BASE_URL)
        if excel:
            content = invitations.export_invitations_excel(db, event, base, actor=ACTOR_CLI)
        else:
            content = invitations.export_invitations_csv(db, event, base, actor=ACTOR_CLI).encode()
    Path(output).write_bytes(content)
    rows = content.count(b"\n") - 1  # every line ends in \n (\r\n in the office's form)
    click.echo(f"Wrote {rows} invitations to {output}.")


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
            action=audit.EXPORT_ATTENDANCE, fields=reports.export_fields(export),
        )  # fmt: skip
    Path(output).write_bytes(export.content)
    click.echo(f"Wrote the attendance of {export.rows} delegates to {output}.")


@main.command("revoke-invitation")
@click.argument("code")
@click.option("--event", "slug", required=True, help="The event's slug.")
@click.option("--reissue", is_flag=True, help="Give the delegate a new secret; prints the URL.")
@click.option("--base-url", help=BASE_URL_HELP)
@domain_command
def revoke_invitation(slug: str, code: str, reissue: bool, base_url: str | None) -> None:
    """Revoke an invitation (CODE: its URL or secret); --reissue issues a new one."""
    from checkin import invitations

    with session_scope() as db:
        event = events.get_event(db, slug)
        delegate = invitations.revoke_invitation(db, event, code, reissue=reissue)
        name, secret = delegate.name, delegate.secret
        base = base_url_for(base_url, event)
    if not reissue:
        click.echo(f"Revoked the invitation of {name}; its QR is now refused at the door.")
        return
    click.echo(f"Revoked the old invitation of {name}; the new invitation URL:")
    if base is None:
        click.echo("(No public address is set: prefix the path with it, or pass --base-url.)")
    click.echo(invitations.invitation_url(base or "", secret))


@main.command("send-invitations")
@click.option("--event", "slug", required=True, help="The event's slug.")
@click.option("--resend", is_flag=True, help="Also e-mail delegates who were e-mailed before.")
@click.option("--base-url", help=BASE_URL_HELP)
@domain_command
def send_invitations(slug: str, resend: bool, base_url: str | None) -> None:
    """E-mail invitations through the configured SMTP server, each delegate once."""
    from checkin import sending

    settings = sending.SmtpSettings.from_config(current_app.config)
    if settings is None:
        raise click.ClickException("E-mail is not configured: set CHECKIN_SMTP_HOST and _FROM.")
    sent = failed = after_id = 0
    with session_scope() as db:
        event = events.get_event(db, slug)
        base = base_url_for(base_url, event)
        if base is None:
            raise click.ClickException(NO_BASE_URL)
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
