"""What let a request in, kept as plain values, and whether it still would.

A request is checked once, when it arrives. A live stream lasts minutes, so it keeps a
`Credential` (ids, never ORM rows or the request) and asks `credential_is_valid` again every
few seconds: a revoked share link, a deactivated account, a revoked API token or a door
pass revoked or reissued ends it. Each rule has its home elsewhere in this package; this
module only puts them together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from checkin.accounts.door_passes import account_is_usable
from checkin.accounts.scope import may_access_event
from checkin.accounts.sessions import session_is_live
from checkin.accounts.share_links import share_link_is_valid
from checkin.accounts.tokens import token_is_valid
from checkin.models import ApiToken, Event, ShareLink, User


@dataclass(frozen=True)
class Credential:
    """What authenticated a request for one event: a share link, or an account (signed in
    by a session, or by an API token) with the roles the route allowed."""

    event_id: int
    share_link_id: int | None = None
    user_id: int | None = None
    #: The API token the account used; None for a browser's login session.
    token_id: int | None = None
    #: The roles the route allows; an account whose role changed since no longer holds.
    roles: tuple[str, ...] = ()
    #: The login session a browser used (None for a share link or a token): logging out,
    #: or an organiser ending the account's sessions, ends the stream too.
    session_id: str | None = None


def account_may_sign_in(db: Session, user: User, *, now: datetime | None = None) -> bool:
    """True while an account may be used at all: active, and for a door-pass account, its
    pass neither revoked nor reissued and its event not over."""
    return user.is_active and account_is_usable(db, user, now=now)


def credential_is_valid(
    db: Session, credential: Credential, *, now: datetime | None = None
) -> bool:
    """True while the credential would still let its request in (a few primary-key reads)."""
    event = db.get(Event, credential.event_id)
    if event is None:
        return False
    if credential.share_link_id is not None:
        link = db.get(ShareLink, credential.share_link_id)
        return link is not None and share_link_is_valid(link, event, now=now)
    user = db.get(User, credential.user_id) if credential.user_id is not None else None
    if user is None or not account_may_sign_in(db, user, now=now):
        return False
    if credential.roles and user.role not in credential.roles:
        return False
    if not may_access_event(user, event):
        return False
    if credential.token_id is not None:
        token = db.get(ApiToken, credential.token_id)
        if token is None or token.user_id != user.id or not token_is_valid(token):
            return False
    if credential.token_id is None and not session_is_live(db, credential.session_id, now=now):
        return False
    return True
