"""View-only share links: a screen opens /e/<slug>/live?share=<token> without an account.

A link ends with its event, by the rule door passes follow (`pass_expires_at`): its end is
stored when it is made, and if the organiser later moves the event's end later, the link
lasts until the new end (it is read from the event on every request). Moving the end
earlier does not cut short links already made; revoke them.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin.accounts.door_passes import (
    STATUS_ACTIVE,
    STATUS_EXPIRED,
    STATUS_REVOKED,
    pass_expires_at,
)
from checkin.audit import ACTOR_CLI, record
from checkin.db import utcnow
from checkin.errors import InvalidInput, NotFound, ShareLinkExpired
from checkin.models import Event, ShareLink, User

#: 24 random bytes: 192 bits, like invitation secrets.
TOKEN_BYTES = 24
MAX_LABEL = 120
#: Audit actions: anyone holding a share link sees the names of arriving delegates.
SHARE_LINK_CREATED = "share_link.create"
SHARE_LINK_REVOKED = "share_link.revoke"


def hash_share_token(token: str) -> str:
    """The stored form of a share token (the token itself is shown once)."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_share_link(
    db: Session, event: Event, *, label: str, by: User | None, now: datetime | None = None
) -> tuple[ShareLink, str]:
    """Make a view-only link for an event's live screens; returns the row and the token."""
    label = " ".join((label or "").split())
    if not label:
        raise InvalidInput(_("Beri nama tautan, misalnya “Proyektor ruang utama”."))
    if len(label) > MAX_LABEL:
        raise InvalidInput(_("Nama tautan paling banyak %(n)d karakter.", n=MAX_LABEL))
    now = now or utcnow()
    expires_at = pass_expires_at(event, issued_at=now)
    if now >= expires_at:
        raise InvalidInput(
            _("Acara ini sudah berakhir; ubah waktu selesai acara sebelum membuat tautan layar.")
        )
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ShareLink(
        event_id=event.id,
        label=label,
        token_hash=hash_share_token(token),
        created_by_id=by.id if by else None,
        created_at=now,
        expires_at=expires_at,
    )
    db.add(link)
    _audit(db, event, by, SHARE_LINK_CREATED, {"label": label})
    return link, token


def revoke_share_link(
    db: Session, event: Event, link_id: int, *, by: User | None, now: datetime | None = None
) -> ShareLink:
    """Revoke a share link at once: its screens are refused from their next request."""
    link = db.get(ShareLink, link_id)
    if link is None or link.event_id != event.id:
        raise NotFound(_("Tautan berbagi tidak ditemukan."))
    if link.revoked_at is None:
        link.revoked_at = now or utcnow()
        _audit(db, event, by, SHARE_LINK_REVOKED, {"label": link.label})
    return link


def list_share_links(db: Session, event: Event) -> list[ShareLink]:
    """The event's share links, newest first."""
    return list(
        db.scalars(
            select(ShareLink)
            .where(ShareLink.event_id == event.id)
            .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
        )
    )


def share_link_expires_at(link: ShareLink, event: Event) -> datetime:
    """When the link stops: its stored end, or the event's end if that has moved later."""
    event_end = pass_expires_at(event, issued_at=link.created_at)
    return event_end if link.expires_at is None else max(link.expires_at, event_end)


def share_link_status(link: ShareLink, event: Event, *, now: datetime | None = None) -> str:
    """active, revoked or expired."""
    if link.revoked_at is not None:
        return STATUS_REVOKED
    if (now or utcnow()) >= share_link_expires_at(link, event):
        return STATUS_EXPIRED
    return STATUS_ACTIVE


def share_link_for(
    db: Session, event: Event, token: str, *, now: datetime | None = None
) -> ShareLink | None:
    """The usable share link of this event with this token; None for an unknown or revoked
    one, ShareLinkExpired for one whose event has ended."""
    if not token or len(token) > 200:
        return None
    link = db.scalar(select(ShareLink).where(ShareLink.token_hash == hash_share_token(token)))
    if link is None or link.event_id != event.id:
        return None
    status = share_link_status(link, event, now=now)
    if status == STATUS_EXPIRED:
        raise ShareLinkExpired(
            _(
                "Tautan layar ini sudah kedaluwarsa karena acaranya telah berakhir. Minta "
                "panitia membuat tautan baru, atau mengubah waktu selesai acara."
            ),
            expires_at=share_link_expires_at(link, event),
            timezone=event.timezone,
        )
    return link if status == STATUS_ACTIVE else None


def share_link_is_valid(link: ShareLink, event: Event, *, now: datetime | None = None) -> bool:
    """True while the link opens this event's screens: the event's, neither revoked nor
    expired (for open streams to re-check; share_link_for is the same rule for requests)."""
    return link.event_id == event.id and share_link_status(link, event, now=now) == STATUS_ACTIVE


def _audit(
    db: Session, event: Event, by: User | None, action: str, fields: dict[str, object]
) -> None:
    record(
        db,
        event=event,
        user=by,
        actor=by.username if by else ACTOR_CLI,
        action=action,
        fields=fields,
    )
