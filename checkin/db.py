"""Database plumbing: Base, engine, per-request session and SQLite settings."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import DateTime, Engine, Index, MetaData, UniqueConstraint, create_engine, event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Methods that only read: their SQLite transactions start DEFERRED so they never block doors.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always returned timezone-aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    """Return the current time, aware, in UTC."""
    return datetime.now(UTC)


#: The largest value of an INTEGER column (every id) on every database: PostgreSQL's is 32-bit
#: and SQLAlchemy casts parameters to it. A larger number from a client makes the database or
#: its driver fail (PostgreSQL: integer out of range; SQLite past 2**63: OverflowError) instead
#: of finding nothing, so it is refused before any query.
MAX_INTEGER = 2**31 - 1


def as_int(value: object) -> int | None:
    """A number a client sent (an int, or its digits as text) as an int that fits in the
    database's integers; None when it is not one (bools, floats and 10**23 are not)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number if -MAX_INTEGER - 1 <= number <= MAX_INTEGER else None


@dataclass
class Database:
    engine: Engine
    #: Sessions whose transactions only read (DEFERRED on SQLite).
    reader: sessionmaker[Session]
    #: Sessions that will write: on SQLite their transactions take the write lock at BEGIN
    #: (BEGIN IMMEDIATE), so a read-then-write never fails half-way with SQLITE_BUSY.
    writer: sessionmaker[Session]


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # We emit BEGIN ourselves (below) so we can choose IMMEDIATE for writers.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed check-in survives a power cut of the venue laptop, not only a
        # crash of the server process (which NORMAL would also survive in WAL mode).
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        raw = connection.connection.dbapi_connection
        queued = mode == "IMMEDIATE" and isinstance(raw, _QueuedWriterConnection)
        if queued:
            raw.wait_for_turn()
        try:
            connection.exec_driver_sql(f"BEGIN {mode}")
        except BaseException:
            if queued:
                raw.end_turn()
            raise


class _QueuedWriterConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions queue on a lock shared in the process.

    Threads that meet SQLITE_BUSY sleep in SQLite's busy handler (1, 2, 5, 10, 15, 20, 25...
    ms) even when the lock frees a moment later, so under load a door's scan waits tens of
    milliseconds for nothing. Queueing on a Python lock first hands the turn over at once.
    Other processes still meet SQLite's busy timeout, as before.
    """

    _locks: dict[str, threading.Lock] = {}
    _guard = threading.Lock()

    def __init__(self, database, *args, **kwargs) -> None:
        super().__init__(database, *args, **kwargs)
        with self._guard:
            self._write_lock = self._locks.setdefault(str(database), threading.Lock())
        self._has_turn = False

    def wait_for_turn(self) -> None:
        # Bounded like the busy timeout: a turn never released (a bug) costs time, not a hang.
        if not self._has_turn:
            self._has_turn = self._write_lock.acquire(timeout=15)

    def end_turn(self) -> None:
        if self._has_turn:
            self._has_turn = False
            self._write_lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.end_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.end_turn()


def make_engine(url: str) -> Engine:
    """Create the engine for a database URL, with SQLite's pragmas when it is SQLite."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={
                "check_same_thread": False,
                "timeout": 15,
                "factory": _QueuedWriterConnection,
            },
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=40)


def make_database(url: str) -> Database:
    """Build the engine and the reader and writer session factories."""
    engine = make_engine(url)
    writer_bind = engine.execution_options(sqlite_begin="IMMEDIATE")
    return Database(
        engine=engine,
        reader=sessionmaker(bind=engine, expire_on_commit=False),
        writer=sessionmaker(bind=writer_bind, expire_on_commit=False),
    )


def init_app(app: Flask) -> None:
    """Attach the database to the app and close each request's session at teardown."""
    app.extensions["checkin_db"] = make_database(app.config["DATABASE_URL"])
    # At the end of each request too: a request that runs inside an app context pushed
    # earlier (the test client inside a test's context) must not keep its transaction open.
    app.teardown_request(_close_session)
    app.teardown_appcontext(_close_session)


def database(app: Flask | None = None) -> Database:
    """Return the app's Database."""
    return (app or current_app).extensions["checkin_db"]


def get_session() -> Session:
    """Return this request's session; requests that may write get a writer session."""
    if "db_session" not in g:
        db = database()
        is_write = not has_request_context() or request.method not in SAFE_METHODS
        g.db_session = (db.writer if is_write else db.reader)()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@contextlib.contextmanager
def session_scope(app: Flask | None = None, *, write: bool = True) -> Iterator[Session]:
    """A session for the CLI and background work: commits on success, rolls back on error."""
    db = database(app)
    session = (db.writer if write else db.reader)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def broken_unique(error: IntegrityError) -> str | None:
    """The name of the unique constraint or index an IntegrityError broke, else None."""
    diag = getattr(error.orig, "diag", None)
    if diag is not None:  # PostgreSQL names it
        return diag.constraint_name if getattr(error.orig, "sqlstate", None) == "23505" else None
    # SQLite names the columns: "UNIQUE constraint failed: delegate.event_id, delegate.match_key"
    prefix = "UNIQUE constraint failed: "
    text = str(error.orig)
    if not text.startswith(prefix):
        return None
    columns = [c.strip().split(".") for c in text[len(prefix) :].split(",")]
    table = Base.metadata.tables.get(columns[0][0])
    if table is None:
        return None
    wanted = [name for _table, name in columns]
    uniques = [*table.constraints, *table.indexes]
    for item in uniques:
        is_unique = isinstance(item, UniqueConstraint) or (isinstance(item, Index) and item.unique)
        if is_unique and [c.name for c in item.columns] == wanted:  # type: ignore[attr-defined]  # a constraint or an index
            return str(item.name)  # type: ignore[attr-defined]  # a constraint or an index
    return None


@contextlib.contextmanager
def unique_or_raise(db: Session, constraints: tuple[str, ...], error: Exception) -> Iterator[None]:
    """Write the block inside a SAVEPOINT; if one of these unique constraints refuses it, undo
    only the block (the caller's transaction goes on) and raise `error` instead.

    This is how "only once" is decided by the database rather than by a SELECT before the
    INSERT, which two requests at the same instant would both pass.
    """
    try:
        with db.begin_nested():
            yield
            db.flush()
    except IntegrityError as exc:
        if broken_unique(exc) not in constraints:
            raise
        raise error from None
