"""API routes: the door's manual lookup (a query is required; never phones or secrets, and
never matched by phone digits: rate-limited per account)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from checkin.db import get_session
from checkin.errors import InvalidInput
from checkin.events import search_delegates
from checkin.models import ROLE_ADMIN, ROLE_DOOR, Delegate, Event
from checkin.views.api.base import bp
from checkin.web.access import event_view
from checkin.web.limits import search_limit

MIN_QUERY = 2
MAX_RESULTS = 20


def door_fields(delegate: Delegate) -> dict:
    """What a door screen may show of a delegate: no phone, email or secret."""
    check_in = delegate.check_in
    return {
        "id": delegate.id,
        "name": delegate.name,
        "ormas": delegate.ormas,
        "region": delegate.region.name,
        "level": delegate.level,
        "position": delegate.position,
        "vip": delegate.is_vip,
        "revoked": delegate.revoked_at is not None,
        "checked_in_at": check_in.checked_in_at.isoformat() if check_in else None,
        "gate": check_in.gate if check_in else None,
    }


@bp.get("/events/<slug>/delegates/search")
@event_view(ROLE_ADMIN, ROLE_DOOR)
@search_limit
def search_door_delegates(event: Event):
    db = get_session()
    q = " ".join((request.args.get("q") or "").split())
    if len(q) < MIN_QUERY:
        raise InvalidInput(_("Ketik paling sedikit %(n)d huruf untuk mencari.", n=MIN_QUERY))
    page = search_delegates(db, event, q=q, per_page=MAX_RESULTS, match_phone=False)
    return {
        "results": [door_fields(d) for d in page.items],
        "total": page.total,
        "limit": MAX_RESULTS,
    }
