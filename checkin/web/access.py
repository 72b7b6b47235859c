"""Who may use which page: Flask-Login wiring, role checks and the event an account may use."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import UserMixin, current_user
from werkzeug.exceptions import Forbidden, Unauthorized

from checkin.accounts.door_passes import account_is_usable
from checkin.accounts.scope import may_access_event
from checkin.accounts.tokens import user_for_token
from checkin.db import get_session
from checkin.events.events import get_event
from checkin.extensions import login_manager
from checkin.models import Delegate, Event, Region, User


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


def event_delegate(event: Event, delegate_id: int) -> Delegate:
    """A delegate of this event, else 404 (an id of another event finds nothing)."""
    delegate = get_session().get(Delegate, delegate_id)
    if delegate is None or delegate.event_id != event.id:
        abort(404)
    return delegate


def event_region(event: Event, region_id: int | None) -> Region | None:
    """The chosen region of the event, None for all; 404 for another event's region."""
    if region_id is None:
        return None
    region = next((r for r in event.regions if r.id == region_id), None)
    if region is None:
        abort(404)
    return region
