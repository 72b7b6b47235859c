"""API routes: live statistics, as JSON and as a Server-Sent Events stream."""

from __future__ import annotations

from flask import Response, current_app

from checkin.db import database, get_session
from checkin.live import compute_stats, event_stream, feed_settings
from checkin.models import Event
from checkin.views.api.base import bp
from checkin.views.live import LIVE_ROLES
from checkin.web.access import event_view


@bp.get("/events/<slug>/stats")
@event_view(*LIVE_ROLES, share_link=True)
def stats(event: Event, share: str | None):
    # Computed for each request, never cached: a poll right after a scan shows that scan.
    response = current_app.json.response(compute_stats(get_session(), event))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/events/<slug>/stats/stream")
@event_view(*LIVE_ROLES, share_link=True)
def stats_stream(event: Event, share: str | None):
    # The generator gets plain values only: no request, session or current_user inside it,
    # and the request's database session is closed as soon as this view returns.
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # werkzeug's LocalProxy
    stream = event_stream(database(app), event.id, feed_settings(app.config))
    return Response(
        stream,
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
