"""The schema: migrations match the models, and the database itself enforces the rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import IntegrityError

from checkin.db import Base, database
from checkin.models import CheckIn


def test_migrations_match_models(app, backend):
    engine = database(app).engine
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_check_in_unique_per_delegate_enforced_by_database(db, make_delegate, event):
    delegate = make_delegate()
    now = datetime.now(UTC)
    db.add(CheckIn(event_id=event.id, delegate_id=delegate.id, checked_in_at=now, gate="A"))
    db.commit()
    db.add(CheckIn(event_id=event.id, delegate_id=delegate.id, checked_in_at=now, gate="B"))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()


def test_secret_unique_enforced_by_database(db, make_delegate):
    first = make_delegate()
    with pytest.raises(IntegrityError):
        make_delegate(secret=first.secret)
    db.rollback()


def test_timestamps_come_back_aware_utc(db, make_delegate):
    delegate = make_delegate()
    db.expire_all()
    assert delegate.created_at.tzinfo is not None
    assert delegate.created_at.utcoffset().total_seconds() == 0
