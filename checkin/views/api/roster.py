"""API route: the encrypted roster that door phones keep for offline scanning."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from checkin.accounts import may_access_event
from checkin.db import get_session
from checkin.errors import Forbidden
from checkin.events import get_event
from checkin.models import ROLE_ADMIN, ROLE_DOOR
from checkin.scanning import build_roster, parse_cursor
from checkin.views.api.base import bp
from checkin.web.access import is_bearer_request, roles_required


@bp.get("/events/<slug>/roster")
@roles_required(ROLE_ADMIN, ROLE_DOOR)
def roster(slug: str):
    """Every entry (no `since`), or those changed after the cursor of an earlier answer."""
    db = get_session()
    event = get_event(db, slug)
    if not may_access_event(current_user, event):
        raise Forbidden(_("Akun ini hanya berlaku untuk acara lain."))
    body = build_roster(db, event, since=parse_cursor(request.args.get("since"))).to_dict()
    if not is_bearer_request():
        # A scanner page loaded from the phone's cache may hold an old form token; it takes
        # this one before sending its queue.
        body["csrf_token"] = generate_csrf()
    return body, 200, {"Cache-Control": "no-store"}
