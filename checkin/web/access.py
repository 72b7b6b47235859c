"""Who may use which page: Flask-Login wiring, role checks and the event an account may use."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import UserMixin, current_user
from werkzeug.exceptions import Forbidden, Unauthorized
from werkzeug.wrappers import Response

from checkin import errors
from checkin.accounts.door_passes import account_is_usable
from checkin.accounts.scope import may_access_delegate, may_access_event
from checkin.accounts.share_links import share_link_for
from checkin.accounts.tokens import user_for_token
from checkin.db import get_session
from checkin.events.delegates import get_delegate
from checkin.events.events import get_event
from checkin.extensions import login_manager
from checkin.models import ROLE_LIAISON, Delegate, Event, Region, User


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


def _refuse_unless(roles: tuple[str, ...]) -> Response | None:
    """None for a signed-in account with one of these roles; else the answer to give."""
    if not current_user.is_authenticated:
        if wants_json():
            raise Unauthorized()
        flash(_("Silakan masuk terlebih dahulu."), "info")
        return redirect(url_for("auth.login", next=request.full_path))
    if current_user.role not in roles:
        raise Forbidden()
    return None


def roles_required(*roles: str) -> Callable:
    """Allow a view only to signed-in users with one of these roles."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            refusal = _refuse_unless(roles)
            if refusal is not None:
                return refusal
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


def event_view(*roles: str, share_link: bool = False) -> Callable:
    """The one loader of a route's event: every route with <slug> goes through it.

    It allows the view to signed-in users with one of these roles (as roles_required),
    loads the event of the URL's slug (404 when unknown), checks that the account may work
    on it (403: a door pass of another event, a liaison of another event's region), and
    calls the view with the event first instead of `slug`. A route with <delegate_id> gets
    the delegate second instead: the event's delegate, one the account may see, else 404
    (another event's or region's delegate is "not found", as an unknown id). With
    share_link, anyone holding a valid view-only link (?share=<token>) may use the view
    too, and the view gets `share`: the token to carry into its own URLs (None for
    signed-in users).
    """

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(slug: str, **kwargs: Any) -> Any:
            if share_link:
                token = request.args.get("share", "")
                kwargs["share"] = None
                if token and not (current_user.is_authenticated and current_user.role in roles):
                    return view(shared_event(slug, token), **{**kwargs, "share": token})
            refusal = _refuse_unless(roles)
            if refusal is not None:
                return refusal
            event = account_event(slug)
            if "delegate_id" in kwargs:
                return view(event, account_delegate(event, kwargs.pop("delegate_id")), **kwargs)
            return view(event, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        wrapped.loads_event = True  # type: ignore[attr-defined]
        return wrapped

    return decorator


def account_event(slug: str) -> Event:
    """The event with this slug, if the signed-in account may work on it (else 404 or 403)."""
    event = get_event(get_session(), slug)
    if not may_access_event(current_user, event):
        if current_user.role == ROLE_LIAISON:
            raise errors.Forbidden(
                _("Akun penghubung ini tidak terhubung ke wilayah acara ini. Hubungi panitia.")
            )
        raise errors.Forbidden(_("Akun ini hanya berlaku untuk acara lain."))
    return event


def account_delegate(event: Event, delegate_id: int) -> Delegate:
    """The event's delegate with this id, if the signed-in account may see it, else 404."""
    delegate = get_delegate(get_session(), event, delegate_id)
    if not may_access_delegate(current_user, delegate):
        raise errors.DelegateNotFound(_("Peserta tidak ditemukan."))
    return delegate


def shared_event(slug: str, token: str) -> Event:
    """The event a view-only share link opens (404 unknown event, 403 invalid or expired link)."""
    event = get_event(get_session(), slug)
    if share_link_for(get_session(), event, token) is None:
        raise errors.ShareLinkInvalid(
            _("Tautan layar ini tidak berlaku atau sudah dicabut. Minta tautan baru.")
        )
    return event


def permitted_event(slug: str, *roles: str) -> Event | None:
    """For an error page of an event's route: the event if event_view would allow it, else None."""
    if not (current_user.is_authenticated and current_user.role in roles):
        return None
    try:
        return account_event(slug)
    except errors.CheckinError:
        return None


def init_app(app) -> None:
    """Configure Flask-Login."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"


def event_region(event: Event, region_id: int | None) -> Region | None:
    """The chosen region of the event, None for all; 404 for another event's region."""
    if region_id is None:
        return None
    region = next((r for r in event.regions if r.id == region_id), None)
    if region is None:
        abort(404)
    return region
