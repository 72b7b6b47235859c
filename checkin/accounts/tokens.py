"""API tokens for door devices and scripts: shown once, stored hashed, revocable."""

from __future__ import annotations

import hashlib
import secrets

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin.accounts.door_passes import account_is_usable
from checkin.db import utcnow
from checkin.errors import UserNotFound
from checkin.models import ApiToken, User

#: Longer than any token create_token makes: refused before hashing.
MAX_TOKEN = 200


def hash_token(token: str) -> str:
    """Return the stored form of an API token."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(db: Session, username: str, *, name: str | None = None) -> str:
    """Create an API token for a user and return it (shown once, stored hashed)."""
    user = db.scalar(select(User).where(User.username == username))
    if user is None:
        raise UserNotFound(_("Pengguna %(name)s tidak ditemukan.", name=username))
    token = "ck_" + secrets.token_urlsafe(32)
    db.add(ApiToken(user=user, name=name or username, token_hash=hash_token(token)))
    db.flush()
    return token


def user_for_token(db: Session, token: str) -> User | None:
    """Return the active user of a valid, unrevoked API token; a door-pass account's token
    stops with its pass (revoked, reissued or past its event), like the pass's sessions."""
    row = valid_token(db, token)
    return row.user if row is not None else None


def valid_token(db: Session, token: str) -> ApiToken | None:
    """The stored row of a valid API token (see token_is_valid), else None; a door-pass
    account's token stops with its pass (revoked, reissued or past its event)."""
    if not token or len(token) > MAX_TOKEN:
        return None
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or not token_is_valid(row):
        return None
    return row if account_is_usable(db, row.user) else None


def token_is_valid(row: ApiToken) -> bool:
    """True while a token lets its owner in: not revoked, and its account active."""
    return row.revoked_at is None and row.user.is_active


def revoke_token(db: Session, token_id: int) -> None:
    """Revoke an API token at once."""
    row = db.get(ApiToken, token_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
