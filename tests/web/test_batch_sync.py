"""Offline sync through POST /api/events/<slug>/checkins/batch, as the scanner sends it:
repeated, reordered and partly invalid batches, original scan times, and conflicts.
(Shapes, limits and auth of the endpoint are in test_api_checkins.py.)"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from checkin.accounts import create_token
from checkin.models import CheckIn, Scan

SLUG = "rakor-ormas-2024"
BATCH = f"/api/events/{SLUG}/checkins/batch"
T1 = "2024-10-15T08:01:00+08:00"
T2 = "2024-10-15T08:02:30+08:00"
T3 = "2024-10-15T08:04:10.250000+08:00"
#: The server's clock when the phones sync: their 08:0x scan times lie within the 24 hours
#: back the server vouches for (test_offline_clock.py covers times outside them).
SYNCED = datetime.fromisoformat("2024-10-15T09:00:00+08:00")


@pytest.fixture(autouse=True)
def server_clock(monkeypatch):
    monkeypatch.setattr("checkin.scanning.admission.utcnow", lambda: SYNCED)


@pytest.fixture
def headers(db, make_user):
    make_user("ponsel-pintu", "door")
    token = create_token(db, "ponsel-pintu")
    db.commit()
    return {"Authorization": f"Bearer {token}"}


def count(db, model) -> int:
    value = db.scalar(select(func.count()).select_from(model))
    db.commit()
    return value


def offline_scan(code: str, scan_id: str, at: str, gate: str = "Pintu Utama") -> dict:
    return {
        "code": code,
        "gate": gate,
        "scan_id": scan_id,
        "scanned_at": at,
        "offline_admitted": True,
    }


def send(client, headers, scans) -> list[dict]:
    response = client.post(BATCH, json={"scans": scans}, headers=headers)
    assert response.status_code == 200, response.data
    return response.get_json()["results"]


def same_instant(results: list[dict]) -> list[dict]:
    """Answers with checked_in_at as an instant, so +08:00 and +00:00 texts compare equal."""
    return [
        {**r, "checked_in_at": r["checked_in_at"] and datetime.fromisoformat(r["checked_in_at"])}
        for r in results
    ]


def test_batch_sent_twice_admits_once_and_answers_the_same(
    client, headers, event, make_delegate, db
):
    a, b = make_delegate(), make_delegate()
    scans = [offline_scan(a.secret, "s-1", T1), offline_scan(b.secret, "s-2", T2)]
    first = send(client, headers, scans)
    # The phone lost the answer (wifi dropped again) and sends the same batch.
    again = send(client, headers, scans)
    assert [r["result"] for r in first] == ["admitted", "admitted"]
    assert same_instant(again) == same_instant(first)
    assert count(db, CheckIn) == 2
    assert count(db, Scan) == 2


def test_batch_reordered_answers_by_scan_id(client, headers, event, make_delegate, db):
    a, b = make_delegate(), make_delegate()
    scans = [offline_scan(a.secret, "s-1", T1), offline_scan(b.secret, "s-2", T2)]
    first = send(client, headers, scans)
    reordered = send(client, headers, [scans[1], scans[0]])
    assert same_instant(reordered) == same_instant([first[1], first[0]])
    assert count(db, CheckIn) == 2


def test_batch_partly_invalid_the_rest_counts_and_retry_fixes(
    client, headers, event, make_delegate, db
):
    a, b = make_delegate(), make_delegate()
    broken = offline_scan(b.secret, "s-2", "pagi tadi")
    results = send(
        client,
        headers,
        [offline_scan(a.secret, "s-1", T1), broken, offline_scan("bukan-kode!", "s-3", T3)],
    )
    assert [r["result"] for r in results] == ["admitted", "invalid", "unknown_code"]
    assert results[1]["error"] == "invalid_scanned_at"
    assert count(db, CheckIn) == 1
    # The invalid scan left nothing behind: the same scan_id can still be sent, fixed.
    fixed = send(client, headers, [{**broken, "scanned_at": T2}])
    assert fixed[0]["result"] == "admitted"
    assert count(db, CheckIn) == 2


def test_batch_keeps_original_scan_times(client, headers, event, make_delegate, db):
    a, b = make_delegate(), make_delegate()
    results = send(
        client, headers, [offline_scan(a.secret, "s-1", T1), offline_scan(b.secret, "s-2", T3)]
    )
    assert [datetime.fromisoformat(r["checked_in_at"]) for r in results] == [
        datetime.fromisoformat(T1).replace(microsecond=0),
        datetime.fromisoformat(T3).replace(microsecond=0),
    ]
    rows = {c.delegate_id: c for c in db.scalars(select(CheckIn))}
    assert rows[a.id].checked_in_at == datetime.fromisoformat(T1)
    assert rows[b.id].checked_in_at == datetime.fromisoformat(T3)
    assert all(c.is_offline for c in rows.values())
    scans = {s.scan_id: s for s in db.scalars(select(Scan))}
    assert scans["s-1"].scanned_at == datetime.fromisoformat(T1)
    assert scans["s-1"].created_at > datetime.fromisoformat(T1)
    db.commit()


def test_batch_scan_time_in_the_future_is_capped_at_arrival(
    client, headers, event, make_delegate, db
):
    delegate = make_delegate()
    send(client, headers, [offline_scan(delegate.secret, "s-1", "2099-01-01T00:00:00+00:00")])
    check = db.scalars(select(CheckIn)).one()
    assert check.checked_in_at <= datetime.now(UTC)
    db.commit()


def test_two_offline_doors_one_check_in_one_conflict(client, headers, event, make_delegate, db):
    delegate = make_delegate(name="Dua Pintu")
    main = send(client, headers, [offline_scan(delegate.secret, "utama-1", T1)])
    side = send(client, headers, [offline_scan(delegate.secret, "samping-1", T2, "Pintu Samping")])
    assert main[0]["result"] == "admitted" and "conflict" not in main[0]
    assert side[0]["result"] == "already_checked_in"
    assert side[0]["conflict"] is True
    assert side[0]["gate"] == "Pintu Utama"
    assert side[0]["delegate"]["name"] == "Dua Pintu"
    assert count(db, CheckIn) == 1
    conflicts = db.scalars(select(Scan).where(Scan.is_conflict.is_(True))).all()
    assert [(s.scan_id, s.gate) for s in conflicts] == [("samping-1", "Pintu Samping")]
    db.commit()
    # Sent again (lost answer), the conflict is not counted twice.
    again = send(client, headers, [offline_scan(delegate.secret, "samping-1", T2)])
    assert same_instant(again) == same_instant(side)
    assert count(db, Scan) == 2


def test_already_in_without_offline_admission_is_no_conflict(
    client, headers, event, make_delegate, db
):
    delegate = make_delegate()
    send(client, headers, [offline_scan(delegate.secret, "s-1", T1)])
    # The phone knew this person was in and said so: it sends the scan for the log only.
    scan = {"code": delegate.secret, "gate": "Pintu Utama", "scan_id": "s-2", "scanned_at": T2}
    result = send(client, headers, [scan])[0]
    assert result["result"] == "already_checked_in" and "conflict" not in result
    assert count(db, CheckIn) == 1


def test_batch_replay_answers_with_identical_text(client, headers, event, make_delegate):
    delegate = make_delegate()
    scans = [offline_scan(delegate.secret, "s-1", T1)]
    assert send(client, headers, scans) == send(client, headers, scans)
