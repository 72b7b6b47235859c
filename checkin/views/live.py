"""The live screens: attendance for the projector (/live), the welcome TV (/welcome), and the
organiser's view-only share links for screens that should not sign in.
"""

from __future__ import annotations

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

from checkin.accounts import (
    STATUS_ACTIVE,
    STATUS_EXPIRED,
    create_share_link,
    list_share_links,
    pass_expires_at,
    revoke_share_link,
    share_link_expires_at,
    share_link_status,
)
from checkin.db import get_session
from checkin.errors import CheckinError
from checkin.formatting import tz_label
from checkin.models import ROLE_ADMIN, ROLE_VIEWER, Event, User
from checkin.web.access import event_view
from checkin.web.urls import public_url_for, require_public_base

bp = Blueprint("live", __name__)

#: Who may watch without a share link.
LIVE_ROLES = (ROLE_ADMIN, ROLE_VIEWER)


def _screen_urls(event: Event, share: str | None) -> dict[str, str]:
    return {
        "stream_url": url_for("api.stats_stream", slug=event.slug, share=share),
        "stats_url": url_for("api.stats", slug=event.slug, share=share),
        "tz_label": tz_label(event.timezone),
    }


@bp.get("/e/<slug>/live")
@event_view(*LIVE_ROLES, share_link=True)
def live(event: Event, share: str | None):
    return render_template("live/live.html", event=event, share=share, **_screen_urls(event, share))


@bp.get("/e/<slug>/welcome")
@event_view(*LIVE_ROLES, share_link=True)
def welcome(event: Event, share: str | None):
    return render_template(
        "live/welcome.html", event=event, share=share, **_screen_urls(event, share)
    )


@bp.get("/e/<slug>/live/links")
@event_view(ROLE_ADMIN)
def share_links(event: Event):
    return _render_links(event)


def _render_links(event: Event, *, new_url: str | None = None, error: str | None = None):
    rows = [
        {
            "link": link,
            "status": share_link_status(link, event),
            "expires_at": share_link_expires_at(link, event),
        }
        for link in list_share_links(get_session(), event)
    ]
    return render_template(
        "live/share_links.html",
        event=event,
        rows=rows,
        expires_at=pass_expires_at(event),
        new_url=new_url,
        error=error,
        STATUS_ACTIVE=STATUS_ACTIVE,
        STATUS_EXPIRED=STATUS_EXPIRED,
    )


@bp.post("/e/<slug>/live/links")
@event_view(ROLE_ADMIN)
def create_link(event: Event):
    # The token is shown once, in its link: without an address for the link, make none.
    require_public_base(event)
    db = get_session()
    try:
        _link, token = create_share_link(
            db, event, label=request.form.get("label", ""), by=db.get(User, current_user.id)
        )
    except CheckinError as exc:
        db.rollback()
        return _render_links(event, error=exc.message), 422
    db.commit()
    # The token is stored hashed: this page is the only time it can be shown.
    new_url = public_url_for(event, "live.live", slug=event.slug, share=token)
    return _render_links(event, new_url=new_url)


@bp.post("/e/<slug>/live/links/<int:link_id>/revoke")
@event_view(ROLE_ADMIN)
def revoke_link(event: Event, link_id: int):
    db = get_session()
    link = revoke_share_link(db, event, link_id, by=db.get(User, current_user.id))
    db.commit()
    flash(_("Tautan “%(label)s” dicabut.", label=link.label), "success")
    return redirect(url_for("live.share_links", slug=event.slug))
