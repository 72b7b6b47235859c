"""The database decides races: two sessions adding the same thing at once get one row and a
clear error, and the loser's own transaction goes on.

Each test lets a first writer session add a row without committing, runs a second writer
session in a thread that adds the same, commits the first once the second waits for it, and
reads what the second got. On PostgreSQL the second passes any SELECT (the row is not committed
yet) and waits in its INSERT on the unique index: without the constraint deciding, it fails
with an IntegrityError. On SQLite writers queue at BEGIN IMMEDIATE, so the second starts after
the first committed: the same answer, by the other road.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Index, UniqueConstraint, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from checkin import accounts, invitations, models, scanning
from checkin.accounts import create_user
from checkin.db import Base, database
from checkin.errors import AlreadyExists, CheckinError, ImportInvalid, WrongPin
from checkin.events import create_event, set_doors
from checkin.events.events import update_region
from checkin.importing import import_delegates
from checkin.models import (
    AuditLog,
    CheckIn,
    Delegate,
    Door,
    Event,
    Region,
    RevokedSecret,
    Scan,
    User,
)

#: During the event fixture's day (it starts 2024-10-15 08:00 WITA): door passes work.
DURING = datetime(2024, 10, 15, 2, 0, tzinfo=UTC)


def _wait_until_waiting(app, backend: str, future: Future) -> None:
    """Return once the thread waits for the first session's lock (or has finished)."""
    if backend == "sqlite":
        # The thread queues on the in-process write lock: nothing to observe but time.
        time.sleep(0.3)
        return
    deadline = time.monotonic() + 20
    with database(app).engine.connect() as conn:
        while not future.done() and time.monotonic() < deadline:
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar()
            conn.rollback()
            if waiting:
                return
            time.sleep(0.02)


def race(app, backend: str, first: Callable[[Session], Any], second: Callable[[Session], Any]):
    """Run `first` in a writer session left uncommitted, then `second` in another writer
    session in a thread; commit the first once the second waits for it. Returns the second's
    result, or the CheckinError it raised (its session is committed in both cases)."""
    winner = database(app).writer()
    try:
        first(winner)

        def run() -> Any:
            with app.test_request_context():
                session = database(app).writer()
                try:
                    try:
                        result = second(session)
                    except CheckinError as exc:
                        result = exc
                    session.commit()
                    return result
                finally:
                    session.close()

        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(run)
            _wait_until_waiting(app, backend, future)
            winner.commit()
            return future.result(timeout=60)
    finally:
        winner.close()


def _count(db: Session, model, *where) -> int:
    db.rollback()  # a fresh snapshot: the threads committed after this session last read
    return db.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _keep_me(session: Session) -> None:
    """Work the losing transaction did before it lost: it must survive the refusal."""
    create_user(session, "pencatat-lain", role="viewer")


# --- accounts and events ---------------------------------------------------------------------


def test_create_user_race_answers_already_exists(app, backend, db):
    def second(session: Session):
        _keep_me(session)
        return create_user(session, "panitia", role="viewer")

    lost = race(app, backend, lambda s: create_user(s, "panitia", role="admin"), second)
    assert lost.code == "already_exists"
    assert lost.message == "Pengguna panitia sudah ada."
    assert _count(db, User, User.username == "panitia", User.role == "admin") == 1
    assert _count(db, User) == 2  # the winner and the loser's earlier work, nothing else


def test_create_event_race_answers_already_exists(app, backend, db):
    def second(session: Session):
        _keep_me(session)
        return create_event(session, "rakor-2025", name="Kedua", doors=["Pintu B"])

    lost = race(app, backend, lambda s: create_event(s, "rakor-2025", name="Pertama"), second)
    assert lost.code == "already_exists"
    assert lost.message == "Acara dengan kode rakor-2025 sudah ada."
    assert db.scalars(select(Event.name)).all() == ["Pertama"]
    (event_id,) = db.scalars(select(Event.id)).all()
    assert _count(db, Region) == _count(db, Region, Region.event_id == event_id) == 11
    assert db.scalars(select(Door.name)).all() == ["Pintu Utama"]
    assert _count(db, User) == 1 and _count(db, AuditLog) == 0


