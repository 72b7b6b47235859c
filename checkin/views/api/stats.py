"""API routes: live statistics, as JSON and as a Server-Sent Events stream."""

from __future__ import annotations

from flask import Response, current_app

from checkin.db import get_session
from checkin.live import compute_stats
from checkin.models import Event
from checkin.views.api.base import bp
from checkin.views.live import LIVE_ROLES
from checkin.web.access import event_view
from checkin.web.limits import live_limit
from checkin.web.streams import open_stream


@bp.get("/events/<slug>/stats")
@live_limit
@event_view(*LIVE_ROLES, share_link=True)
def stats(event: Event, share: str | None):
    # Computed for each request, never cached: a poll right after a scan shows that scan.
    response = current_app.json.response(compute_stats(get_session(), event))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/events/<slug>/stats/stream")
@live_limit
@event_view(*LIVE_ROLES, share_link=True)
def stats_stream(event: Event, share: str | None):
    # The generator gets plain values only: no request, session or current_user inside it,
    # and the request's database session is closed as soon as this view returns. Past a
    # limit on open streams this raises at once (429 or 503, with Retry-After).
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # werkzeug's LocalProxy
    return Response(
        open_stream(app, event, share, LIVE_ROLES),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
