"""View-only share links: a screen opens /e/<slug>/live?share=<token> without an account."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin.audit import ACTOR_CLI, record
from checkin.db import utcnow
from checkin.errors import InvalidInput, NotFound
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
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ShareLink(
        event_id=event.id,
        label=label,
        token_hash=hash_share_token(token),
        created_by_id=by.id if by else None,
        created_at=now or utcnow(),
    )
    db.add(link)
    _audit(db, event, by, SHARE_LINK_CREATED, label)
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
        _audit(db, event, by, SHARE_LINK_REVOKED, link.label)
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


def share_link_for(db: Session, event: Event, token: str) -> ShareLink | None:
    """The valid (unrevoked) share link of this event with this token, else None."""
    if not token or len(token) > 200:
        return None
    link = db.scalar(select(ShareLink).where(ShareLink.token_hash == hash_share_token(token)))
    if link is None or not share_link_is_valid(link, event.id):
        return None
    return link


def share_link_is_valid(link: ShareLink, event_id: int) -> bool:
    """True while the link opens this event's screens: it is the event's and not revoked."""
    return link.event_id == event_id and link.revoked_at is None


def _audit(db: Session, event: Event, by: User | None, action: str, detail: str) -> None:
    record(
        db,
        event=event,
        user=by,
        actor=by.username if by else ACTOR_CLI,
        action=action,
        detail=detail,
    )