def test_every_named_unique_is_in_the_schema():
    names = {
        str(item.name)
        for table in Base.metadata.tables.values()
        for item in (*table.constraints, *table.indexes)
        if isinstance(item, UniqueConstraint) or (isinstance(item, Index) and item.unique)
    }
    constants = [v for k, v in vars(models).items() if k.endswith("_UNIQUE")]
    assert len(constants) >= 5 and set(constants) <= names


def test_other_integrity_errors_are_not_taken_for_a_duplicate(db):
    # Two doors of one name break another constraint: not "the event exists" (a bug to see).
    with pytest.raises(IntegrityError):
        create_event(db, "rakor-2025", name="Rakor", doors=["Pintu A", "Pintu A"])
    db.rollback()
    assert _count(db, Event) == 0


# --- delegates: walk-ins and imports -----------------------------------------------------------

WALKIN_MESSAGE = (
    "Siti Aminah dari Fatayat NU Kaltim sudah terdaftar. Cari namanya lalu catat hadir."
)


def _walkin(event_id: int, by_id: int) -> Callable[[Session], Any]:
    def register(session: Session):
        event, by = session.get(Event, event_id), session.get(User, by_id)
        return scanning.register_walkin(
            session,
            event,
            name="Siti Aminah",
            ormas="Fatayat NU Kaltim",
            region_id=event.regions[3].id,
            gate="Pintu Samping",
            by=by,
        )

    return register


def test_register_walkin_race_answers_already_registered(app, backend, db, event, make_user):
    register = _walkin(event.id, make_user("panitia", "admin").id)

    def second(session: Session):
        _keep_me(session)
        return register(session)

    lost = race(app, backend, register, second)
    assert lost.code == "already_exists" and lost.message == WALKIN_MESSAGE
    assert _count(db, Delegate) == _count(db, CheckIn) == _count(db, Scan) == 1
    assert _count(db, User, User.username == "pencatat-lain") == 1


def test_walkins_at_four_doors_at_once_register_one_person(app, backend, db, event, make_user):
    register = _walkin(event.id, make_user("panitia", "admin").id)
    start = threading.Barrier(4)

    def door(_n: int) -> str:
        with app.test_request_context():
            session = database(app).writer()
            try:
                start.wait(timeout=30)
                try:
                    register(session)
                except AlreadyExists:
                    session.rollback()
                    return "already_exists"
                session.commit()
                return "admitted"
            finally:
                session.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = sorted(pool.map(door, range(4)))
    assert answers == ["admitted", "already_exists", "already_exists", "already_exists"]
    assert _count(db, Delegate) == _count(db, CheckIn) == _count(db, Scan) == 1


IMPORT_HEADER = ["ID", "Nama", "Ormas", "Kabupaten/Kota"]
IMPORT_ROWS = [
    ["K-1", "Siti Rahmah", "Muslimat NU", "Kukar"],
    ["K-2", "Yohanes Ngau", "GAMKI", "Kota Bpp"],
    ["K-3", "Ahmad Hidayat", "Pemuda Pancasila", "Berau"],
]


def _csv(rows: list[list[str]]) -> bytes:
    return "\r\n".join(";".join(row) for row in rows).encode()


@pytest.mark.parametrize("with_ids", [True, False], ids=["with-ids", "without-ids"])
def test_import_race_adds_each_delegate_once(app, backend, db, event, with_ids):
    rows = IMPORT_ROWS if with_ids else [row[1:] for row in IMPORT_ROWS]
    data = _csv([IMPORT_HEADER if with_ids else IMPORT_HEADER[1:], *rows])

    def load(session: Session):
        return import_delegates(session, session.get(Event, event.id), data, "daftar.csv")

    def second(session: Session):
        _keep_me(session)
        return load(session)

    answer = race(app, backend, load, second)
    if backend == "postgres":
        # Planned before the first import committed: the delegates' unique keys refuse it.
        assert isinstance(answer, ImportInvalid)
        assert answer.message.startswith("Berkas tidak diimpor karena daftar peserta acara ini")
        assert _count(db, AuditLog) == 1
    else:
        # Queued behind the first at BEGIN IMMEDIATE: it finds every delegate already there.
        assert (answer.added, answer.unchanged) == (0, 3)
    assert _count(db, Delegate) == 3
    assert _count(db, User, User.username == "pencatat-lain") == 1


