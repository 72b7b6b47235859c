"""The scan times a phone sends: what the server reads as a time, and which it vouches for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from checkin import scanning
from checkin.errors import InvalidInput, InvalidScan
from checkin.models import CheckIn, Scan

NOW = datetime(2024, 10, 15, 1, 0, tzinfo=UTC)
EXTREMES = [
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00Z",
]


@pytest.mark.parametrize(
    ("offset", "kept", "flagged"),
    [
        (timedelta(0), True, False),
        (-timedelta(hours=23, minutes=59), True, False),
        (-timedelta(hours=24), True, False),
        (-timedelta(hours=24, seconds=1), False, True),
        (-timedelta(days=365 * 25), False, True),
        (timedelta(seconds=30), False, False),  # a phone clock a little fast: drift
        (timedelta(minutes=6), False, True),
        (timedelta(days=365 * 75), False, True),
    ],
)
def test_vouched_scan_time_keeps_only_the_last_24_hours(offset, kept, flagged):
    at, rejected = scanning.vouched_scan_time(NOW + offset, NOW)
    assert at == (NOW + offset if kept else NOW)
    assert rejected is flagged


@pytest.mark.parametrize("text", EXTREMES)
def test_parse_scanned_at_refuses_times_no_zone_can_show(text):
    with pytest.raises(InvalidScan) as caught:
        scanning.parse_scanned_at(text)
    assert caught.value.code == "invalid_scanned_at"


@pytest.mark.parametrize("text", EXTREMES)
def test_roster_cursor_refuses_times_no_zone_can_show(text):
    with pytest.raises(InvalidInput):
        scanning.parse_cursor(text)


def test_parse_client_time_reads_any_offset_as_utc():
    parsed = scanning.parse_client_time("1999-10-15T08:01:00+08:00")
    assert parsed == datetime(1999, 10, 15, 0, 1, tzinfo=UTC)
    assert parsed.utcoffset() == timedelta(0)
    assert scanning.parse_client_time("0001-01-02T00:00:00Z").year == 1


def test_backdated_offline_admission_recorded_at_server_time(db, event, make_delegate, backend):
    delegate = make_delegate()
    door = event.doors[0].name
    seen = datetime(1999, 10, 15, 0, 1, tzinfo=UTC)
    result = scanning.check_in(
        db,
        event,
        delegate.secret,
        gate=door,
        by=None,
        scanned_at=seen,
        offline_admitted=True,
        now=NOW,
    )
    db.commit()
    assert result.result == "admitted" and result.checked_in_at == NOW
    assert db.scalar(select(CheckIn.checked_in_at)) == NOW
    scan = db.scalar(select(Scan))
    assert scan.clock_rejected is True and scan.scanned_at == seen
    assert [c.scan.id for c in scanning.list_conflicts(db, event)] == [scan.id]
    assert scanning.open_conflict_count(db, event) == 1
    db.commit()
