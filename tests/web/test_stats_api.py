"""GET /api/events/<slug>/stats and its Server-Sent Events stream: shape, access, fan-out."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests

from checkin.accounts import revoke_share_link
from checkin.db import database
from checkin.live import feed as live
from checkin.models import CheckIn, Scan
from tests.conftest import open_share_link
from tests.servers import threaded_server
from tests.sse import iter_sse, next_stats

STATS = "/api/events/rakor-ormas-2024/stats"
STREAM = "/api/events/rakor-ormas-2024/stats/stream"
PUBLIC_KEYS = {"invited", "checked_in", "by_region", "by_ormas", "timeline", "updated_at"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "LIVE_POLL_INTERVAL": 0.05, "LIVE_IDLE_TIMEOUT": 0.5}


@pytest.fixture(autouse=True)
def _stop_feeds(app):
    yield
    live.stop_feeds(database(app))


def admit(db, delegate, gate="Pintu Utama"):
    now = datetime.now(UTC)
    db.add(
        CheckIn(event_id=delegate.event_id, delegate_id=delegate.id, checked_in_at=now, gate=gate)
    )
    db.add(
        Scan(
            event_id=delegate.event_id,
            code=delegate.secret,
            gate=gate,
            result="admitted",
            delegate_id=delegate.id,
        )
    )
    db.commit()


def share_token(db, event, *, revoked: bool = False) -> str:
    link, token = open_share_link(db, event)
    if revoked:
        revoke_share_link(db, event, link.id, by=None)
    db.commit()
    return token


# --- /stats -----------------------------------------------------------------------------


def test_stats_anonymous_gets_401_json(client, event):
    response = client.get(STATS)
    assert response.status_code == 401
    assert response.json["error"] == "unauthorized"


@pytest.mark.parametrize("role", ["door", "liaison"])
def test_stats_other_roles_get_403(client, event, login, role):
    login(role)
    response = client.get(STATS)
    assert response.status_code == 403
    assert response.json["error"] == "forbidden"


@pytest.mark.parametrize("role", ["admin", "viewer"])
def test_stats_admin_and_viewer_get_the_public_shape(client, event, login, make_delegate, role):
    make_delegate()
    login(role)

    response = client.get(STATS)

    assert response.status_code == 200
    assert PUBLIC_KEYS <= set(response.json)
    assert response.json["invited"] == 1
    assert response.headers["Cache-Control"] == "no-store"
    region = response.json["by_region"][0]
    assert set(region) == {"region", "level", "invited", "checked_in"}


def test_stats_unknown_event_is_404(client, event, login):
    login("viewer")
    assert client.get("/api/events/tidak-ada/stats").status_code == 404


def test_stats_shows_a_check_in_at_once(client, db, event, login, make_delegate):
    login("viewer")
    delegate = make_delegate()
    assert client.get(STATS).json["checked_in"] == 0

    admit(db, delegate)

    assert client.get(STATS).json["checked_in"] == 1


def test_stats_with_share_token_works_without_login(client, db, event):
    token = share_token(db, event)

    response = client.get(STATS, query_string={"share": token})

    assert response.status_code == 200
    assert PUBLIC_KEYS <= set(response.json)


def test_stats_with_revoked_share_token_is_refused(client, db, event):
    token = share_token(db, event, revoked=True)

    response = client.get(STATS, query_string={"share": token})

    assert response.status_code == 403
    assert response.json["error"] == "share_link_invalid"
    assert response.json["message"]


def test_stats_with_forged_share_token_is_refused(client, event):
    response = client.get(STATS, query_string={"share": "x" * 32})
    assert response.status_code == 403


def test_stats_share_token_of_another_event_is_refused(client, db, event):
    from checkin.events import create_event

    other = create_event(db, "acara-lain", name="Acara lain")
    db.commit()
    token = share_token(db, other)

    assert client.get(STATS, query_string={"share": token}).status_code == 403
    assert (
        client.get("/api/events/acara-lain/stats", query_string={"share": token}).status_code == 200
    )


# --- /stats/stream through the test client -------------------------------------------------


def test_stream_anonymous_gets_401(client, event):
    assert client.get(STREAM).status_code == 401


def test_stream_door_gets_403(client, event, login):
    login("door")
    assert client.get(STREAM).status_code == 403


def test_stream_sends_a_comment_then_stats_at_once(client, event, login, make_delegate):
    make_delegate()
    login("viewer")

    response = client.get(STREAM, buffered=False)
    try:
        assert response.status_code == 200
        assert response.mimetype == "text/event-stream"
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.headers["X-Accel-Buffering"] == "no"
        messages = iter_sse(response.response)
        first = next(messages)
        assert first["comments"] and first["event"] is None
        started = time.monotonic()
        stats_message = next(messages)
        assert time.monotonic() - started < 2
    finally:
        response.close()
    assert stats_message["event"] == "stats"
    assert stats_message["id"]
    stats = json.loads(stats_message["data"])
    assert PUBLIC_KEYS <= set(stats)
    assert stats["invited"] == 1


def test_stream_with_share_token_works_without_login(client, db, event):
    token = share_token(db, event)

    response = client.get(STREAM, query_string={"share": token}, buffered=False)
    try:
        assert response.status_code == 200
        stats = next_stats(iter_sse(response.response))
    finally:
        response.close()
    assert stats["checked_in"] == 0


def test_stream_heartbeat_when_nothing_changes(app, client, event, login):
    app.config["LIVE_HEARTBEAT"] = 0.2
    login("viewer")

    response = client.get(STREAM, buffered=False)
    try:
        messages = iter_sse(response.response)
        next_stats(messages)
        started = time.monotonic()
        heartbeat = next(messages)
    finally:
        response.close()
    assert heartbeat["comments"] == ["ping"]
    assert time.monotonic() - started < 2


def test_stream_closes_after_its_lifetime_with_a_retry_hint(app, client, event, login):
    app.config["LIVE_STREAM_LIFETIME"] = 0.3
    login("viewer")

    response = client.get(STREAM, buffered=False)
    messages = list(iter_sse(response.response))
    response.close()

    assert messages[0]["retry"]
    assert messages[-1]["retry"] and messages[-1]["event"] is None
    assert [m["event"] for m in messages].count("stats") == 1


def test_stream_reconnect_gets_a_fresh_snapshot(client, db, event, login, make_delegate):
    login("viewer")
    delegate = make_delegate()
    response = client.get(STREAM, buffered=False)
    try:
        assert next_stats(iter_sse(response.response))["checked_in"] == 0
    finally:
        response.close()

    admit(db, delegate)
    time.sleep(0.8)  # longer than the watcher's poll + coalescing interval

    response = client.get(STREAM, buffered=False, headers={"Last-Event-ID": "1"})
    try:
        assert next_stats(iter_sse(response.response))["checked_in"] == 1
    finally:
        response.close()


# --- real threaded server: changes reach open streams ---------------------------------------


def open_stream(base: str, token: str) -> tuple[requests.Response, Iterator[dict]]:
    response = requests.get(base + STREAM, params={"share": token}, stream=True, timeout=(5, 5))
    assert response.status_code == 200
    return response, iter_sse(response.iter_content(chunk_size=None))


def test_stream_sends_a_change_within_one_second(app, db, event, make_delegate):
    delegate = make_delegate()
    token = share_token(db, event)
    with threaded_server(app) as base:
        response, messages = open_stream(base, token)
        try:
            assert next_stats(messages)["checked_in"] == 0
            admit(db, delegate)
            changed_at = time.monotonic()
            stats = next_stats(messages)
            delay = time.monotonic() - changed_at
        finally:
            response.close()
    assert stats["checked_in"] == 1
    assert stats["latest"][0]["delegate_id"] == delegate.id
    assert delay < 1.0


def test_many_streams_share_one_computation_per_change(app, db, event, make_delegate):
    delegate = make_delegate()
    token = share_token(db, event)
    screens = 6
    with threaded_server(app) as base:
        streams = [open_stream(base, token) for _ in range(screens)]
        try:
            for _response, messages in streams:
                next_stats(messages)
            feed = live._feeds[(id(database(app)), event.id)]
            assert feed.listeners == screens
            before = feed.computations

            admit(db, delegate)
            results = [next_stats(messages)["checked_in"] for _response, messages in streams]
            time.sleep(0.3)  # more polls: nothing changed, nothing recomputed
            computed = feed.computations - before
        finally:
            for response, _messages in streams:
                response.close()
    assert results == [1] * screens
    assert computed == 1


def test_feed_stops_when_no_stream_listens(app, db, event):
    # A closed screen is noticed at the next write: the heartbeat.
    app.config["LIVE_HEARTBEAT"] = 0.1
    token = share_token(db, event)
    with threaded_server(app) as base:
        response, messages = open_stream(base, token)
        next_stats(messages)
        feed = live._feeds[(id(database(app)), event.id)]
        response.close()
        deadline = time.monotonic() + 5
        while not feed.stopped and time.monotonic() < deadline:
            time.sleep(0.05)
    assert feed.stopped
    assert (id(database(app)), event.id) not in live._feeds


def test_undo_reaches_open_streams(app, db, event, make_delegate):
    from sqlalchemy import delete

    delegate = make_delegate()
    admit(db, delegate)
    token = share_token(db, event)
    with threaded_server(app) as base:
        response, messages = open_stream(base, token)
        try:
            assert next_stats(messages)["checked_in"] == 1
            db.execute(delete(CheckIn).where(CheckIn.delegate_id == delegate.id))
            db.add(
                Scan(event_id=event.id, code="", gate="-", result="undone", delegate_id=delegate.id)
            )
            db.commit()
            stats = next_stats(messages)
        finally:
            response.close()
    assert stats["checked_in"] == 0


def test_concurrent_streams_and_changes_do_not_lose_updates(app, db, event, make_delegate):
    delegates = [make_delegate() for _ in range(5)]
    token = share_token(db, event)
    seen: list[int] = []
    with threaded_server(app) as base:
        response, messages = open_stream(base, token)
        try:
            next_stats(messages)

            def writer():
                for delegate in delegates:
                    admit(db, delegate)
                    time.sleep(0.02)

            thread = threading.Thread(target=writer)
            thread.start()
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and (not seen or seen[-1] < 5):
                seen.append(next_stats(messages)["checked_in"])
            thread.join()
        finally:
            response.close()
    assert seen[-1] == 5
    assert seen == sorted(seen)