# --- regions, doors, reissued invitations, door passes -----------------------------------------


def test_add_region_race_answers_already_exists(app, backend, db, event):
    def add(session: Session):
        ev = session.get(Event, event.id)
        return update_region(session, ev, None, name="Luar Provinsi", level="provinsi", aliases="")

    def second(session: Session):
        _keep_me(session)
        return add(session)

    lost = race(app, backend, add, second)
    assert lost.code == "already_exists" and lost.message == "Wilayah Luar Provinsi sudah ada."
    assert _count(db, Region, Region.name == "Luar Provinsi") == 1
    assert _count(db, Region) == 12 and _count(db, User) == 1


def test_add_door_race_answers_already_exists(app, backend, db, event):
    def add(session: Session):
        set_doors(session, session.get(Event, event.id), ["Pintu Utama", "Pintu Samping", "Barat"])

    def second(session: Session):
        _keep_me(session)
        return add(session)

    answer = race(app, backend, add, second)
    if backend == "postgres":
        # Read the door list before the first committed: the unique name refuses the door.
        assert answer.code == "already_exists"
        assert answer.message == (
            "Daftar pintu baru saja diubah orang lain. Muat ulang halaman lalu simpan lagi."
        )
    else:
        # Queued behind the first: it reads the new list and has nothing left to add.
        assert answer is None
    assert db.scalars(select(Door.name).order_by(Door.sort_order)).all() == [
        "Pintu Utama", "Pintu Samping", "Barat"
    ]  # fmt: skip
    assert _count(db, User) == 1


def test_reissue_race_replaces_the_secret_once(app, backend, db, event, make_delegate):
    old = make_delegate().secret

    def reissue(session: Session):
        ev = session.get(Event, event.id)
        return invitations.revoke_invitation(session, ev, old, reissue=True).secret

    def second(session: Session):
        _keep_me(session)
        return reissue(session)

    winner: list[str] = []
    lost = race(app, backend, lambda s: winner.append(reissue(s)), second)
    assert lost.code == "revoked"
    assert lost.message == (
        "Kode ini sudah dicabut dan diganti dengan undangan baru. Gunakan kode yang baru."
    )
    assert db.scalars(select(Delegate.secret)).all() == winner
    assert db.scalars(select(RevokedSecret.secret)).all() == [old]
    assert _count(db, User) == 1


def test_door_pass_sign_in_race_uses_one_account(app, backend, db, event):
    issued = accounts.issue_pass(db, event.doors[0], now=DURING)
    db.commit()

    def sign_in(session: Session) -> int:
        user = accounts.sign_in_with_pass(
            session, issued.secret, issued.pin, address="203.0.113.7", now=DURING
        )
        return user.id

    first: list[int] = []
    second = race(app, backend, lambda s: first.append(sign_in(s)), sign_in)
    assert second == first[0]
    assert _count(db, User, User.door_id == event.doors[0].id) == 1


@pytest.mark.parametrize("earlier", [0, 1])
def test_wrong_pins_at_the_same_instant_from_one_address_both_count(
    app, backend, db, event, earlier
):
    issued = accounts.issue_pass(db, event.doors[0], now=DURING)
    db.commit()
    wrong = "000000" if issued.pin != "000000" else "111111"

    def guess(session: Session) -> CheckinError | None:
        try:
            accounts.sign_in_with_pass(
                session, issued.secret, wrong, address="2001:db8::1", now=DURING
            )
        except CheckinError as exc:
            return exc
        return None

    for _ in range(earlier):
        guess(db)
        db.commit()
    # The second waits for the first (its lock on the address's row, or the row it is
    # making), then counts on from it: no wrong PIN is lost.
    assert isinstance(race(app, backend, guess, guess), WrongPin)
    db.rollback()
    assert db.scalars(select(models.PinAttempt.failures)).all() == [earlier + 2]
