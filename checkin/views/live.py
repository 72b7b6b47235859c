"""The live screens: attendance for the projector (/live), the welcome TV (/welcome), and the
organiser's view-only share links for screens that should not sign in.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import Forbidden, Unauthorized

from checkin.accounts import (
    create_share_link,
    list_share_links,
    may_access_event,
    revoke_share_link,
    share_link_for,
)
from checkin.db import get_session
from checkin.errors import CheckinError, ShareLinkInvalid
from checkin.events import get_event
from checkin.formatting import tz_label
from checkin.models import ROLE_ADMIN, ROLE_VIEWER, Event, User
from checkin.web.access import allowed_event, roles_required, wants_json
from checkin.web.urls import public_url_for

bp = Blueprint("live", __name__)

#: Who may watch without a share link.
LIVE_ROLES = (ROLE_ADMIN, ROLE_VIEWER)


def live_access(view: Callable) -> Callable:
    """Allow organisers and viewers, or anyone holding a valid share link (?share=<token>).

    The view is called as view(event, share) where `share` is the token to carry into the
    page's own URLs (None for signed-in users).
    """

    @functools.wraps(view)
    def wrapped(slug: str) -> Any:
        share = request.args.get("share", "")
        if current_user.is_authenticated and current_user.role in LIVE_ROLES:
            event = get_event(get_session(), slug)
            if not may_access_event(current_user, event):
                raise Forbidden()
            return view(event, None)
        if share:
            event = get_event(get_session(), slug)
            if share_link_for(get_session(), event, share) is None:
                raise ShareLinkInvalid(
                    _("Tautan layar ini tidak berlaku atau sudah dicabut. Minta tautan baru.")
                )
            return view(event, share)
        if current_user.is_authenticated:
            raise Forbidden()
        if wants_json():
            raise Unauthorized()
        flash(_("Silakan masuk terlebih dahulu."), "info")
        return redirect(url_for("auth.login", next=request.full_path))

    return wrapped


def _screen_urls(event: Event, share: str | None) -> dict[str, str]:
    return {
        "stream_url": url_for("api.stats_stream", slug=event.slug, share=share),
        "stats_url": url_for("api.stats", slug=event.slug, share=share),
        "tz_label": tz_label(event.timezone),
    }


@bp.get("/e/<slug>/live")
@live_access
def live(event: Event, share: str | None):
    return render_template("live/live.html", event=event, share=share, **_screen_urls(event, share))


@bp.get("/e/<slug>/welcome")
@live_access
def welcome(event: Event, share: str | None):
    return render_template(
        "live/welcome.html", event=event, share=share, **_screen_urls(event, share)
    )


@bp.get("/e/<slug>/live/links")
@roles_required(ROLE_ADMIN)
def share_links(slug: str):
    event = allowed_event(slug)
    return _render_links(event)


def _render_links(event: Event, *, new_url: str | None = None, error: str | None = None):
    return render_template(
        "live/share_links.html",
        event=event,
        links=list_share_links(get_session(), event),
        new_url=new_url,
        error=error,
    )


@bp.post("/e/<slug>/live/links")
@roles_required(ROLE_ADMIN)
def create_link(slug: str):
    db = get_session()
    event = allowed_event(slug)
    try:
        _link, token = create_share_link(
            db, event, label=request.form.get("label", ""), by=db.get(User, current_user.id)
        )
    except CheckinError as exc:
        db.rollback()
        return _render_links(event, error=exc.message), 422
    db.commit()
    # The token is stored hashed: this page is the only time it can be shown.
    new_url = public_url_for("live.live", slug=event.slug, share=token)
    return _render_links(event, new_url=new_url)


@bp.post("/e/<slug>/live/links/<int:link_id>/revoke")
@roles_required(ROLE_ADMIN)
def revoke_link(slug: str, link_id: int):
    db = get_session()
    event = allowed_event(slug)
    link = revoke_share_link(db, event, link_id, by=db.get(User, current_user.id))
    db.commit()
    flash(_("Tautan “%(label)s” dicabut.", label=link.label), "success")
    return redirect(url_for("live.share_links", slug=event.slug))
