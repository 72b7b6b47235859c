"""The live statistics (`/stats`, polled by screens whose stream was refused, and the stream
itself) are rate-limited per share link or account and per address: a screen polling every
15 seconds never meets the limit, a flood does (issue 11, item 4)."""

from __future__ import annotations

import pytest

from checkin.config import DEFAULTS
from tests.conftest import open_share_link

SLUG = "rakor-ormas-2024"
STATS = f"/api/events/{SLUG}/stats"
STREAM = f"/api/events/{SLUG}/stats/stream"
LIMIT = 5
FLOODER = {"REMOTE_ADDR": "10.0.0.66"}


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "RATELIMIT_ENABLED": True,
        "LIVE_STATS_RATE_LIMIT": f"{LIMIT} per minute",
        "LIVE_STATS_ADDRESS_LIMIT": f"{2 * LIMIT} per minute",
    }


def new_share(db, event) -> str:
    _link, token = open_share_link(db, event, label="Proyektor")
    db.commit()
    return token


def test_stats_flood_on_one_share_link_is_rate_limited(client, db, event):
    share, other = new_share(db, event), new_share(db, event)
    answers = [client.get(STATS, query_string={"share": share}) for _ in range(LIMIT + 1)]
    assert [a.status_code for a in answers] == [200] * LIMIT + [429]
    assert answers[-1].json["error"] == "rate_limited"
    assert int(answers[-1].headers["Retry-After"]) > 0
    # Another link (another projector) polls on.
    assert client.get(STATS, query_string={"share": other}).status_code == 200


def test_stats_flood_from_one_address_is_rate_limited_across_links(client, db, event):
    shares = [new_share(db, event) for _ in range(2 * LIMIT + 1)]
    answers = [
        client.get(STATS, query_string={"share": share}, environ_base=FLOODER).status_code
        for share in shares
    ]
    assert answers == [200] * (2 * LIMIT) + [429]
    # A screen at another address is not refused for the flooder's requests.
    assert client.get(STATS, query_string={"share": shares[-1]}).status_code == 200


def test_stream_opens_count_against_the_same_budget(client, db, event):
    share = new_share(db, event)
    for _ in range(LIMIT):
        response = client.get(STREAM, query_string={"share": share}, buffered=False)
        assert response.status_code == 200
        response.close()
    refused = client.get(STATS, query_string={"share": share})
    assert refused.status_code == 429


def test_default_stats_limits_leave_room_for_slow_pollers():
    # A refused screen polls every LIVE_BUSY_POLL_MS (with jitter: at least two thirds of it)
    # and retries its stream about once a minute. The defaults allow ten such screens per
    # link, account or address, and refuse a flood of one request a second from ten.
    per_screen = 60_000 / (DEFAULTS["LIVE_BUSY_POLL_MS"] * 2 / 3) + 1
    for key in ("LIVE_STATS_RATE_LIMIT", "LIVE_STATS_ADDRESS_LIMIT"):
        count, per, unit = str(DEFAULTS[key]).split()
        assert (per, unit) == ("per", "minute")
        assert 10 * per_screen <= int(count) < 10 * 60
