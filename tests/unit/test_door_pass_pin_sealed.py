"""A door pass's PIN sealed for the organiser to see again until the pass is first used,
reissued or revoked; migration 0013 adds and removes its column without losing rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from checkin.accounts import issue_pass, revoke_pass, sign_in_with_pass, viewable_pin
from checkin.accounts.pin_seal import open_pin, seal_pin
from checkin.db import make_engine
from checkin.migrate import alembic_config, upgrade
from tests.conftest import POSTGRES_URL, need

DURING = datetime(2024, 10, 15, 2, 0, tzinfo=UTC)  # the event fixture's day, 10:00 WITA
KEY = "kunci-rahasia-aplikasi"
ADDRESS = "203.0.113.7"


@pytest.fixture
def door(event):
    return event.doors[0]


def test_sealed_pin_is_not_the_pin_and_opens_only_for_its_pass():
    sealed = seal_pin("012345", secret_key=KEY, door_id=1, pass_secret="abc")
    assert "012345" not in sealed
    assert open_pin(sealed, secret_key=KEY, door_id=1, pass_secret="abc") == "012345"
    assert open_pin(sealed, secret_key="another-key", door_id=1, pass_secret="abc") is None
    assert open_pin(sealed, secret_key=KEY, door_id=2, pass_secret="abc") is None
    assert open_pin(sealed, secret_key=KEY, door_id=1, pass_secret="xyz") is None
    assert open_pin("rusak!!", secret_key=KEY, door_id=1, pass_secret="abc") is None
    assert open_pin(None, secret_key=KEY, door_id=1, pass_secret="abc") is None


def test_issued_pin_can_be_viewed_again_until_first_use(db, door):
    issued = issue_pass(db, door, secret_key=KEY, now=DURING)
    assert door.pass_pin_sealed and issued.pin not in door.pass_pin_sealed
    assert viewable_pin(door, secret_key=KEY, now=DURING) == issued.pin
    assert viewable_pin(door, secret_key="rotated", now=DURING) is None
    sign_in_with_pass(db, issued.secret, issued.pin, address=ADDRESS, now=DURING)
    assert door.pass_pin_sealed is None
    assert viewable_pin(door, secret_key=KEY, now=DURING) is None


def test_wrong_pin_keeps_the_pin_viewable(db, door):
    issued = issue_pass(db, door, secret_key=KEY, now=DURING)
    wrong = "000000" if issued.pin != "000000" else "111111"
    with pytest.raises(Exception, match="PIN salah"):
        sign_in_with_pass(db, issued.secret, wrong, address=ADDRESS, now=DURING)
    assert viewable_pin(door, secret_key=KEY, now=DURING) == issued.pin


def test_reissue_replaces_and_revoke_clears_the_sealed_pin(db, door):
    first = issue_pass(db, door, secret_key=KEY, now=DURING)
    old_seal = door.pass_pin_sealed
    second = issue_pass(db, door, secret_key=KEY, now=DURING)
    assert door.pass_pin_sealed != old_seal
    assert viewable_pin(door, secret_key=KEY, now=DURING) == second.pin
    # The old seal was bound to the old link: it cannot pass for the new pass's PIN.
    assert open_pin(old_seal, secret_key=KEY, door_id=door.id, pass_secret=second.secret) is None
    assert open_pin(old_seal, secret_key=KEY, door_id=door.id, pass_secret=first.secret)
    revoke_pass(db, door, now=DURING)
    assert door.pass_pin_sealed is None
    assert viewable_pin(door, secret_key=KEY, now=DURING) is None


def test_without_a_key_nothing_is_sealed(db, door):
    issue_pass(db, door, now=DURING)
    assert door.pass_pin_sealed is None


# --- migration 0013 -------------------------------------------------------------------------

SCRATCH_SCHEMA = "migration_scratch_0013"


@pytest.fixture
def scratch_url(backend, tmp_path):
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


def _door_columns(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        names = {c["name"] for c in inspect(conn).get_columns("door")}
    engine.dispose()
    return names


def _counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        counts = tuple(
            conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("event", "door", "user_account")
        )
    engine.dispose()
    return counts  # type: ignore[return-value]


def test_migration_adds_the_sealed_pin_and_takes_it_away(scratch_url):
    upgrade(scratch_url, "0011")
    engine = make_engine(scratch_url)
    now = datetime(2024, 10, 1)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO event (id, slug, name, timezone, allow_door_walkin, created_at) "
                "VALUES (1, 'rakor', 'Rakor', 'Asia/Makassar', false, :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO door (id, event_id, name, sort_order, pass_secret, pass_pin_hash) "
                "VALUES (1, 1, 'A', 0, 'rahasia', 'hash')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO user_account (id, username, role, is_active, door_id, event_id, "
                "created_at) VALUES (1, 'pintu-1', 'door', true, 1, 1, :now)"
            ),
            {"now": now},
        )
    engine.dispose()
    upgrade(scratch_url, "0013")
    assert "pass_pin_sealed" in _door_columns(scratch_url)
    # Adding the column recreated no table: the door and its account are still there.
    assert _counts(scratch_url) == (1, 1, 1)
    command.downgrade(alembic_config(scratch_url), "0011")
    assert "pass_pin_sealed" not in _door_columns(scratch_url)
    assert _counts(scratch_url) == (1, 1, 1)
