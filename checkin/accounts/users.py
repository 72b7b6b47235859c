"""Accounts: creating users, passwords and signing in (no Flask globals here)."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin.accounts.passwords import hash_password, password_matches
from checkin.accounts.scope import limit_to_events
from checkin.accounts.sessions import REASON_PASSWORD, Actor, end_sessions
from checkin.audit import record
from checkin.db import unique_or_raise
from checkin.errors import AlreadyExists, Forbidden, InvalidInput, WrongPassword
from checkin.models import ROLES, USERNAME_UNIQUE, Event, User
from checkin.text import clean_text

MIN_PASSWORD_LENGTH = 8
#: Audit action: a person changed their own password.
PASSWORD_CHANGED = "account.password"

MAX_DISPLAY_NAME = 80


def name_to_show(display_name: str | None, door_name: str | None, username: str) -> str:
    """The name an account is shown by: its display name, else (a door pass's hidden
    account) its door's name, else its username. For rows read as plain columns."""
    return display_name or door_name or username


def shown_name(user: User | None) -> str | None:
    """The name every surface shows for an account (the scan log and its filter, verdicts,
    conflicts, the audit log), never the `pintu-1-d6acc7c3` a door pass signs in as."""
    if user is None:
        return None
    return name_to_show(user.display_name, user.door.name if user.door else None, user.username)


def clean_display_name(value: object) -> str | None:
    """A typed display name (spaces folded, at most 80 characters); None when blank."""
    return clean_text(value, field=_("Nama tampilan"), max_length=MAX_DISPLAY_NAME, required=False)


def set_display_name(user: User, value: object) -> None:
    """Give an account the name others see (blank: none, the username shows)."""
    user.display_name = clean_display_name(value)


def create_user(
    db: Session,
    username: str,
    *,
    role: str,
    password: str | None = None,
    events: Iterable[Event] = (),
    display_name: str | None = None,
) -> User:
    """Create an account with a role, limited to these events (none: every event); the
    password is stored hashed."""
    username = username.strip()
    if not username or len(username) > 80:
        raise InvalidInput(_("Nama pengguna wajib diisi (paling banyak 80 karakter)."))
    if role not in ROLES:
        raise InvalidInput(_("Peran %(role)s tidak dikenal.", role=role))
    user = User(username=username, role=role, display_name=clean_display_name(display_name))
    if password is not None:
        set_password(db, user, password, by=None)
    limit_to_events(user, events)
    taken = AlreadyExists(_("Pengguna %(name)s sudah ada.", name=username))
    with unique_or_raise(db, (USERNAME_UNIQUE,), taken):
        db.add(user)
    return user


def set_password(
    db: Session, user: User, password: str, *, by: Actor | None, keep_session: str | None = None
) -> None:
    """Hash and set a password, refusing short ones.

    The one way to change a password: an existing account's sessions all end (but
    keep_session, the changer's own), so whoever knew the old password is signed out too.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(_("Kata sandi minimal %(n)d karakter.", n=MIN_PASSWORD_LENGTH))
    user.password_hash = hash_password(password)
    if user.id is not None:
        end_sessions(db, user, by=by, reason=REASON_PASSWORD, keep=keep_session)


def change_own_password(
    db: Session, user_id: int, current: str, new: str, *, keep_session: str | None
) -> User:
    """A person changes their own password, proving the current one; their other sessions
    end (keep_session, this browser's, goes on); audit-logged. Door-pass accounts have no
    password to change."""
    user = db.get(User, user_id)
    if user is None or user.door_id is not None or not user.is_active:
        raise Forbidden(_("Akun pass pintu tidak memakai kata sandi."))
    if not user.password_hash or not password_matches(user.password_hash, current):
        raise WrongPassword(_("Kata sandi saat ini salah."))
    set_password(db, user, new, by=user, keep_session=keep_session)
    record(db, event=None, user=user, actor=user.username, action=PASSWORD_CHANGED)
    return user


def authenticate(db: Session, username: str, password: str) -> User | None:
    """Return the active user with this name and password, else None."""
    user = db.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.is_active or not user.password_hash:
        # Same work either way so timing does not tell which names exist.
        password_matches(_DUMMY_HASH, password)
        return None
    return user if password_matches(user.password_hash, password) else None


_DUMMY_HASH = hash_password("not-a-real-password")
