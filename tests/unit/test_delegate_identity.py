"""Who is who in an event: the organiser's id when the list has one, else name|ormas|region.

The database refuses a second delegate with the same id, or with the same match key among
delegates without an id (migration 0002); delegates with ids may share name, ormas and region.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from checkin import scanning
from checkin.db import make_engine
from checkin.errors import AlreadyExists
from checkin.events.delegates import update_delegate
from checkin.migrate import upgrade
from checkin.models import AuditLog, Delegate, Event
from tests.conftest import POSTGRES_URL, need


def _edit(db, event, delegate, **changes):
    fields = {
        "name": delegate.name,
        "ormas": delegate.ormas,
        "region_id": delegate.region_id,
        "level": delegate.level,
        "position": delegate.position,
        **changes,
    }
    return update_delegate(db, event, delegate, **fields)


def test_database_refuses_a_second_delegate_without_id_with_the_same_key(db, make_delegate):
    make_delegate(name="Siti Aminah", ormas="Fatayat NU")
    with pytest.raises(IntegrityError):
        make_delegate(name="Siti Aminah", ormas="Fatayat NU")
    db.rollback()


def test_database_refuses_a_second_delegate_with_the_same_id(db, make_delegate):
    make_delegate(external_id="K-1")
    with pytest.raises(IntegrityError):
        make_delegate(external_id="K-1")
    db.rollback()


def test_delegates_with_ids_may_share_name_ormas_and_region(db, make_delegate):
    make_delegate(name="Ahmad", ormas="GAMKI", external_id="K-1")
    make_delegate(name="Ahmad", ormas="GAMKI", external_id="K-2")
    make_delegate(name="Ahmad", ormas="GAMKI")
    assert len(db.scalars(select(Delegate.id)).all()) == 3


def test_walkin_matching_an_invited_delegate_with_an_id_is_refused(db, event, make_user):
    region = event.regions[3]
    db.add(
        Delegate(
            event_id=event.id, region_id=region.id, external_id="K-7", name="Siti Aminah",
            ormas="Fatayat NU Kaltim", level=region.level, secret="s" * 32,
            match_key=f"siti aminah|fatayat nu kaltim|{region.name.lower()}",
        )
    )  # fmt: skip
    db.commit()
    with pytest.raises(AlreadyExists):
        scanning.register_walkin(
            db, event, name="SITI  AMINAH", ormas="Fatayat NU Kaltim", region_id=region.id,
            gate="Pintu Utama", by=make_user("panitia", "admin"),
        )  # fmt: skip
    db.rollback()
    assert len(db.scalars(select(Delegate.id)).all()) == 1


def test_edit_into_another_delegates_name_ormas_region_is_refused(db, event, make_delegate):
    first = make_delegate(name="Siti Aminah", ormas="Fatayat NU")
    second = make_delegate(name="Siti Amina", ormas="Fatayat NU", position="Anggota")
    db.add(AuditLog(event_id=event.id, actor="test", action="earlier", detail=""))
    with pytest.raises(AlreadyExists) as caught:
        _edit(db, event, second, name="siti  AMINAH", position="Ketua")
    assert caught.value.message == (
        "Peserta siti AMINAH dari Fatayat NU (Kabupaten Berau) sudah ada di acara ini."
    )
    db.commit()  # the caller's transaction goes on: its earlier work is kept
    db.expire_all()
    assert (second.name, second.position, second.match_key) == (
        "Siti Amina", "Anggota", f"siti amina|fatayat nu|{first.region.name.lower()}"
    )  # fmt: skip
    assert db.scalar(select(AuditLog.action)) == "earlier"


def test_edit_into_the_key_of_a_delegate_with_an_id_is_allowed(db, event, make_delegate):
    make_delegate(name="Ahmad", ormas="GAMKI", external_id="K-1")
    other = make_delegate(name="Ahmad H.", ormas="GAMKI")
    _edit(db, event, other, name="Ahmad")
    db.commit()
    assert len(db.scalars(select(Delegate.id).where(Delegate.name == "Ahmad")).all()) == 2


# --- migration 0002 on a database that already holds duplicates ------------------------------


@pytest.fixture
def old_schema_url(backend, tmp_path) -> Iterator[str]:
    """An empty database of its own, at revision 0001 (before the unique delegate keys)."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.sqlite'}"
        upgrade(url, "0001")
        yield url
        return
    need(bool(POSTGRES_URL), "CHECKIN_TEST_POSTGRES_URL is not set")
    schema = f"mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
        upgrade(url, "0001")
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def _old_delegate(session: Session, event: Event, n: int, key: str, ext: str | None) -> int:
    # Plain SQL with revision 0001's columns: today's model has columns later revisions add.
    region = event.regions[0]
    now = datetime.now(UTC)
    return session.execute(
        text(
            "INSERT INTO delegate (event_id, region_id, name, ormas, level, secret, match_key,"
            " external_id, is_vip, is_walkin, search_text, created_at, updated_at) VALUES"
            " (:event, :region, :name, 'Ormas', :level, :secret, :key, :ext, false, false, '',"
            " :now, :now) RETURNING id"
        ),
        {
            "event": event.id, "region": region.id, "name": f"Peserta {n}", "level": region.level,
            "secret": f"secret-{n}-" + "x" * 20, "key": key, "ext": ext, "now": now,
        },
    ).scalar_one()  # fmt: skip


