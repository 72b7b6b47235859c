"""The schema: migrations match the models, and the database itself enforces the rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, insert, inspect, text
from sqlalchemy.exc import IntegrityError

from checkin.db import Base, database, make_engine
from checkin.migrate import alembic_config, upgrade
from checkin.models import CheckIn
from tests.conftest import POSTGRES_URL, need


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


# --- 0002: the phone digits leave the search text ----------------------------------------

SCRATCH_SCHEMA = "migration_scratch"


@pytest.fixture
def scratch_url(backend, tmp_path):
    """An empty database of this backend for walking the migrations by hand."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite'}"
        return
    need(bool(POSTGRES_URL), "CHECKIN_TEST_POSTGRES_URL is not set")
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCRATCH_SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCRATCH_SCHEMA}"))
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{SCRATCH_SCHEMA}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCRATCH_SCHEMA} CASCADE"))
    admin.dispose()


def _old_rows(url: str) -> None:
    """Rows as revision 0001 wrote them: the phone digits at the end of the search text."""
    engine = make_engine(url)
    tables = MetaData()
    tables.reflect(engine)
    now = datetime(2024, 10, 1, tzinfo=UTC).replace(tzinfo=None)
    old_text = "siti rahma muslimat nu ketua kota bontang 6281311112222 081311112222"
    with engine.begin() as conn:
        conn.execute(
            insert(tables.tables["event"]),
            {"id": 1, "slug": "rakor", "name": "Rakor", "timezone": "Asia/Makassar"}
            | {"allow_door_walkin": False, "created_at": now},
        )
        conn.execute(
            insert(tables.tables["region"]),
            {"id": 1, "event_id": 1, "name": "Kota Bontang", "level": "kabupaten_kota"}
            | {"aliases": "", "sort_order": 0},
        )
        delegate = {"event_id": 1, "region_id": 1, "ormas": "Muslimat NU", "level": "x"}
        delegate |= {"is_vip": False, "is_walkin": False, "created_at": now, "updated_at": now}
        conn.execute(
            insert(tables.tables["delegate"]),
            [
                delegate
                | {"id": 1, "name": "Siti Rahma", "phone": "+6281311112222", "secret": "a" * 32}
                | {"match_key": "siti", "search_text": old_text},
                delegate
                | {"id": 2, "name": "Budi", "phone": None, "secret": "b" * 32}
                | {"match_key": "budi", "search_text": "budi muslimat nu kota bontang"},
            ],
        )
        conn.execute(
            insert(tables.tables["check_in"]),
            {"event_id": 1, "delegate_id": 1, "checked_in_at": now, "gate": "A"}
            | {"is_offline": False},
        )
    engine.dispose()


def _delegates(url: str) -> list[tuple]:
    engine = make_engine(url)
    with engine.connect() as conn:
        has_digits = "phone_digits" in {c["name"] for c in inspect(conn).get_columns("delegate")}
        digits = ", phone_digits" if has_digits else ""
        rows = conn.execute(text(f"SELECT id, search_text{digits} FROM delegate ORDER BY id"))
        result = [tuple(row) for row in rows]
        assert conn.execute(text("SELECT count(*) FROM check_in")).scalar() == 1
    engine.dispose()
    return result


def test_migration_moves_phone_digits_out_of_the_search_text_and_back(scratch_url):
    upgrade(scratch_url, "0003")
    _old_rows(scratch_url)
    upgrade(scratch_url, "0004")
    assert _delegates(scratch_url) == [
        (1, "siti rahma muslimat nu ketua kota bontang", "6281311112222 081311112222"),
        (2, "budi muslimat nu kota bontang", ""),
    ]
    command.downgrade(alembic_config(scratch_url), "0003")
    assert _delegates(scratch_url) == [
        (1, "siti rahma muslimat nu ketua kota bontang 6281311112222 081311112222"),
        (2, "budi muslimat nu kota bontang"),
    ]


# --- 0009: the events an account is limited to -------------------------------------------


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
    engine.dispose()
    return names


def test_migration_adds_the_account_event_limits_and_takes_them_away(scratch_url):
    upgrade(scratch_url, "0007")
    _old_rows(scratch_url)  # an event (id 1) with its delegates
    engine = make_engine(scratch_url)
    now = datetime(2024, 10, 1, tzinfo=UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO user_account (id, username, role, is_active, created_at)"
                " VALUES (1, 'layar', 'viewer', :yes, :now), (2, 'panitia', 'admin', :yes, :now)"
            ),
            {"yes": True, "now": now},
        )
    upgrade(scratch_url, "0009")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO user_event (user_id, event_id) VALUES (1, 1)"))
        with pytest.raises(IntegrityError):  # once per account and event
            with conn.begin_nested():
                conn.execute(text("INSERT INTO user_event (user_id, event_id) VALUES (1, 1)"))
        conn.execute(text("DELETE FROM user_account WHERE id = 1"))
        assert conn.execute(text("SELECT count(*) FROM user_event")).scalar() == 0
    engine.dispose()
    command.downgrade(alembic_config(scratch_url), "-1")
    assert "user_event" not in _tables(scratch_url)
    assert _delegates(scratch_url)  # the rest of the data stays
    upgrade(scratch_url)
    assert "user_event" in _tables(scratch_url)


# --- 0008: server-side login sessions ----------------------------------------------------


