"""CLI: purge-personal-data removes phones, e-mails and mandate numbers, keeps the attendance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from checkin.db import utcnow
from checkin.models import AuditLog, CheckIn, Delegate


def people(db, event, make_delegate):
    a = make_delegate(name="Andi", phone="+6281100000001", email="andi@example.id")
    b = make_delegate(name="Budi", phone="+6281100000002", substitute_mandate="7/ST/2024")
    b.confirmation, b.substitute_name = "diwakilkan", "Citra"
    db.add(
        CheckIn(
            event_id=event.id,
            delegate_id=a.id,
            checked_in_at=datetime(2024, 10, 15, 0, 5, tzinfo=UTC),
            gate="Pintu Utama",
        )
    )
    db.commit()
    return a.id, b.id


def test_purge_with_yes_removes_contacts_and_keeps_attendance(runner, db, event, make_delegate):
    a, b = people(db, event, make_delegate)
    result = runner.invoke(args=["purge-personal-data", "--event", event.slug, "--yes"])
    assert result.exit_code == 0, result.output
    assert "Removed 2 phone numbers, 1 e-mails and 1 mandate numbers" in result.output
    db.expire_all()
    for delegate_id in (a, b):
        d = db.get(Delegate, delegate_id)
        assert (d.phone, d.email, d.substitute_mandate) == (None, None, None)
    assert db.get(Delegate, b).substitute_name == "Citra"
    assert db.scalar(select(CheckIn.delegate_id)) == a
    entry = db.scalar(select(AuditLog).where(AuditLog.action == "purge_personal_data"))
    assert entry.actor == "cli" and entry.event_id == event.id


def test_purge_asks_first_and_changes_nothing_when_refused(runner, db, event, make_delegate):
    a, _ = people(db, event, make_delegate)
    result = runner.invoke(args=["purge-personal-data", "--event", event.slug], input="n\n")
    assert result.exit_code == 1
    assert "Remove the phone numbers (2), e-mails (1) and mandate numbers (1)" in result.output
    db.expire_all()
    assert db.get(Delegate, a).phone == "+6281100000001"
    assert db.scalar(select(AuditLog.id).where(AuditLog.action == "purge_personal_data")) is None


def test_purge_goes_ahead_when_confirmed(runner, db, event, make_delegate):
    a, _ = people(db, event, make_delegate)
    result = runner.invoke(args=["purge-personal-data", "--event", event.slug], input="y\n")
    assert result.exit_code == 0, result.output
    db.expire_all()
    assert db.get(Delegate, a).phone is None


def test_purge_before_the_event_is_refused_unless_forced(runner, db, event, make_delegate):
    a, _ = people(db, event, make_delegate)
    event.starts_at = utcnow() + timedelta(days=3)
    db.commit()
    args = ["purge-personal-data", "--event", event.slug, "--yes"]
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert "belum berlangsung" in result.output
    db.expire_all()
    assert db.get(Delegate, a).phone == "+6281100000001"
    db.commit()
    assert runner.invoke(args=[*args, "--force"]).exit_code == 0


def test_purge_of_an_unknown_event_fails_readably(runner):
    result = runner.invoke(args=["purge-personal-data", "--event", "tidak-ada", "--yes"])
    assert result.exit_code == 1
    assert "tidak ditemukan" in result.output
