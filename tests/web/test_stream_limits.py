"""Open live streams are limited per share link, account, address and process (issue 11,
item 4): past a limit a stream request gets 429 or 503 at once, with Retry-After, and the
screen polls /stats, which a flood cannot hammer either."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import pytest

from checkin.accounts import create_token
from checkin.db import database
from checkin.live import stop_feeds
from tests.conftest import open_share_link

SLUG = "rakor-ormas-2024"
STATS = f"/api/events/{SLUG}/stats"
STREAM = f"/api/events/{SLUG}/stats/stream"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "LIVE_POLL_INTERVAL": 0.05, "LIVE_IDLE_TIMEOUT": 0.5}


@pytest.fixture(autouse=True)
def _stop_feeds(app):
    yield
    stop_feeds(database(app))


def new_share(db, event) -> str:
    _link, token = open_share_link(db, event, label="Proyektor")
    db.commit()
    return token


@contextmanager
def streams(client, count: int, **kwargs) -> Iterator[list]:
    """Open `count` streams through the test client and keep them open (each must be let in)."""
    with ExitStack() as stack:
        opened = []
        for _ in range(count):
            response = client.get(STREAM, buffered=False, **kwargs)
            stack.callback(response.close)
            assert response.status_code == 200, response.get_data(as_text=True)
            opened.append(response)
        yield opened


def assert_refused(response, status: int, code: str) -> None:
    assert response.status_code == status
    assert response.json["error"] == code
    assert response.json["message"]
    assert int(response.headers["Retry-After"]) > 0
    response.close()


def test_stream_beyond_a_share_links_limit_gets_429(app, client, db, event):
    app.config["LIVE_MAX_STREAMS_PER_LINK"] = 2
    share, other = new_share(db, event), new_share(db, event)
    with streams(client, 2, query_string={"share": share}):
        assert_refused(client.get(STREAM, query_string={"share": share}), 429, "too_many_streams")
        # Another link of the same event still gets its own streams.
        with streams(client, 1, query_string={"share": other}):
            pass


def test_stream_beyond_an_accounts_limit_gets_429(app, client, db, event, make_user):
    app.config["LIVE_MAX_STREAMS_PER_ACCOUNT"] = 2
    make_user("layar", "viewer")
    make_user("layar-2", "viewer")
    first, second = create_token(db, "layar"), create_token(db, "layar-2")
    db.commit()
    with streams(client, 2, headers={"Authorization": f"Bearer {first}"}):
        refused = client.get(STREAM, headers={"Authorization": f"Bearer {first}"})
        assert_refused(refused, 429, "too_many_streams")
        with streams(client, 1, headers={"Authorization": f"Bearer {second}"}):
            pass


def test_stream_beyond_an_addresses_limit_gets_429(app, client, db, event):
    app.config["LIVE_MAX_STREAMS_PER_ADDRESS"] = 2
    shares = [new_share(db, event) for _ in range(3)]
    flooder = {"REMOTE_ADDR": "10.0.0.66"}
    with ExitStack() as stack:
        for share in shares[:2]:
            response = client.get(
                STREAM, query_string={"share": share}, environ_base=flooder, buffered=False
            )
            stack.callback(response.close)
            assert response.status_code == 200
        refused = client.get(STREAM, query_string={"share": shares[2]}, environ_base=flooder)
        assert_refused(refused, 429, "too_many_streams")
        # A screen at another address is not refused for the flooder's streams.
        with streams(client, 1, query_string={"share": shares[2]}):
            pass


def test_stream_when_the_process_is_full_gets_503(app, client, db, event):
    app.config["LIVE_MAX_STREAMS"] = 2
    with streams(client, 2, query_string={"share": new_share(db, event)}):
        refused = client.get(STREAM, query_string={"share": new_share(db, event)})
        assert_refused(refused, 503, "streams_full")


def test_stream_total_keeps_the_reserved_threads_of_checkin_serve(app, client, db, event):
    # `checkin serve --threads 8` with 3 reserved: 5 streams at most, whatever LIVE_MAX_STREAMS.
    app.config.update(SERVER_THREADS=8, LIVE_RESERVED_THREADS=3, LIVE_MAX_STREAMS=200)
    with streams(client, 5, query_string={"share": new_share(db, event)}):
        refused = client.get(STREAM, query_string={"share": new_share(db, event)})
        assert_refused(refused, 503, "streams_full")


def test_closed_stream_frees_its_slot(app, client, db, event):
    app.config["LIVE_MAX_STREAMS_PER_LINK"] = 1
    share = new_share(db, event)
    for _ in range(3):
        with streams(client, 1, query_string={"share": share}):
            pass


def test_stream_never_iterated_frees_its_slot(app, client, db, event):
    # HEAD runs the view but never starts the generator: its slot is freed all the same.
    app.config["LIVE_MAX_STREAMS_PER_LINK"] = 1
    share = new_share(db, event)
    head = client.head(STREAM, query_string={"share": share})
    assert head.status_code == 200
    head.close()  # as a server does once it has sent the (empty) body
    with streams(client, 1, query_string={"share": share}):
        pass


def test_refused_stream_is_json_in_indonesian_or_english(app, client, db, event):
    app.config["LIVE_MAX_STREAMS"] = 0
    share = new_share(db, event)
    indonesian = client.get(STREAM, query_string={"share": share})
    english = client.get(STREAM, query_string={"share": share, "lang": "en"})
    assert indonesian.status_code == english.status_code == 503
    assert indonesian.json["message"] != english.json["message"]
