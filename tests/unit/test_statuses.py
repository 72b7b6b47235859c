"""One vocabulary of statuses: arrival, delivery and the konfirmasi answer never share a word
that means different things, and the lists that mean the same thing use the same word."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from checkin import events, sending
from checkin.errors import InvalidInput
from checkin.events import delegate_status, statuses
from checkin.invitations import confirm_attendance
from checkin.migrate import alembic_config, upgrade
from checkin.models import CheckIn

BEFORE = datetime(2024, 10, 14, 3, 0, tzinfo=UTC)  # the day before the event


def test_answers_share_no_word_with_the_statuses():
    status_words = set(statuses.ARRIVAL_STATUSES) | set(statuses.DELIVERY_STATUSES)
    assert not set(statuses.ANSWERS) & status_words


def test_arrival_and_delivery_share_only_arrived_and_revoked():
    shared = set(statuses.ARRIVAL_STATUSES) & set(statuses.DELIVERY_STATUSES)
    assert shared == {statuses.STATUS_ARRIVED, statuses.STATUS_REVOKED}


def test_every_word_has_one_label_and_no_answer_reads_like_a_status():
    words = [*statuses.ARRIVAL_STATUSES, *statuses.DELIVERY_STATUSES]
    assert set(statuses.STATUS_LABELS) == set(words)
    assert set(statuses.ANSWER_LABELS) == set(statuses.ANSWERS)
    status_labels = {str(label) for label in statuses.STATUS_LABELS.values()}
    answer_labels = {str(label) for label in statuses.ANSWER_LABELS.values()}
    assert len(status_labels) == len(statuses.STATUS_LABELS)
    assert not status_labels & answer_labels


def test_packages_reexport_the_one_vocabulary():
    assert events.DELIVERY_STATUSES is statuses.DELIVERY_STATUSES
    assert events.ANSWER_LABELS is statuses.ANSWER_LABELS
    assert not hasattr(sending, "STATUSES") and not hasattr(sending, "STATUS_LABELS")


def test_attending_answer_is_stored_with_its_own_word(db, event, make_delegate):
    delegate = make_delegate()
    confirm_attendance(db, delegate, answer="akan_hadir", now=BEFORE)
    assert delegate.confirmation == statuses.ANSWER_ATTEND == "akan_hadir"
    assert sending.delivery_status(delegate) == statuses.STATUS_CONFIRMED


def test_arrival_word_is_not_an_answer(db, event, make_delegate):
    delegate = make_delegate()
    with pytest.raises(InvalidInput):
        confirm_attendance(db, delegate, answer="hadir", now=BEFORE)
    assert delegate.confirmation is None


def test_delegate_filter_and_delivery_status_say_arrived_and_revoked_alike(
    db, event, make_delegate
):
    arrived, revoked = make_delegate(), make_delegate(revoked_at=BEFORE)
    db.add(CheckIn(event_id=event.id, delegate_id=arrived.id, checked_in_at=BEFORE, gate="A"))
    db.commit()
    db.refresh(arrived)
    assert delegate_status(arrived) == sending.delivery_status(arrived) == "hadir"
    assert delegate_status(revoked) == sending.delivery_status(revoked) == "dicabut"


@pytest.mark.only_backend("sqlite")
def test_migration_renames_the_stored_attending_answer(db, db_url, make_delegate):
    delegate = make_delegate(confirmation="akan_hadir")
    other = make_delegate(confirmation="berhalangan")
    db.close()
    cfg = alembic_config(db_url)
    before = ScriptDirectory.from_config(cfg).get_revision("0003").down_revision
    engine = create_engine(db_url)

    def answers() -> list[str]:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT confirmation FROM delegate WHERE id IN (:a, :b) ORDER BY id"),
                {"a": delegate.id, "b": other.id},
            )
            return [row[0] for row in rows]

    try:
        command.downgrade(cfg, before)
        assert answers() == ["hadir", "berhalangan"]
        upgrade(db_url)
        assert answers() == ["akan_hadir", "berhalangan"]
    finally:
        engine.dispose()
