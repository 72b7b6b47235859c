"""Opening a screen's live stream: what authenticated it, and a slot in this process.

The view calls `open_stream` after event_view let the request in. It captures the
credential as plain values (checkin.accounts.credentials), takes a slot (429 or 503 at once
when none is free: checkin.live.slots) and hands both to the generator, which re-checks the
one and gives back the other when it ends.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.wsgi import ClosingIterator

from checkin.accounts.credentials import Credential
from checkin.db import database
from checkin.live import StreamSlots, event_stream, feed_settings, stream_limits
from checkin.models import Event
from checkin.web.access import current_session_id, shared_link


def stream_credential(event: Event, share: str | None, roles: tuple[str, ...]) -> Credential:
    """What let this request in: the share link of `share`, else the signed-in account."""
    if share is not None:
        return Credential(event_id=event.id, share_link_id=shared_link(event, share).id)
    return Credential(
        event_id=event.id,
        user_id=current_user.id,
        token_id=current_user.token_id,
        roles=roles,
        session_id=None if current_user.token_id is not None else current_session_id(),
    )


def stream_slots(app: Flask) -> StreamSlots:
    """The app's registry of open streams in this process."""
    return app.extensions.setdefault("checkin_live_streams", StreamSlots())


def open_stream(app: Flask, event: Event, share: str | None, roles: tuple[str, ...]) -> Iterable:
    """The body of a stream response, or TooManyStreams / StreamsFull before any is started.

    The slot is freed when the body is closed even if it was never iterated (a HEAD request,
    a client gone before the first byte): the generator's own `finally` never runs then.
    """
    credential = stream_credential(event, share, roles)
    slot = stream_slots(app).acquire(credential, get_remote_address(), stream_limits(app.config))
    stream = event_stream(
        database(app), event.id, feed_settings(app.config), credential=credential, slot=slot
    )
    return ClosingIterator(stream, [slot.release])
