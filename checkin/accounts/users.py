"""Accounts: passwords, API tokens, Flask-Login wiring and role checks."""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import UserMixin, current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.exceptions import Forbidden, Unauthorized

from checkin.accounts.door_passes import account_is_usable, may_access_event
from checkin.accounts.passwords import hash_password, password_matches
from checkin.db import get_session, utcnow
from checkin.errors import AlreadyExists, InvalidInput, UserNotFound
from checkin.events.events import get_event
from checkin.extensions import login_manager
from checkin.models import ROLES, ApiToken, Event, User

MIN_PASSWORD_LENGTH = 8


class LoginUser(UserMixin):
    """What Flask-Login keeps for a signed-in account (a detached copy, not the ORM row)."""

    def __init__(self, user: User) -> None:
        self.id = user.id
        self.username = user.username
        self.role = user.role
        self.region_id = user.region_id
        #: Door-pass accounts: the door and the only event they may work on.
        self.door_id = user.door_id
        self.event_id = user.event_id

    def get_id(self) -> str:
        return str(self.id)

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


# --- domain functions (no Flask globals) -------------------------------------------------


def create_user(db: Session, username: str, *, role: str, password: str | None = None) -> User:
    """Create an account with a role; the password is stored hashed."""
    username = username.strip()
    if not username or len(username) > 80:
        raise InvalidInput(_("Nama pengguna wajib diisi (paling banyak 80 karakter)."))
    if role not in ROLES:
        raise InvalidInput(_("Peran %(role)s tidak dikenal.", role=role))
    if db.scalar(select(User).where(User.username == username)):
        raise AlreadyExists(_("Pengguna %(name)s sudah ada.", name=username))
    user = User(username=username, role=role)
    if password is not None:
        set_password(user, password)
    db.add(user)
    db.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Hash and set a password, refusing short ones."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(_("Kata sandi minimal %(n)d karakter.", n=MIN_PASSWORD_LENGTH))
    user.password_hash = hash_password(password)


def authenticate(db: Session, username: str, password: str) -> User | None:
    """Return the active user with this name and password, else None."""
    user = db.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.is_active or not user.password_hash:
        # Same work either way so timing does not tell which names exist.
        password_matches(_DUMMY_HASH, password)
        return None
    return user if password_matches(user.password_hash, password) else None


_DUMMY_HASH = hash_password("not-a-real-password")


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
    """Return the active user of a valid, unrevoked API token."""
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None or not row.user.is_active:
        return None
    return row.user


def revoke_token(db: Session, token_id: int) -> None:
    """Revoke an API token at once."""
    row = db.get(ApiToken, token_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()


# --- Flask wiring ------------------------------------------------------------------------


@login_manager.user_loader
def _load_user(user_id: str) -> LoginUser | None:
    try:
        user = get_session().get(User, int(user_id))
    except ValueError:
        return None
    if user is None or not user.is_active:
        return None
    # A door pass that was revoked, reissued or outlived its event signs the phone out.
    if user.door_id is not None and not account_is_usable(get_session(), user):
        return None
    return LoginUser(user)


@login_manager.request_loader
def _load_user_from_token(req) -> LoginUser | None:
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    user = user_for_token(get_session(), header[7:].strip())
    return LoginUser(user) if user is not None else None


def is_bearer_request() -> bool:
    """True when the request authenticates with an API token rather than a session."""
    return request.headers.get("Authorization", "").startswith("Bearer ")


def wants_json() -> bool:
    """True for API paths and clients that ask for JSON."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def roles_required(*roles: str) -> Callable:
    """Allow a view only to signed-in users with one of these roles."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                if wants_json():
                    raise Unauthorized()
                flash(_("Silakan masuk terlebih dahulu."), "info")
                return redirect(url_for("auth.login", next=request.full_path))
            if current_user.role not in roles:
                raise Forbidden()
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


def allowed_event(slug: str) -> Event:
    """The event with this slug; 403 when the signed-in account belongs to another event."""
    event = get_event(get_session(), slug)
    if not may_access_event(current_user, event):
        raise Forbidden()
    return event


def init_app(app) -> None:
    """Configure Flask-Login."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