def _tables_and_users(url: str) -> tuple[set[str], list[str]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        users = list(conn.execute(text("SELECT username FROM user_account ORDER BY id")).scalars())
    engine.dispose()
    return tables, users


def test_migration_adds_login_sessions_and_takes_them_away(scratch_url):
    upgrade(scratch_url, "0007")
    engine = make_engine(scratch_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO user_account (id, username, role, is_active, created_at)"
                " VALUES (1, 'panitia', 'admin', true, CURRENT_TIMESTAMP)"
            )
        )
    upgrade(scratch_url, "0008")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO login_session (secret_hash, user_id, created_at)"
                " VALUES (:hash, 1, CURRENT_TIMESTAMP)"
            ),
            {"hash": "a" * 64},
        )
        columns = {c["name"] for c in inspect(conn).get_columns("login_session")}
    engine.dispose()
    assert columns == {"id", "secret_hash", "user_id", "created_at", "ended_at"}
    tables, users = _tables_and_users(scratch_url)
    assert "login_session" in tables and users == ["panitia"]
    command.downgrade(alembic_config(scratch_url), "0007")
    tables, users = _tables_and_users(scratch_url)
    assert "login_session" not in tables and users == ["panitia"]


# --- 0010: wrong-PIN waits per address; share links' expiry --------------------------------


def _columns(url: str, table: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        names = {c["name"] for c in inspect(conn).get_columns(table)}
    engine.dispose()
    return names


def test_migration_adds_pin_attempts_and_share_link_expiry_and_back(scratch_url):
    upgrade(scratch_url, "0007")
    _old_rows(scratch_url)
    engine = make_engine(scratch_url)
    now = datetime(2024, 10, 1, tzinfo=UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO share_link (id, event_id, label, token_hash, created_at) "
                "VALUES (1, 1, 'Proyektor', :hash, :now)"
            ),
            {"hash": "f" * 64, "now": now},
        )
        conn.execute(
            text("INSERT INTO door (id, event_id, name, sort_order) VALUES (1, 1, 'A', 0)")
        )
    engine.dispose()
    upgrade(scratch_url, "0010")
    assert "expires_at" in _columns(scratch_url, "share_link")
    pin_columns = _columns(scratch_url, "pin_attempt")
    assert {"door_id", "address", "failures", "locked_until"} <= pin_columns
    engine = make_engine(scratch_url)
    with engine.begin() as conn:
        # Links made before 0010 have no end of their own: they end with their event.
        assert conn.execute(text("SELECT expires_at FROM share_link")).all() == [(None,)]
        conn.execute(
            text("INSERT INTO pin_attempt (door_id, address, failures) VALUES (1, '192.0.2.1', 3)")
        )
    engine.dispose()
    command.downgrade(alembic_config(scratch_url), "0007")
    assert "expires_at" not in _columns(scratch_url, "share_link")
    assert "pin_attempt" not in _tables(scratch_url)
    engine = make_engine(scratch_url)
    with engine.connect() as conn:
        # Nothing cascaded away: the link, the door and the delegates are all still there.
        assert conn.execute(text("SELECT count(*) FROM share_link")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM door")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM delegate")).scalar() == 2
    engine.dispose()


# --- 0011: the event's public address ------------------------------------------------------


def _event_columns(url: str) -> dict[str, dict]:
    engine = make_engine(url)
    with engine.connect() as conn:
        columns = {c["name"]: c for c in inspect(conn).get_columns("event")}
    engine.dispose()
    return columns


def test_migration_adds_the_event_public_url_and_keeps_every_row(scratch_url):
    upgrade(scratch_url, "0007")
    _old_rows(scratch_url)
    upgrade(scratch_url, "0011")
    column = _event_columns(scratch_url)["public_url"]
    assert column["nullable"] and column["type"].length == 300
    # Adding the column recreated no table: the delegates and their check-in are all there.
    assert [row[0] for row in _delegates(scratch_url)] == [1, 2]
    command.downgrade(alembic_config(scratch_url), "0007")
    assert "public_url" not in _event_columns(scratch_url)
    assert [row[0] for row in _delegates(scratch_url)] == [1, 2]


def _user_columns(url: str) -> dict:
    engine = make_engine(url)
    with engine.connect() as conn:
        columns = {c["name"]: c for c in inspect(conn).get_columns("user_account")}
    engine.dispose()
    return columns


def test_migration_adds_the_account_display_name_and_keeps_every_row(scratch_url):
    upgrade(scratch_url, "0007")
    _old_rows(scratch_url)
    upgrade(scratch_url, "0011")
    upgrade(scratch_url, "0012")
    column = _user_columns(scratch_url)["display_name"]
    assert column["nullable"] and column["type"].length == 80
    assert [row[0] for row in _delegates(scratch_url)] == [1, 2]
    command.downgrade(alembic_config(scratch_url), "0011")
    assert "display_name" not in _user_columns(scratch_url)
    assert [row[0] for row in _delegates(scratch_url)] == [1, 2]


# --- 0014: the Daftar Hadir's place line and kop logo --------------------------------------


def test_migration_adds_the_report_place_and_logo_and_keeps_every_row(scratch_url):
    upgrade(scratch_url, "0007")
    _old_rows(scratch_url)
    upgrade(scratch_url, "0014")
    columns = _event_columns(scratch_url)
    assert columns["report_place"]["nullable"] and columns["report_place"]["type"].length == 100
    assert columns["report_logo"]["nullable"]
    assert [row[0] for row in _delegates(scratch_url)] == [1, 2]
    command.downgrade(alembic_config(scratch_url), "0013")
    assert not {"report_place", "report_logo"} & set(_event_columns(scratch_url))
    assert [row[0] for row in _delegates(scratch_url)] == [1, 2]
