"""A live stream ends when its credential ends (issue 11, item 10): a revoked share link, a
deactivated account or a revoked API token closes the streams it opened within a few
rechecks, and the reconnection is refused.

Each stream is read through a real threaded server with a 5 s read timeout and no
heartbeat in between: a stream that stays open fails the test at that bound.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import select

from checkin.accounts import create_token
from checkin.db import database
from checkin.live import stop_feeds
from checkin.models import ApiToken
from tests.conftest import PASSWORD, open_share_link
from tests.servers import threaded_server
from tests.sse import iter_sse, next_stats

SLUG = "rakor-ormas-2024"
STREAM = f"/api/events/{SLUG}/stats/stream"


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "LIVE_POLL_INTERVAL": 0.05,
        "LIVE_RECHECK_INTERVAL": 0.1,
        # No pings: a stream that is not ended by its recheck meets the read timeout.
        "LIVE_HEARTBEAT": 60.0,
    }


@pytest.fixture(autouse=True)
def _stop_feeds(app):
    yield
    stop_feeds(database(app))


def open_stream(
    session: requests.Session, url: str, **kwargs
) -> tuple[requests.Response, Iterator[dict]]:
    response = session.get(url, stream=True, timeout=(5, 5), **kwargs)
    assert response.status_code == 200, response.text
    return response, iter_sse(response.iter_content(chunk_size=None))


def read_to_the_end(messages: Iterator[dict]) -> list[dict]:
    """The rest of the stream, until the server closes it (else the read timeout fails)."""
    try:
        return list(messages)
    except requests.RequestException as exc:
        pytest.fail(f"the stream stayed open: {exc}")


def test_open_stream_ends_when_its_share_link_is_revoked(client, db, event, login):
    link, share = open_share_link(db, event, label="Proyektor")
    db.commit()
    login("admin")
    with threaded_server(client.application) as base, requests.Session() as screen:
        response, messages = open_stream(screen, base + STREAM, params={"share": share})
        try:
            assert next_stats(messages)["checked_in"] == 0
            revoked = client.post(f"/e/{SLUG}/live/links/{link.id}/revoke")
            assert revoked.status_code == 302
            rest = read_to_the_end(messages)
        finally:
            response.close()
        again = screen.get(base + STREAM, params={"share": share}, timeout=5)
    assert not [m for m in rest if m["event"] == "stats"]
    assert rest and rest[-1]["retry"]  # the browser reconnects soon, and meets the 403
    assert again.status_code == 403
    assert again.json()["error"] == "share_link_invalid"


def test_open_stream_ends_when_its_viewer_account_is_deactivated(
    client, db, event, login, make_user
):
    viewer = make_user("layar", "viewer")
    login("admin")
    with threaded_server(client.application) as base, requests.Session() as screen:
        signed_in = screen.post(
            base + "/login",
            data={"username": "layar", "password": PASSWORD},
            allow_redirects=False,
            timeout=5,
        )
        assert signed_in.status_code == 302
        response, messages = open_stream(screen, base + STREAM)
        try:
            next_stats(messages)
            off = client.post(f"/admin/users/{viewer.id}/active", data={"active": "0"})
            assert off.status_code == 302
            read_to_the_end(messages)
        finally:
            response.close()
        again = screen.get(base + STREAM, timeout=5)
    assert again.status_code == 401


def test_open_stream_ends_when_its_api_token_is_revoked(client, db, event, login, make_user):
    make_user("layar", "viewer")
    token = create_token(db, "layar")
    db.commit()
    token_id = db.scalar(select(ApiToken.id).where(ApiToken.user.has(username="layar")))
    db.commit()
    login("admin")
    headers = {"Authorization": f"Bearer {token}"}
    with threaded_server(client.application) as base, requests.Session() as script:
        response, messages = open_stream(script, base + STREAM, headers=headers)
        try:
            next_stats(messages)
            assert client.post(f"/admin/tokens/{token_id}/revoke").status_code == 302
            read_to_the_end(messages)
        finally:
            response.close()
        again = script.get(base + STREAM, headers=headers, timeout=5)
    assert again.status_code == 401


def test_open_stream_goes_on_while_its_credential_holds(app, db, event):
    # Pings every 0.2 s, rechecks every 0.1 s: ten pings span many rechecks, none ends it.
    app.config["LIVE_HEARTBEAT"] = 0.2
    _link, share = open_share_link(db, event, label="Proyektor")
    db.commit()
    with threaded_server(app) as base, requests.Session() as screen:
        response, messages = open_stream(screen, base + STREAM, params={"share": share})
        try:
            next_stats(messages)
            pings = [next(messages) for _ in range(10)]
        finally:
            response.close()
    assert all(message["event"] == "ping" for message in pings)


def test_open_stream_ends_when_the_organiser_ends_the_accounts_sessions(
    client, db, event, login, make_user
):
    viewer = make_user("layar", "viewer")
    login("admin")
    with threaded_server(client.application) as base, requests.Session() as screen:
        signed_in = screen.post(
            base + "/login",
            data={"username": "layar", "password": PASSWORD},
            allow_redirects=False,
            timeout=5,
        )
        assert signed_in.status_code == 302
        response, messages = open_stream(screen, base + STREAM)
        try:
            next_stats(messages)
            ended = client.post(f"/admin/users/{viewer.id}/sessions/end")
            assert ended.status_code == 302
            read_to_the_end(messages)
        finally:
            response.close()
        again = screen.get(base + STREAM, timeout=5)
    assert again.status_code == 401
