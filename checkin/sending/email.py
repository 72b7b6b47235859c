"""Invitation e-mails through SMTP: in batches, each delegate once unless a resend is asked for."""

from __future__ import annotations

import html
import logging
import re
import smtplib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from typing import cast

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from checkin.db import utcnow
from checkin.errors import EmailFailed
from checkin.invitations.links import invitation_url
from checkin.invitations.qr import qr_png
from checkin.models import Delegate, Event
from checkin.sending.status import CHANNEL_EMAIL, mark_sent
from checkin.sending.templates import invitation_message

log = logging.getLogger(__name__)

#: Delegates per batch: one request of the bulk page, a few seconds of SMTP at most.
BATCH_SIZE = 20
SMTP_TIMEOUT = 20


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str
    password: str
    sender: str
    starttls: bool

    @classmethod
    def from_config(cls, config: Mapping) -> SmtpSettings | None:
        """The SMTP settings from the app config, or None when e-mail is not configured."""
        if not config["SMTP_HOST"] or not config["SMTP_FROM"]:
            return None
        return cls(
            host=config["SMTP_HOST"],
            port=int(config["SMTP_PORT"]),
            user=config["SMTP_USER"],
            password=config["SMTP_PASSWORD"],
            sender=config["SMTP_FROM"],
            starttls=_truthy(config["SMTP_STARTTLS"]),
        )


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "false", "no", "off", "")
    return bool(value)


@contextmanager
def smtp_connection(settings: SmtpSettings) -> Iterator[smtplib.SMTP]:
    """An open, logged-in SMTP connection (SSL on port 465, else STARTTLS when enabled)."""
    try:
        if settings.port == 465:
            conn: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=SMTP_TIMEOUT
            )
        else:
            conn = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT)
            if settings.starttls:
                conn.starttls()
        if settings.user:
            conn.login(settings.user, settings.password)
    except (OSError, smtplib.SMTPException) as exc:
        raise EmailFailed(
            _(
                "Tidak dapat terhubung ke server e-mail %(host)s:%(port)s (%(reason)s). "
                "Periksa pengaturan SMTP.",
                host=settings.host,
                port=settings.port,
                reason=exc.__class__.__name__,
            )
        ) from exc
    try:
        yield conn
    finally:
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            conn.close()


def invitation_email(event: Event, delegate: Delegate, base_url: str, sender: str) -> EmailMessage:
    """The invitation e-mail: the event's message as text and HTML, with the QR inline."""
    url = invitation_url(base_url, delegate.secret)
    message = invitation_message(event, delegate, base_url)
    msg = EmailMessage()
    msg["Subject"] = _("Undangan %(name)s", name=event.name)
    msg["From"] = sender
    msg["To"] = formataddr((delegate.name, delegate.email or ""))
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    msg.set_content(re.sub(r"\*([^*\n]+)\*", r"\1", message))
    cid = make_msgid()
    msg.add_alternative(_html_body(message, url, cid[1:-1]), subtype="html")
    html_part = cast(list[EmailMessage], msg.get_payload())[1]
    html_part.add_related(
        qr_png(url, scale=8), "image", "png", cid=cid, filename="kode-qr-undangan.png"
    )
    return msg


def _html_body(message: str, url: str, cid: str) -> str:
    body = html.escape(message)
    body = re.sub(r"\*([^*\n]+)\*", r"<strong>\1</strong>", body)
    body = body.replace(html.escape(url), f'<a href="{html.escape(url)}">{html.escape(url)}</a>')
    body = body.replace("\n", "<br>\n")
    alt = html.escape(_("Kode QR undangan"))
    return (
        '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">'
        f"<p>{body}</p>"
        f'<p><img src="cid:{cid}" alt="{alt}" width="240" height="240" '
        'style="background:#fff;padding:8px"></p></body></html>'
    )


# --- who gets an e-mail --------------------------------------------------------------------


