"""The check-in service: verdicts, the scan log, idempotency, walk-ins, substitutes, undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from checkin import scanning
from checkin.db import utcnow
from checkin.errors import (
    AlreadyExists,
    DelegateNotFound,
    Forbidden,
    InvalidGate,
    InvalidInput,
    InvalidScan,
    NotCheckedIn,
)
from checkin.events import create_event
from checkin.invitations import parse_code
from checkin.models import CheckIn, Delegate, RevokedSecret, Scan

URL = "https://checkin.example.id/i/{}"
T0 = datetime(2024, 10, 15, 0, 5, tzinfo=UTC)


@pytest.fixture
def door(make_user):
    return make_user("pintu-1", "door")


@pytest.fixture
def admin(make_user):
    return make_user("panitia", "admin")


def _scan(db, event, code, *, by, gate="Pintu Utama", **kw):
    result = scanning.check_in(db, event, code, gate=gate, by=by, **kw)
    db.commit()
    return result


def _count(db, model, **where):
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return db.scalar(query)


def test_check_in_admits_invitation_url(db, event, make_delegate, door):
    delegate = make_delegate(name="Drs. H. Ahmad Syarifuddin, M.Si.", ormas="KNPI", phone="+6281")
    result = _scan(db, event, URL.format(delegate.secret), by=door, now=T0)
    assert result.result == "admitted"
    body = result.to_dict()
    assert body == {
        "result": "admitted",
        "delegate": {
            "id": delegate.id,
            "name": "Drs. H. Ahmad Syarifuddin, M.Si.",
            "ormas": "KNPI",
            "region": delegate.region.name,
            "level": delegate.level,
            "position": "Ketua",
        },
        "checked_in_at": "2024-10-15T00:05:00+00:00",
        "gate": "Pintu Utama",
        "scan_id": None,
        "checked_in_by": "pintu-1",
        "substitute_name": None,
        "vip": False,
    }
    assert "+6281" not in str(body)
    assert _count(db, CheckIn, delegate_id=delegate.id) == 1


def test_check_in_bare_secret_with_whitespace_admits(db, event, make_delegate, door):
    delegate = make_delegate()
    assert _scan(db, event, f"  {delegate.secret}\n", by=door).result == "admitted"


def test_check_in_repeat_reports_first_admission(db, event, make_delegate, door, make_user):
    other = make_user("pintu-2", "door")
    delegate = make_delegate()
    _scan(db, event, delegate.secret, by=door, gate="Pintu Utama", now=T0)
    again = _scan(
        db, event, delegate.secret, by=other, gate="Pintu Samping", now=T0 + timedelta(minutes=7)
    )
    assert again.result == "already_checked_in"
    assert again.gate == "Pintu Utama"
    assert again.checked_in_at == T0
    assert again.checked_in_by == "pintu-1"
    assert "conflict" not in again.to_dict()
    assert _count(db, CheckIn) == 1


@pytest.mark.parametrize(
    "code",
    ["", "sampah", "\x00\xff", "\ud800x", "A" * 10_000, "https://evil.example/i/xyz/extra"],
)
def test_check_in_junk_is_unknown_code(db, event, door, code):
    result = _scan(db, event, code, by=door)
    assert result.result == "unknown_code"
    assert result.delegate is None
    assert result.checked_in_at is None
    scan = db.scalar(select(Scan))
    assert scan.result == "unknown_code" and len(scan.code) <= 500


def test_check_in_secret_of_other_event_is_unknown(db, event, door, make_delegate):
    other = create_event(db, "rakor-2025", name="Rakor 2025")
    db.commit()
    delegate = make_delegate()
    result = _scan(db, other, delegate.secret, by=door)
    assert result.result == "unknown_code"
    assert _count(db, CheckIn) == 0


def test_check_in_revoked_delegate_is_revoked(db, event, make_delegate, door):
    delegate = make_delegate(revoked_at=utcnow())
    result = _scan(db, event, delegate.secret, by=door)
    assert result.result == "revoked"
    assert result.delegate["id"] == delegate.id
    assert _count(db, CheckIn) == 0


def test_check_in_replaced_secret_is_revoked(db, event, make_delegate, door):
    delegate = make_delegate()
    old = "OldSecret_0123456789abcdefghijkl"
    db.add(RevokedSecret(event_id=event.id, delegate_id=delegate.id, secret=old))
    db.commit()
    assert _scan(db, event, URL.format(old), by=door).result == "revoked"
    assert _scan(db, event, delegate.secret, by=door).result == "admitted"


def test_check_in_revoked_wins_over_already_checked_in(db, event, make_delegate, door):
    delegate = make_delegate()
    assert _scan(db, event, delegate.secret, by=door).result == "admitted"
    delegate.revoked_at = utcnow()
    db.commit()
    assert _scan(db, event, delegate.secret, by=door).result == "revoked"


def test_check_in_logs_every_attempt(db, event, make_delegate, door):
    delegate = make_delegate()
    seen = T0 - timedelta(seconds=3)
    _scan(db, event, delegate.secret, by=door, scanned_at=seen, now=T0)
    _scan(db, event, delegate.secret, by=door, gate="Pintu Samping", now=T0)
    _scan(db, event, "x" * 900, by=door, now=T0)
    rows = list(db.scalars(select(Scan).order_by(Scan.id)))
    assert [r.result for r in rows] == ["admitted", "already_checked_in", "unknown_code"]
    assert [r.gate for r in rows] == ["Pintu Utama", "Pintu Samping", "Pintu Utama"]
    assert all(r.user_id == door.id and r.created_at == T0 for r in rows)
    assert rows[0].scanned_at == seen and rows[0].delegate_id == delegate.id
    assert rows[2].code == "x" * 500 and rows[2].delegate_id is None


def test_check_in_same_scan_id_gets_same_answer(db, event, make_delegate, door):
    delegate = make_delegate()
    first = _scan(db, event, delegate.secret, by=door, scan_id="phone-1:42", now=T0)
    again = _scan(db, event, delegate.secret, by=door, scan_id="phone-1:42", now=T0 + timedelta(1))
    assert first.result == again.result == "admitted"
    assert first.to_dict() == again.to_dict()
    assert _count(db, CheckIn) == 1
    assert _count(db, Scan) == 1


def test_check_in_same_scan_id_for_unknown_replays_unknown(db, event, door):
    first = _scan(db, event, "rubbish", by=door, scan_id="s-1")
    again = _scan(db, event, "rubbish", by=door, scan_id="s-1")
    assert first.to_dict() == again.to_dict()
    assert again.result == "unknown_code"


def test_check_in_new_scan_id_for_same_code_is_repeat(db, event, make_delegate, door):
    delegate = make_delegate()
    _scan(db, event, delegate.secret, by=door, scan_id="s-1")
    assert _scan(db, event, delegate.secret, by=door, scan_id="s-2").result == (
        "already_checked_in"
    )


def test_check_in_offline_admitted_elsewhere_is_conflict(db, event, make_delegate, door):
    delegate = make_delegate()
    _scan(db, event, delegate.secret, by=door, gate="Pintu Utama", now=T0)
    result = _scan(
        db,
        event,
        delegate.secret,
        by=door,
        gate="Pintu Samping",
        scan_id="off-1",
        scanned_at=T0 + timedelta(minutes=1),
        offline_admitted=True,
        now=T0 + timedelta(minutes=9),
    )
    assert result.result == "already_checked_in"
    assert result.to_dict()["conflict"] is True
    assert db.scalar(select(Scan).where(Scan.scan_id == "off-1")).is_conflict
    assert _count(db, CheckIn) == 1


def test_check_in_offline_admission_keeps_phone_time(db, event, make_delegate, door):
    delegate = make_delegate()
    seen = T0 - timedelta(minutes=20)
    result = _scan(
        db, event, delegate.secret, by=door, scanned_at=seen, offline_admitted=True, now=T0
    )
    assert result.result == "admitted" and result.checked_in_at == seen
    assert db.scalar(select(CheckIn)).is_offline


def test_check_in_substitute_recorded_once(db, event, make_delegate, door):
    delegate = make_delegate()
    result = _scan(db, event, delegate.secret, by=door, substitute_name=" Budi  Santoso ")
    assert result.result == "admitted" and result.substitute_name == "Budi Santoso"
    assert db.scalar(select(CheckIn)).substitute_name == "Budi Santoso"
    again = _scan(db, event, delegate.secret, by=door, substitute_name="Orang Lain")
    assert again.result == "already_checked_in" and again.substitute_name == "Budi Santoso"
    assert _count(db, CheckIn) == 1


@pytest.mark.parametrize("gate", [None, "", "   ", "P" * 81, 7, "Pintu\x00", "\udc80"])
def test_check_in_invalid_gate_is_refused(db, event, make_delegate, door, gate):
    delegate = make_delegate()
    with pytest.raises(InvalidGate):
        scanning.check_in(db, event, delegate.secret, gate=gate, by=door)
    db.rollback()
    assert _count(db, Scan) == 0


def test_check_in_gate_recorded_as_given(db, event, make_delegate, door):
    delegate = make_delegate()
    result = _scan(db, event, delegate.secret, by=door, gate="Lobi Timur (lantai 2)")
    assert result.gate == "Lobi Timur (lantai 2)"
    assert db.scalar(select(CheckIn)).gate == "Lobi Timur (lantai 2)"


@pytest.mark.parametrize("scan_id", ["", "x" * 81, 42])
def test_check_in_invalid_scan_id_is_refused(db, event, door, scan_id):
    with pytest.raises(InvalidScan):
        scanning.check_in(db, event, "x", gate="Pintu Utama", by=door, scan_id=scan_id)


@pytest.mark.parametrize("text", ["2024-10-15 08:05", "kemarin", "2024-13-01T00:00+08:00", 5])
def test_parse_scanned_at_refuses_bad_times(text):
    with pytest.raises(InvalidScan):
        scanning.parse_scanned_at(text)


def test_parse_scanned_at_reads_offsets():
    assert scanning.parse_scanned_at("2024-10-15T08:05:00+08:00") == T0
    assert scanning.parse_scanned_at("2024-10-15T00:05:00Z") == T0


def test_check_in_delegate_manual_logs_code(db, event, make_delegate, door):
    delegate = make_delegate()
    result = scanning.check_in_delegate(db, event, delegate.id, gate="Pintu Utama", by=door)
    db.commit()
    assert result.result == "admitted"
    assert db.scalar(select(Scan)).code == f"manual:{delegate.id}"
    again = scanning.check_in_delegate(db, event, delegate.id, gate="Pintu Samping", by=door)
    assert again.result == "already_checked_in" and again.gate == "Pintu Utama"


def test_check_in_delegate_of_other_event_not_found(db, event, make_delegate, door):
    other = create_event(db, "rakor-2025", name="Rakor 2025")
    delegate = make_delegate()
    with pytest.raises(DelegateNotFound):
        scanning.check_in_delegate(db, other, delegate.id, gate="Pintu Utama", by=door)


def test_check_in_delegate_revoked_is_refused(db, event, make_delegate, door):
    delegate = make_delegate(revoked_at=utcnow())
    result = scanning.check_in_delegate(db, event, delegate.id, gate="Pintu Utama", by=door)
    assert result.result == "revoked"


def _walkin(db, event, by, **kw):
    fields = {
        "name": "Siti Aminah",
        "ormas": "Fatayat NU Kaltim",
        "region_id": event.regions[3].id,
        "position": "Sekretaris",
        "phone": "0812-5555-1234",
        "gate": "Pintu Utama",
        **kw,
    }
    return scanning.register_walkin(db, event, by=by, **fields)


def test_register_walkin_by_admin_admits_at_once(db, event, admin):
    delegate, result = _walkin(db, event, admin)
    db.commit()
    assert result.result == "admitted"
    assert delegate.is_walkin and len(delegate.secret) >= 22
    assert delegate.phone == "+6281255551234"
    assert delegate.level == event.regions[3].level
    assert parse_code(URL.format(delegate.secret)) == delegate.secret
    assert _count(db, CheckIn, delegate_id=delegate.id) == 1
    assert db.scalar(select(Scan)).code == f"walkin:{delegate.id}"


def test_register_walkin_by_door_refused_unless_event_allows(db, event, door):
    with pytest.raises(Forbidden):
        _walkin(db, event, door)
    db.rollback()
    event.allow_door_walkin = True
    db.commit()
    _, result = _walkin(db, event, door)
    assert result.result == "admitted"


def test_register_walkin_by_viewer_refused(db, event, make_user):
    event.allow_door_walkin = True
    db.commit()
    with pytest.raises(Forbidden):
        _walkin(db, event, make_user("layar", "viewer"))


@pytest.mark.parametrize(
    "fields", [{"name": ""}, {"ormas": "  "}, {"region_id": 99999}, {"region_id": "x"}]
)
def test_register_walkin_missing_fields_refused(db, event, admin, fields):
    with pytest.raises(InvalidInput):
        _walkin(db, event, admin, **fields)


def test_register_walkin_twice_refused(db, event, admin):
    _walkin(db, event, admin)
    db.commit()
    with pytest.raises(AlreadyExists):
        _walkin(db, event, admin, name="siti  aminah")
    db.rollback()
    assert _count(db, Delegate) == 1


def test_undo_then_admit_again(db, event, make_delegate, door, admin):
    delegate = make_delegate()
    _scan(db, event, delegate.secret, by=door)
    scanning.undo_check_in(db, event, delegate.id, reason="Salah orang", by=admin)
    db.commit()
    assert _count(db, CheckIn) == 0
    undone = db.scalar(select(Scan).where(Scan.result == "undone"))
    assert undone.note == "Salah orang" and undone.user_id == admin.id
    assert undone.delegate_id == delegate.id
    assert _scan(db, event, delegate.secret, by=door, gate="Pintu Samping").result == "admitted"
    assert db.scalar(select(CheckIn)).gate == "Pintu Samping"


def test_undo_by_door_staff_refused(db, event, make_delegate, door):
    delegate = make_delegate()
    _scan(db, event, delegate.secret, by=door)
    with pytest.raises(Forbidden):
        scanning.undo_check_in(db, event, delegate.id, reason="x", by=door)


@pytest.mark.parametrize("reason", [None, "", "   ", "x" * 501])
def test_undo_requires_reason(db, event, make_delegate, door, admin, reason):
    delegate = make_delegate()
    _scan(db, event, delegate.secret, by=door)
    with pytest.raises(InvalidInput):
        scanning.undo_check_in(db, event, delegate.id, reason=reason, by=admin)


def test_undo_without_check_in_refused(db, event, make_delegate, admin):
    delegate = make_delegate()
    with pytest.raises(NotCheckedIn):
        scanning.undo_check_in(db, event, delegate.id, reason="x", by=admin)


def test_scan_log_filters_by_door_verdict_staff_and_time(db, event, make_delegate, door, admin):
    a, b = make_delegate(), make_delegate()
    _scan(db, event, a.secret, by=door, gate="Pintu Utama", now=T0)
    _scan(db, event, a.secret, by=admin, gate="Pintu Samping", now=T0 + timedelta(minutes=5))
    _scan(db, event, "junk", by=door, gate="Pintu Samping", now=T0 + timedelta(minutes=10))
    _scan(db, event, b.secret, by=door, gate="Pintu Samping", now=T0 + timedelta(minutes=15))
    log = scanning.scan_log
    assert log(db, event).total == 4
    assert log(db, event).items[0].delegate_id == b.id
    assert log(db, event, gate="Pintu Samping").total == 3
    assert log(db, event, result="unknown_code").total == 1
    assert log(db, event, user_id=admin.id).total == 1
    window = {"since": T0 + timedelta(minutes=5), "until": T0 + timedelta(minutes=15)}
    assert log(db, event, **window).total == 2
    page = log(db, event, per_page=3, page=2)
    assert page.pages == 2 and len(page.items) == 1
    choices = scanning.scan_log_choices(db, event)
    assert choices["gates"] == ["Pintu Utama", "Pintu Samping"]
    assert [u for _, u in choices["users"]] == ["panitia", "pintu-1"]


def test_check_in_logs_unstorable_text_escaped(db, event, door):
    _scan(db, event, "a\x00b\ud800c", by=door)
    assert db.scalar(select(Scan)).code == "a\\u0000b\\ud800c"
