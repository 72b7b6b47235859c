"""API route: the encrypted roster that door phones keep for offline scanning."""

from __future__ import annotations

from flask import request
from flask_wtf.csrf import generate_csrf

from checkin.db import get_session
from checkin.models import ROLE_ADMIN, ROLE_DOOR, Event
from checkin.scanning import build_roster, parse_cursor
from checkin.views.api.base import bp
from checkin.web.access import event_view, is_bearer_request


@bp.get("/events/<slug>/roster")
@event_view(ROLE_ADMIN, ROLE_DOOR)
def roster(event: Event):
    """Every entry (no `since`), or those changed after the cursor of an earlier answer."""
    db = get_session()
    body = build_roster(db, event, since=parse_cursor(request.args.get("since"))).to_dict()
    if not is_bearer_request():
        # A scanner page loaded from the phone's cache may hold an old form token; it takes
        # this one before sending its queue.
        body["csrf_token"] = generate_csrf()
    return body, 200, {"Cache-Control": "no-store"}
