"""The demo's day: by default the day after today in the event's zone (WITA), so that
whenever `checkin demo` runs, konfirmasi is still open and door passes can be issued."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from checkin.accounts import pass_expires_at
from checkin.demo import DEMO_EVENT, demo_event, upcoming_day
from checkin.invitations import is_open
from checkin.models import Delegate, Event


def test_demo_event_on_the_historical_day_is_the_rakor_of_2024():
    event = demo_event(date(2024, 10, 15))
    assert event["starts_at"] == datetime(2024, 10, 15, 0, 0, tzinfo=UTC)  # 08:00 WITA
    assert event["ends_at"] == datetime(2024, 10, 15, 8, 0, tzinfo=UTC)  # 16:00 WITA
    assert event == DEMO_EVENT


def test_demo_event_keeps_everything_but_the_times():
    event = demo_event(date(2031, 2, 3))
    assert event["starts_at"] == datetime(2031, 2, 3, 0, 0, tzinfo=UTC)
    assert {k: v for k, v in event.items() if not k.endswith("_at")} == {
        k: v for k, v in DEMO_EVENT.items() if not k.endswith("_at")
    }


@pytest.mark.parametrize(
    ("now", "day"),
    [
        (datetime(2024, 10, 14, 15, 59, tzinfo=UTC), date(2024, 10, 15)),  # 23:59 WITA
        (datetime(2024, 10, 14, 16, 0, tzinfo=UTC), date(2024, 10, 16)),  # 00:00 WITA
        (datetime(2024, 12, 31, 23, 0, tzinfo=UTC), date(2025, 1, 2)),  # 07:00 WITA, 1 Jan
    ],
)
def test_upcoming_day_is_tomorrow_in_wita(now, day):
    assert upcoming_day(now=now) == day


@pytest.mark.parametrize("hour", range(0, 24, 1))
def test_demo_on_its_upcoming_day_has_konfirmasi_open_and_door_passes(hour):
    now = datetime(2026, 3, 1, hour, 30, tzinfo=UTC)
    event = Event(**{k: v for k, v in demo_event(upcoming_day(now=now)).items() if k != "doors"})
    assert is_open(event, Delegate(), now=now)
    assert now < pass_expires_at(event, issued_at=now)