def test_migration_keeps_existing_duplicates_and_marks_the_later_ones(old_schema_url):
    engine = make_engine(old_schema_url)
    with Session(engine) as session:
        # Plain SQL with revision 0001's columns, as for the delegates below.
        event_id = session.execute(
            text(
                "INSERT INTO event (slug, name, timezone, allow_door_walkin, created_at)"
                " VALUES ('lama', 'Lama', 'Asia/Makassar', false, :now) RETURNING id"
            ),
            {"now": datetime.now(UTC)},
        ).scalar_one()
        region_id = session.execute(
            text(
                "INSERT INTO region (event_id, name, level, aliases, sort_order) VALUES"
                " (:event, 'Kota Samarinda', 'kabupaten_kota', '', 0) RETURNING id"
            ),
            {"event": event_id},
        ).scalar_one()
        event = SimpleNamespace(
            id=event_id, regions=[SimpleNamespace(id=region_id, level="kabupaten_kota")]
        )
        ids = [
            _old_delegate(session, event, 1, "a|o|s", None),
            _old_delegate(session, event, 2, "a|o|s", None),  # the same person, no id
            _old_delegate(session, event, 3, "a|o|s", None),
            _old_delegate(session, event, 4, "b|o|s", "K-1"),
            _old_delegate(session, event, 5, "c|o|s", "K-1"),  # the same id
            _old_delegate(session, event, 6, "a|o|s", "K-2"),  # an id: someone else
        ]
        event_id = event.id
        session.commit()
    upgrade(old_schema_url)
    with Session(engine) as session:
        rows = session.execute(select(Delegate.id, Delegate.external_id).order_by(Delegate.id))
        assert [ext for _id, ext in rows] == [
            None, f"duplikat-{ids[1]}", f"duplikat-{ids[2]}", "K-1", f"duplikat-{ids[4]}", "K-2"
        ]  # fmt: skip
        (entry,) = session.scalars(select(AuditLog)).all()
        assert (entry.event_id, entry.action) == (event_id, "delegate.duplicate_marked")
        assert f"{ids[4]} had the same organiser's id as delegate {ids[3]}" in entry.detail
        assert f"{ids[1]}, {ids[2]} had the same name, ormas, region as delegate {ids[0]}" in (
            entry.detail
        )
    indexes = {i["name"]: i["unique"] for i in inspect(engine).get_indexes("delegate")}
    assert indexes["uq_delegate_event_match"] and indexes["uq_delegate_event_external"]
    assert "ix_delegate_event_external" not in indexes
    engine.dispose()
