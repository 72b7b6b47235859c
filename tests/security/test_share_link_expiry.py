"""View-only share links end with their event (issue 11, item 15).

A link stores the event's end when it is made (the door passes' rule, `pass_expires_at`),
the organiser's list shows it, and after it the screens say the link has expired (403, in
words) instead of showing arrivals. Moving the event's end later keeps links going.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from checkin.accounts import create_share_link, pass_expires_at
from checkin.formatting import local_datetime

LIVE = "/e/rakor-ormas-2024/live"
WELCOME = "/e/rakor-ormas-2024/welcome"
STATS = "/api/events/rakor-ormas-2024/stats"
STREAM = "/api/events/rakor-ormas-2024/stats/stream"


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr("checkin.accounts.share_links.utcnow", clock)
    return clock


@pytest.fixture
def running_event(db, event):
    event.starts_at = datetime.now(UTC) - timedelta(hours=1)
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    db.commit()
    return event


def make_link(db, event):
    link, token = create_share_link(db, event, label="Proyektor", by=None)
    db.commit()
    return link, token


def test_share_link_stores_the_event_end_when_made(db, running_event):
    link, _token = make_link(db, running_event)
    assert link.expires_at == running_event.ends_at == pass_expires_at(running_event)


@pytest.mark.parametrize("url", [LIVE, WELCOME])
def test_screen_after_the_event_ends_says_the_link_expired(client, db, running_event, clock, url):
    _link, token = make_link(db, running_event)
    assert client.get(url, query_string={"share": token}).status_code == 200
    clock.now = running_event.ends_at + timedelta(seconds=1)
    response = client.get(url, query_string={"share": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "sudah kedaluwarsa" in page and "Berlaku sampai" in page
    assert local_datetime(running_event.ends_at, running_event.timezone, locale="id") in page
    assert "Peserta hadir" not in page


def test_stats_after_the_event_ends_refuse_the_link_as_json(client, db, running_event, clock):
    _link, token = make_link(db, running_event)
    clock.now = running_event.ends_at
    for url in (STATS, STREAM):
        response = client.get(url, query_string={"share": token})
        assert response.status_code == 403
        assert response.get_json()["error"] == "share_link_expired"


def test_share_link_follows_the_event_end_moved_later(client, db, running_event, clock):
    _link, token = make_link(db, running_event)
    first_end = running_event.ends_at
    running_event.ends_at = first_end + timedelta(days=1)
    db.commit()
    clock.now = first_end + timedelta(hours=1)
    assert client.get(LIVE, query_string={"share": token}).status_code == 200
    clock.now = running_event.ends_at
    assert client.get(LIVE, query_string={"share": token}).status_code == 403


def test_share_link_made_before_its_expiry_was_stored_ends_with_its_event(
    client, db, running_event, clock
):
    link, token = make_link(db, running_event)
    link.expires_at = None  # as migration 0010 leaves older links
    db.commit()
    assert client.get(LIVE, query_string={"share": token}).status_code == 200
    clock.now = running_event.ends_at
    assert client.get(LIVE, query_string={"share": token}).status_code == 403


def test_share_links_page_shows_each_links_end(client, db, login, running_event, clock):
    make_link(db, running_event)
    login("admin")
    page = client.get(f"{LIVE}/links").get_data(as_text=True)
    end = local_datetime(running_event.ends_at, running_event.timezone, locale="id")
    assert "Berlaku sampai" in page and end in page
    assert 'data-status="active"' in page
    clock.now = running_event.ends_at
    page = client.get(f"{LIVE}/links").get_data(as_text=True)
    assert 'data-status="expired"' in page and "Kedaluwarsa" in page


def test_share_link_cannot_be_made_after_the_event_ended(client, db, login, running_event):
    running_event.ends_at = datetime.now(UTC) - timedelta(minutes=1)
    db.commit()
    login("admin")
    response = client.post(f"{LIVE}/links", data={"label": "Proyektor"})
    assert response.status_code == 422
    assert "sudah berakhir" in response.get_data(as_text=True)
