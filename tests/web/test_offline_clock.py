"""Offline scan times the server cannot vouch for: a phone whose clock says 1999 or 2099.

An offline admission keeps the phone's scan time only when it lies within the 24 hours
before the server receives it (and not after). Otherwise the server's time is recorded,
the scan is flagged (`clock_rejected`) and the organiser sees it, in words, on the
conflicts page and in the scan log.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from checkin.accounts import create_token
from checkin.models import CheckIn, Scan

SLUG = "rakor-ormas-2024"
BATCH = f"/api/events/{SLUG}/checkins/batch"
CONFLICTS = f"/e/{SLUG}/admin/conflicts"
BACKDATED = "1999-10-15T08:01:00+08:00"


@pytest.fixture
def headers(db, make_user):
    make_user("ponsel-pintu", "door")
    token = create_token(db, "ponsel-pintu")
    db.commit()
    return {"Authorization": f"Bearer {token}"}


def offline(code: str, at: str, scan_id: str = "s-1", gate: str = "Pintu Utama") -> dict:
    return {
        "code": code,
        "gate": gate,
        "scan_id": scan_id,
        "scanned_at": at,
        "offline_admitted": True,
    }


def sync(client, headers, *scans: dict) -> list[dict]:
    response = client.post(BATCH, json={"scans": list(scans)}, headers=headers)
    assert response.status_code == 200, response.data
    return response.get_json()["results"]


def stored(db, scan_id: str) -> tuple[Scan, CheckIn | None]:
    scan = db.scalar(select(Scan).where(Scan.scan_id == scan_id))
    check = db.scalar(select(CheckIn).where(CheckIn.delegate_id == scan.delegate_id))
    db.commit()
    return scan, check


def test_backdated_offline_admission_gets_server_time_and_is_flagged(
    client, headers, event, make_delegate, db
):
    delegate = make_delegate()
    before = datetime.now(UTC)
    (result,) = sync(client, headers, offline(delegate.secret, BACKDATED))
    after = datetime.now(UTC)
    assert result["result"] == "admitted"
    assert before <= datetime.fromisoformat(result["checked_in_at"]) + timedelta(seconds=1)
    scan, check = stored(db, "s-1")
    assert before <= check.checked_in_at <= after
    assert scan.clock_rejected is True and scan.is_conflict is False
    # What the phone claimed stays in the log, for the organiser to see.
    assert scan.scanned_at == datetime.fromisoformat(BACKDATED)


def test_backdated_admission_does_not_pin_the_live_timeline(
    client, headers, event, make_delegate, login
):
    delegate = make_delegate()
    sync(client, headers, offline(delegate.secret, BACKDATED))
    login("viewer")
    stats = client.get(f"/api/events/{SLUG}/stats").get_json()
    assert stats["checked_in"] == 1
    assert stats["timeline"], stats
    yesterday = datetime.now(UTC) - timedelta(days=1)
    assert all(datetime.fromisoformat(point["at"]) > yesterday for point in stats["timeline"])


@pytest.mark.parametrize("ahead", [timedelta(hours=2), timedelta(days=3650)])
def test_scan_time_in_the_future_gets_server_time_and_is_flagged(
    client, headers, event, make_delegate, db, ahead
):
    delegate = make_delegate()
    at = (datetime.now(UTC) + ahead).isoformat()
    sync(client, headers, offline(delegate.secret, at))
    scan, check = stored(db, "s-1")
    assert check.checked_in_at <= datetime.now(UTC)
    assert scan.clock_rejected is True


def test_phone_clock_a_little_fast_is_not_flagged(client, headers, event, make_delegate, db):
    delegate = make_delegate()
    at = (datetime.now(UTC) + timedelta(seconds=30)).isoformat()
    sync(client, headers, offline(delegate.secret, at))
    scan, check = stored(db, "s-1")
    assert check.checked_in_at <= datetime.now(UTC)
    assert scan.clock_rejected is False


def test_offline_scan_within_24_hours_keeps_phone_time_unflagged(
    client, headers, event, make_delegate, db
):
    delegate = make_delegate()
    at = (datetime.now(UTC) - timedelta(hours=23)).replace(microsecond=0)
    (result,) = sync(client, headers, offline(delegate.secret, at.isoformat()))
    assert datetime.fromisoformat(result["checked_in_at"]) == at
    scan, check = stored(db, "s-1")
    assert check.checked_in_at == at and scan.clock_rejected is False


def test_online_scan_with_wrong_clock_is_not_flagged(client, headers, event, make_delegate, db):
    delegate = make_delegate()
    scan = {"code": delegate.secret, "gate": "Pintu Utama", "scan_id": "s-1"}
    sync(client, headers, {**scan, "scanned_at": BACKDATED})
    scan_row, _check = stored(db, "s-1")
    assert scan_row.clock_rejected is False


def test_conflicts_page_explains_a_rejected_clock_in_words(
    client, headers, event, make_delegate, login, db
):
    person = make_delegate(name="Siti Rahma", ormas="Muslimat NU")
    sync(client, headers, offline(person.secret, BACKDATED))
    login("admin")
    html = client.get(CONFLICTS).get_data(as_text=True)
    assert "1 perlu diperiksa" in html
    assert "Siti Rahma" in html and "Muslimat NU" in html
    assert "Jam ponsel pintu tidak dapat dipercaya" in html
    assert "15-10-1999 08:01:00" in html  # what the phone said, in the event's zone
    assert "Dimasukkan saat luring" in html and "Pintu Utama" in html
    scan, _check = stored(db, "s-1")
    # The organiser reviews it like a conflict.
    assert client.post(f"{CONFLICTS}/{scan.id}/review").status_code == 302
    assert "0 perlu diperiksa" in client.get(CONFLICTS).get_data(as_text=True)


def test_backdated_second_door_is_a_conflict_with_a_rejected_clock(
    client, headers, event, make_delegate, login, db
):
    person = make_delegate(name="Dua Pintu")
    sync(client, headers, {"code": person.secret, "gate": "Pintu Utama", "scan_id": "s-0"})
    (result,) = sync(client, headers, offline(person.secret, BACKDATED, gate="Pintu Samping"))
    assert result["result"] == "already_checked_in" and result["conflict"] is True
    scan, _check = stored(db, "s-1")
    assert scan.is_conflict and scan.clock_rejected
    login("admin")
    html = client.get(CONFLICTS).get_data(as_text=True)
    assert "1 perlu diperiksa" in html
    assert "Juga dimasukkan saat luring" in html
    assert "Jam ponsel pintu tidak dapat dipercaya" in html


def test_scan_log_marks_a_rejected_clock(client, headers, event, make_delegate, login):
    person = make_delegate()
    sync(client, headers, offline(person.secret, BACKDATED))
    login("admin")
    html = client.get(f"/e/{SLUG}/admin/scans").get_data(as_text=True)
    assert "Jam ponsel salah" in html
