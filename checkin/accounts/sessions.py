"""Signed-in sessions, kept on the server, so that a copy of a cookie dies with its session.

Signing in (password or door-pass PIN) starts a session: a random id that the signed session
cookie carries, and a row holding only its SHA-256 hash. Every request of that browser reads
the row (`session_user`); logging out ends that one session (the other phones of a shared
door pass stay signed in), while deactivating an account, giving it a new password, the
organiser's "Akhiri semua sesi" and `checkin end-sessions` end all the account's sessions.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Protocol, cast

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from checkin.accounts.door_passes import STATUS_REVOKED, account_is_usable, pass_status
from checkin.audit import ACTOR_CLI, record
from checkin.db import utcnow
from checkin.models import Door, Event, LoginSession, User

#: 32 random bytes: 256 bits, 43 characters in the cookie.
SESSION_ID_BYTES = 32
#: Longer than any id this module makes: refused before hashing.
MAX_SESSION_ID = 100
#: Audit action: every session of an account was ended (detail: whose, why, how many).
SESSIONS_ENDED = "sessions.end"

REASON_MANUAL = "manual"
REASON_DEACTIVATED = "deactivated"
REASON_PASSWORD = "password"


class Actor(Protocol):
    """Who ends sessions: a User row or the signed-in copy of one."""

    id: int
    username: str


def hash_session_id(session_id: str) -> str:
    """The stored form of a session id."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_session(db: Session, user: User, *, now: datetime | None = None) -> str:
    """Open a session for this account and return its id, for the cookie only."""
    session_id = secrets.token_urlsafe(SESSION_ID_BYTES)
    db.add(
        LoginSession(
            user_id=user.id, secret_hash=hash_session_id(session_id), created_at=now or utcnow()
        )
    )
    db.flush()
    return session_id


def session_user(
    db: Session, session_id: str | None, *, user_id: int | None = None, now: datetime | None = None
) -> User | None:
    """The account of a live session (not ended, account active, its door pass still
    valid), else None; with user_id, only if the session is that account's.

    One indexed read of the session joined with its account; a door-pass account also
    reads its door.
    """
    if not session_id or len(session_id) > MAX_SESSION_ID:
        return None
    query = (
        select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            LoginSession.secret_hash == hash_session_id(session_id),
            LoginSession.ended_at.is_(None),
            User.is_active.is_(True),
        )
    )
    if user_id is not None:
        query = query.where(User.id == user_id)
    user = db.scalar(query)
    if user is None or not account_is_usable(db, user, now=now):
        return None
    return user


def door_pass_was_revoked(db: Session, session_id: str | None) -> bool:
    """True when this (no longer live) session was opened with a door pass that the
    organiser has since revoked or reissued: the phone should be told so, not only "sign
    in". An ended event or a removed door is not a revocation."""
    if not session_id or len(session_id) > MAX_SESSION_ID:
        return False
    user = db.scalar(
        select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            LoginSession.secret_hash == hash_session_id(session_id),
            LoginSession.ended_at.is_(None),
            User.door_id.is_not(None),
        )
    )
    door = db.get(Door, user.door_id) if user is not None and user.door_id is not None else None
    if user is None or door is None:
        return False
    # Reissuing disables the old pass's accounts; revoking also marks the door's pass.
    return not user.is_active or pass_status(door) == STATUS_REVOKED


def session_is_live(db: Session, session_id: str | None, *, now: datetime | None = None) -> bool:
    """True while this session still signs its browser in (for open streams to re-check)."""
    return session_user(db, session_id, now=now) is not None


def end_session(db: Session, session_id: str | None, *, now: datetime | None = None) -> None:
    """End one session (logging out); the account's other sessions go on."""
    if not session_id or len(session_id) > MAX_SESSION_ID:
        return
    db.execute(
        update(LoginSession)
        .where(
            LoginSession.secret_hash == hash_session_id(session_id),
            LoginSession.ended_at.is_(None),
        )
        .values(ended_at=now or utcnow())
    )


def end_sessions(
    db: Session,
    user: User,
    *,
    by: Actor | None,
    reason: str,
    keep: str | None = None,
    now: datetime | None = None,
) -> int:
    """End every live session of the account but `keep` (the caller's own, if theirs);
    audit-logged. Returns how many ended."""
    query = update(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.ended_at.is_(None)
    )
    if keep:
        query = query.where(LoginSession.secret_hash != hash_session_id(keep))
    result = cast(CursorResult, db.execute(query.values(ended_at=now or utcnow())))
    count = result.rowcount
    record(
        db,
        event=db.get(Event, user.event_id) if user.event_id is not None else None,
        user=by,
        actor=by.username if by is not None else ACTOR_CLI,
        action=SESSIONS_ENDED,
        fields={"account": user.username, "sessions": count, "reason": reason},
        now=now,
    )
    return count
