"""Who may use which page: Flask-Login wiring, role checks and the event an account may use.

A request authenticates in one of two ways, never both. A browser sends its signed session
cookie, which names a session kept on the server (checkin.accounts.sessions): once that
session ends, every copy of the cookie signs nobody in. A script or door device sends
`Authorization: Bearer <token>`: then the token alone decides (`TokenAwareSessions` does not
even read the cookie, nor write one back), and a token that does not authenticate is
refused, never taken as "no token".
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Flask, abort, flash, g, redirect, request, session, url_for, wrappers
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_login import UserMixin, current_user, login_user, logout_user
from werkzeug.exceptions import Forbidden, Unauthorized
from werkzeug.wrappers import Request, Response

from checkin import errors
from checkin.accounts.scope import event_for_account, is_limited, may_access_delegate
from checkin.accounts.sessions import (
    door_pass_was_revoked,
    end_session,
    session_user,
    start_session,
)
from checkin.accounts.share_links import share_link_for
from checkin.accounts.tokens import valid_token
from checkin.accounts.users import shown_name
from checkin.db import as_int, get_session
from checkin.events.delegates import get_delegate
from checkin.events.events import get_event
from checkin.extensions import login_manager
from checkin.models import Delegate, Event, Region, ShareLink, User


class LoginUser(UserMixin):
    """What Flask-Login keeps for a signed-in account (a detached copy, not the ORM row)."""

    def __init__(self, user: User, *, token_id: int | None = None) -> None:
        self.id = user.id
        self.username = user.username
        #: The name pages show for the account (checkin.accounts.shown_name).
        self.shown_name = shown_name(user)
        self.role = user.role
        self.region_id = user.region_id
        #: Door-pass accounts: the door and the only event they may work on.
        self.door_id = user.door_id
        self.event_id = user.event_id
        #: The events the account is limited to; empty: every event (accounts.scope).
        self.scoped_event_ids = user.scoped_event_ids
        #: The API token this request came with; None for a login session.
        self.token_id = token_id

    def get_id(self) -> str:
        return str(self.id)

    @property
    def is_limited(self) -> bool:
        """True when the account may not work on every event (nor see the install's pages)."""
        return is_limited(self)

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


#: The Flask session's key for the id of its server-side session.
SESSION_KEY = "login_session"
#: Set on `g` when this request authenticated with a valid API token.
_BY_TOKEN = "authenticated_by_token"


def bearer_token(req: Request | None = None) -> str | None:
    """The token of an `Authorization: Bearer …` header ("" if empty); None without one.

    Other schemes (a proxy's Basic log-in) are not tokens: the cookie decides then.
    """
    scheme, _sep, credentials = (req or request).headers.get("Authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else None


@login_manager.user_loader
def _load_user(user_id: str) -> LoginUser | None:
    # The cookie's session must be live on the server: a cookie kept after logging out, or
    # signed before sessions were kept (no id), signs nobody in. A door pass that was
    # revoked, reissued or outlived its event signs the phone out too.
    account_id = as_int(user_id)
    if account_id is None:
        return None
    user = session_user(get_session(), session.get(SESSION_KEY), user_id=account_id)
    return LoginUser(user) if user is not None else None


@login_manager.request_loader
def _load_user_from_token(req: Request) -> LoginUser | None:
    token = bearer_token(req)
    if token is None:
        return None
    row = valid_token(get_session(), token)
    if row is None:
        return None
    setattr(g, _BY_TOKEN, True)
    return LoginUser(row.user, token_id=row.id)


def is_bearer_request() -> bool:
    """True when the request authenticated with a valid API token (sending one is not enough)."""
    return bool(current_user.is_authenticated and g.get(_BY_TOKEN, False))


def sends_invalid_token() -> bool:
    """True when the request sends a bearer token that authenticates nobody."""
    return bearer_token() is not None and not is_bearer_request()


def sign_in(user: User) -> None:
    """Start a fresh session for the account in this browser (the caller commits).

    A new session at each sign-in (no fixation); the interface language is kept.
    """
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session[SESSION_KEY] = start_session(get_session(), user)
    login_user(LoginUser(user))


def sign_out() -> None:
    """End this browser's session, and only this one (the caller commits)."""
    end_session(get_session(), session.pop(SESSION_KEY, None))
    logout_user()


def current_session_id() -> str | None:
    """The id of this browser's server-side session (None for token requests)."""
    return session.get(SESSION_KEY)


class _TokenRequestSession(SecureCookieSession):
    """The empty session of a token request: never read from a cookie, never saved."""


class TokenAwareSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, except that a request with a bearer token has none:
    its cookie is ignored, so the token alone can authenticate it, and no cookie is set."""

    def open_session(self, app: Flask, request: wrappers.Request) -> SecureCookieSession | None:
        if bearer_token(request) is not None:
            return _TokenRequestSession()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: Any, response: wrappers.Response) -> None:
        if not isinstance(session, _TokenRequestSession):
            super().save_session(app, session, response)


def wants_json() -> bool:
    """True for API paths and clients that ask for JSON."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _refuse_unless(roles: tuple[str, ...]) -> Response | None:
    """None for a signed-in account with one of these roles; else the answer to give."""
    if not current_user.is_authenticated:
        if door_pass_was_revoked(get_session(), session.get(SESSION_KEY)):
            revoked = errors.DoorPassRevoked(
                _("Pass pintu ini dicabut panitia — pindai QR pass baru.")
            )
            if wants_json():
                raise revoked
            flash(revoked.message, "error")
            return redirect(url_for("auth.login"))
        if wants_json():
            raise Unauthorized()
        flash(_("Silakan masuk terlebih dahulu."), "info")
        return redirect(url_for("auth.login", next=request.full_path))
    if current_user.role not in roles:
        raise Forbidden()
    return None


def roles_required(*roles: str, every_event: bool = False) -> Callable:
    """Allow a view only to signed-in users with one of these roles. With every_event, only
    to accounts not limited to some events: the page shows or changes the whole install
    (every account, new events), which an organiser of one event may not."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            refusal = _refuse_unless(roles)
            if refusal is not None:
                return refusal
            if every_event and current_user.is_limited:
                raise errors.Forbidden(
                    _("Halaman ini untuk panitia semua acara; akun Anda hanya untuk acaranya.")
                )
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        wrapped.every_event = every_event  # type: ignore[attr-defined]
        return wrapped

    return decorator


def event_view(*roles: str, share_link: bool = False) -> Callable:
    """The one loader of a route's event: every route with <slug> goes through it.

    It allows the view to signed-in users with one of these roles (as roles_required),
    loads the event of the URL's slug if the account may work on it (else 404, the same
    answer as for an unknown slug: another event's door pass, limited account or liaison
    cannot even tell that the event exists), and calls the view with the event first
    instead of `slug`. A route with <delegate_id> gets
    the delegate second instead: the event's delegate, one the account may see, else 404
    (another event's or region's delegate is "not found", as an unknown id). With
    share_link, anyone holding a valid view-only link (?share=<token>) may use the view
    too (a signed-in account that may not, as well), and the view gets `share`: the token
    to carry into its own URLs (None for signed-in users).
    """

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(slug: str, **kwargs: Any) -> Any:
            if share_link:
                token = request.args.get("share", "")
                kwargs["share"] = None
                if token and permitted_event(slug, *roles) is None:
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
    """The event with this slug, if the signed-in account may work on it (else 404)."""
    return event_for_account(get_session(), current_user, slug)


def account_delegate(event: Event, delegate_id: int) -> Delegate:
    """The event's delegate with this id, if the signed-in account may see it, else 404."""
    delegate = get_delegate(get_session(), event, delegate_id)
    if not may_access_delegate(current_user, delegate):
        raise errors.DelegateNotFound(_("Peserta tidak ditemukan."))
    return delegate


def shared_event(slug: str, token: str) -> Event:
    """The event a view-only share link opens; else 403, for an unknown event too (so a
    made-up link does not tell which slugs exist)."""
    try:
        event = get_event(get_session(), slug)
    except errors.EventNotFound:
        raise _invalid_share_link() from None
    shared_link(event, token)
    return event


def shared_link(event: Event, token: str) -> ShareLink:
    """The event's valid share link with this token, else 403."""
    link = share_link_for(get_session(), event, token)
    if link is None:
        raise _invalid_share_link()
    return link


def _invalid_share_link() -> errors.ShareLinkInvalid:
    return errors.ShareLinkInvalid(
        _("Tautan layar ini tidak berlaku atau sudah dicabut. Minta tautan baru.")
    )


def permitted_event(slug: str, *roles: str) -> Event | None:
    """For an error page of an event's route: the event if event_view would allow it, else None."""
    if not (current_user.is_authenticated and current_user.role in roles):
        return None
    try:
        return account_event(slug)
    except errors.CheckinError:
        return None


def init_app(app: Flask) -> None:
    """Configure Flask-Login and the sessions."""
    app.session_interface = TokenAwareSessions()
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
