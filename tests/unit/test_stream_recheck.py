"""An open stream re-checks its credential (live/feed.py, issue 11 item 10): it ends, and
gives back its slot, once the credential no longer holds; streams of one credential share
one database read per half interval."""

from __future__ import annotations

import dataclasses

import pytest

from checkin.accounts import Credential, revoke_share_link
from checkin.db import database
from checkin.live import StreamLimits, StreamSlots, event_stream, feed_settings, stop_feeds
from checkin.live import feed as live_feed
from tests.conftest import open_share_link
from tests.sse import iter_sse, next_stats

LIMITS = StreamLimits(total=5, per_link=5, per_account=5, per_address=5)


@pytest.fixture(autouse=True)
def _stop_feeds(app):
    yield
    stop_feeds(database(app))


def settings_of(app, **changes):
    return dataclasses.replace(feed_settings(app.config), **changes)


def test_stream_ends_and_frees_its_slot_when_its_link_is_revoked(app, db, event):
    link, _token = open_share_link(db, event, label="Proyektor")
    db.commit()
    credential = Credential(event_id=event.id, share_link_id=link.id)
    slots = StreamSlots()
    slot = slots.acquire(credential, "10.0.0.1", LIMITS)
    # No heartbeat; the lifetime only bounds the test should the recheck not end the stream.
    settings = settings_of(
        app, poll_interval=0.05, recheck_interval=0.05, heartbeat=60.0, lifetime=30.0
    )
    stream = event_stream(database(app), event.id, settings, credential=credential, slot=slot)
    messages = iter_sse(stream)
    next_stats(messages)

    revoke_share_link(db, event, link.id, by=None)
    db.commit()
    rest = list(messages)

    assert [m for m in rest if m["event"] == "stats"] == []
    assert rest[-1]["retry"]
    assert slots.count() == 0


def test_streams_of_one_credential_share_one_read_per_half_interval(app, monkeypatch):
    reads = []
    monkeypatch.setattr(live_feed, "credential_is_valid", lambda db, c: reads.append(c) or True)
    credential = Credential(event_id=1, share_link_id=123_456)
    settings = settings_of(app, recheck_interval=60.0)
    answers = [live_feed.still_valid(database(app), credential, settings) for _ in range(50)]
    assert answers == [True] * 50
    assert len(reads) == 1


def test_a_failed_recheck_ends_the_stream(app, monkeypatch):
    def broken(db, credential):
        raise RuntimeError("database restarting")

    monkeypatch.setattr(live_feed, "credential_is_valid", broken)
    credential = Credential(event_id=1, share_link_id=654_321)
    assert live_feed.still_valid(database(app), credential, settings_of(app)) is False