def _targets(event: Event, *, resend: bool) -> Select:
    query = select(Delegate).where(
        Delegate.event_id == event.id,
        Delegate.revoked_at.is_(None),
        Delegate.email.is_not(None),
        Delegate.email != "",
    )
    return query if resend else query.where(Delegate.emailed_at.is_(None))


def pending_count(db: Session, event: Event, *, resend: bool = False, after_id: int = 0) -> int:
    """How many delegates a (re)send would still reach after `after_id`."""
    query = _targets(event, resend=resend).where(Delegate.id > after_id)
    return db.scalar(select(func.count()).select_from(query.subquery())) or 0


def without_email(db: Session, event: Event, *, limit: int = 100) -> tuple[list[Delegate], int]:
    """Up to `limit` delegates with no e-mail address (they are skipped), and how many in all."""
    cond = (
        Delegate.event_id == event.id,
        Delegate.revoked_at.is_(None),
        (Delegate.email.is_(None)) | (Delegate.email == ""),
    )
    total = db.scalar(select(func.count()).select_from(Delegate).where(*cond)) or 0
    rows = db.scalars(
        select(Delegate)
        .options(joinedload(Delegate.region))
        .where(*cond)
        .order_by(Delegate.name)
        .limit(limit)
    )
    return list(rows), total


@dataclass
class EmailBatch:
    """What one batch did; `last_id` is where the next batch starts."""

    sent: int = 0
    failed: list[tuple[int, str, str]] = field(default_factory=list)
    last_id: int = 0
    remaining: int = 0

    @property
    def done(self) -> bool:
        return self.remaining == 0


def send_invitation_emails(
    db: Session,
    event: Event,
    settings: SmtpSettings,
    *,
    base_url: str,
    resend: bool = False,
    after_id: int = 0,
    delegate_id: int | None = None,
    limit: int = BATCH_SIZE,
    checkpoint: Callable[[], None] | None = None,
    now: datetime | None = None,
) -> EmailBatch:
    """E-mail the next `limit` delegates (id order, after `after_id`) their invitation.

    A delegate already e-mailed is skipped unless `resend`. Each success sets emailed_at and
    calls `checkpoint` (the caller's commit), so a crash never causes a second e-mail; it is
    also called before connecting, so no database transaction (on SQLite: the write lock the
    doors need) stays open while we talk to the mail server. A refused address counts as
    failed and the batch goes on; an unreachable server raises EmailFailed.
    """
    query = _targets(event, resend=resend).where(Delegate.id > after_id)
    if delegate_id is not None:
        query = query.where(Delegate.id == delegate_id)
    delegates = list(
        db.scalars(query.options(joinedload(Delegate.region)).order_by(Delegate.id).limit(limit))
    )
    batch = EmailBatch(last_id=after_id)
    checkpoint = checkpoint or (lambda: None)
    if delegates:
        checkpoint()
        with smtp_connection(settings) as conn:
            for delegate in delegates:
                batch.last_id = delegate.id
                if not _send_one(conn, event, delegate, settings, base_url, batch):
                    continue
                delegate.emailed_at = now or utcnow()
                mark_sent(db, delegate, channel=CHANNEL_EMAIL, now=delegate.emailed_at)
                checkpoint()
    if delegate_id is None:
        batch.remaining = pending_count(db, event, resend=resend, after_id=batch.last_id)
    return batch


def _send_one(
    conn: smtplib.SMTP,
    event: Event,
    delegate: Delegate,
    settings: SmtpSettings,
    base_url: str,
    batch: EmailBatch,
) -> bool:
    """Send one invitation; a refused address is recorded in the batch and returns False."""
    try:
        conn.send_message(invitation_email(event, delegate, base_url, settings.sender))
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError) as exc:
        log.warning("invitation e-mail to delegate %s refused: %s", delegate.id, type(exc).__name__)
        batch.failed.append((delegate.id, delegate.name, _("Alamat ditolak server e-mail.")))
        return False
    except (OSError, smtplib.SMTPException) as exc:
        raise EmailFailed(
            _("Koneksi ke server e-mail terputus (%(reason)s).", reason=type(exc).__name__)
        ) from exc
    batch.sent += 1
    return True
