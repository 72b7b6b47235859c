"""Purging personal data after the event: contact data and mandate numbers go, attendance stays."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from checkin import audit, invitations
from checkin.errors import InvalidInput
from checkin.events import privacy, search_delegates
from checkin.models import AuditLog, CheckIn, Delegate

AFTER = datetime(2024, 10, 16, 0, 0, tzinfo=UTC)


@pytest.fixture
def people(db, event, make_delegate, make_event_two):
    a = make_delegate(name="Ahmad", phone="+6281234567890", email="a@example.id")
    b = make_delegate(name="Budi", phone="+6281200000002", email=None)
    invitations.confirm_attendance(
        db,
        b,
        answer="diwakilkan",
        substitute_name="Citra Lestari",
        substitute_position="Bendahara",
        mandate_number="7/ST/2024",
        now=datetime(2024, 10, 14, tzinfo=UTC),
    )
    db.add(
        CheckIn(
            event_id=event.id,
            delegate_id=b.id,
            checked_in_at=datetime(2024, 10, 15, 0, 5, tzinfo=UTC),
            gate="Pintu Utama",
            substitute_name="Citra Lestari",
        )
    )
    a.search_text = "ahmad ormas 6281234567890 081234567890"  # as written before 0002
    a.phone_digits = "6281234567890 081234567890"
    db.commit()
    return a, b


@pytest.fixture
def make_event_two(db):
    from checkin.events import create_event

    other = create_event(db, "acara-lain", name="Acara Lain", starts_at=AFTER)
    db.add(
        Delegate(
            event_id=other.id,
            region_id=other.regions[0].id,
            name="Orang Lain",
            ormas="Ormas",
            level=other.regions[0].level,
            phone="+6281299999999",
            email="lain@example.id",
            secret="s" * 32,
            match_key="x",
        )
    )
    db.commit()
    return other


def test_purge_removes_contact_data_and_keeps_the_attendance(db, event, people):
    a, b = people
    result = privacy.purge_personal_data(db, event, actor="cli", now=AFTER)
    db.commit()
    assert (result.delegates, result.phones, result.emails, result.mandates) == (2, 2, 1, 1)
    for d in (a, b):
        db.refresh(d)
        assert d.phone is None and d.email is None and d.substitute_mandate is None
    assert b.substitute_name == "Citra Lestari" and b.substitute_position == "Bendahara"
    assert b.check_in.substitute_name == "Citra Lestari"
    assert b.check_in.checked_in_at == datetime(2024, 10, 15, 0, 5, tzinfo=UTC)
    assert event.personal_data_purged_at == AFTER


def test_purge_removes_phone_digits_from_the_search(db, event, people):
    privacy.purge_personal_data(db, event, actor="cli", now=AFTER)
    db.commit()
    assert search_delegates(db, event, q="0812 3456 7890", match_phone=True).total == 0
    assert search_delegates(db, event, q="ahmad").total == 1


def test_purge_leaves_other_events_alone(db, event, people, make_event_two):
    privacy.purge_personal_data(db, event, actor="cli", now=AFTER)
    db.commit()
    other = db.scalar(select(Delegate).where(Delegate.event_id == make_event_two.id))
    assert other.phone == "+6281299999999" and other.email == "lain@example.id"


def test_purge_is_audit_logged(db, event, people, make_user):
    user = make_user("panitia", "admin")
    privacy.purge_personal_data(db, event, actor=user.username, user=user, now=AFTER)
    db.commit()
    entry = db.scalar(select(AuditLog).where(AuditLog.action == privacy.PURGE_PERSONAL_DATA))
    assert (entry.event_id, entry.user_id, entry.actor) == (event.id, user.id, "panitia")
    fields = audit.entry_fields(entry)
    assert fields is not None and (fields["phones"], fields["emails"]) == (2, 1)


def test_purge_before_the_event_is_refused_unless_forced(db, event, people):
    before = datetime(2024, 10, 1, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="belum berlangsung"):
        privacy.purge_personal_data(db, event, actor="cli", now=before)
    assert people[0].phone == "+6281234567890"
    privacy.purge_personal_data(db, event, actor="cli", now=before, allow_before_end=True)
    assert privacy.purge_preview(db, event).delegates == 0


def test_purge_twice_finds_nothing_more(db, event, people):
    privacy.purge_personal_data(db, event, actor="cli", now=AFTER)
    again = privacy.purge_personal_data(db, event, actor="cli", now=AFTER)
    assert (again.delegates, again.phones, again.emails) == (0, 0, 0)
