"""`checkin backup`: a consistent copy while doors keep checking in, restored and complete.

Runs on SQLite and (with CHECKIN_TEST_POSTGRES_URL) on PostgreSQL, like every unit test.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from checkin import backup, scanning
from checkin.db import database
from checkin.errors import BackupFailed
from checkin.invitations import new_secret
from checkin.models import CheckIn, Delegate, Event, Scan

DELEGATES = 400


def _add_delegates(db, event, count: int) -> list[int]:
    region = event.regions[1]
    rows = [
        Delegate(
            event_id=event.id,
            region_id=region.id,
            name=f"Peserta Cadangan {n}",
            ormas=f"Ormas {n}",
            level=region.level,
            secret=new_secret(),
            match_key=f"peserta cadangan {n}|ormas {n}|{region.name}".lower(),
        )
        for n in range(count)
    ]
    db.add_all(rows)
    db.commit()
    return [(row.id, row.secret) for row in rows]


class DoorWriter(threading.Thread):
    """A door that keeps checking delegates in, one committed transaction each."""

    def __init__(self, app, event_id: int, secrets: list[tuple[int, str]]) -> None:
        super().__init__(daemon=True)
        self.app, self.event_id, self.secrets = app, event_id, secrets
        self.committed: list[int] = []
        self.errors: list[BaseException] = []
        self.stop = threading.Event()

    def run(self) -> None:
        with self.app.app_context():
            for delegate_id, secret in self.secrets:
                if self.stop.is_set():
                    return
                try:
                    with database(self.app).writer() as session:
                        event = session.get(Event, self.event_id)
                        result = scanning.check_in(
                            session, event, secret, gate="Pintu Utama", by=None
                        )
                        session.commit()
                    assert result.result == "admitted"
                    self.committed.append(delegate_id)
                except BaseException as exc:  # reported by the test, not lost in the thread
                    self.errors.append(exc)
                    return

    def wait_for(self, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while len(self.committed) < count and not self.errors:
            assert time.monotonic() < deadline, "the door stopped checking in"
            time.sleep(0.01)


def _backup_while_writing(app, db, event, target: Path) -> tuple[set[int], DoorWriter]:
    """Back up while a door thread commits check-ins; return what was committed before."""
    door = DoorWriter(app, event.id, _add_delegates(db, event, DELEGATES))
    door.start()
    try:
        door.wait_for(30)
        committed_before = set(door.committed)
        backup.backup_database(app.config["DATABASE_URL"], target)
        writes_during = len(door.committed)
        door.wait_for(writes_during + 10)  # the door never stalled on the backup
    finally:
        door.stop.set()
        door.join(timeout=30)
    assert not door.errors, door.errors
    return committed_before, door


def _check_restored(url: str, committed_before: set[int], committed_all: set[int]) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            checked_in = set(conn.scalars(select(CheckIn.delegate_id)))
            admitted_scans = set(
                conn.scalars(select(Scan.delegate_id).where(Scan.result == "admitted"))
            )
    finally:
        engine.dispose()
    assert committed_before <= checked_in  # every check-in committed before the backup
    assert checked_in <= committed_all  # nothing that was never committed
    # Consistent: each check-in and the scan that admitted it were copied together.
    assert checked_in == admitted_scans


@pytest.mark.only_backend("sqlite")
def test_backup_sqlite_while_doors_write_keeps_every_checkin(app, db, event, tmp_path, backend):
    target = tmp_path / "copy" / "checkin-backup.sqlite"
    before, door = _backup_while_writing(app, db, event, target)

    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not target.with_name(target.name + "-wal").exists()
    assert not list(target.parent.glob(".*partial"))
    _check_restored(f"sqlite:///{target}", before, set(door.committed))


@pytest.mark.only_backend("sqlite")
def test_backup_restored_copy_opens_as_app_database(app, db, event, make_delegate, tmp_path):
    delegate = make_delegate(name="Hj. Nurul Aini")
    scanning.check_in(db, event, delegate.secret, gate="Pintu Samping", by=None)
    db.commit()
    target = tmp_path / "restore.sqlite"
    backup.backup_database(app.config["DATABASE_URL"], target)

    from checkin import create_app

    restored = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{target}"})
    with restored.app_context(), database(restored).reader() as session:
        row = session.scalar(select(CheckIn).where(CheckIn.delegate_id == delegate.id))
        assert row is not None and row.gate == "Pintu Samping"
        assert session.get(Delegate, delegate.id).name == "Hj. Nurul Aini"
    database(restored).engine.dispose()


@pytest.fixture
def scratch_postgres(db_url):
    """An empty PostgreSQL database to restore into, dropped afterwards."""
    name = f"checkin_backup_test_{os.getpid()}"
    admin = create_engine(make_url(db_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(db_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.only_backend("postgres")
def test_backup_postgresql_while_doors_write_restores_every_checkin(
    app, db, event, tmp_path, backend, request
):
    for tool in ("pg_dump", "pg_restore"):
        assert shutil.which(tool), f"{tool} is needed for PostgreSQL backups"
    scratch = request.getfixturevalue("scratch_postgres")
    target = tmp_path / "checkin.dump"
    before, door = _backup_while_writing(app, db, event, target)

    uri, env = backup.postgres_connection(scratch)
    done = subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={uri}", str(target)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    _check_restored(scratch, before, set(door.committed))


def test_backup_refuses_to_overwrite_existing_file(app, event, tmp_path):
    target = tmp_path / "exists.sqlite"
    target.write_text("keep me")
    with pytest.raises(BackupFailed, match="already exists"):
        backup.backup_database(app.config["DATABASE_URL"], target)
    assert target.read_text() == "keep me"


def test_backup_postgresql_without_pg_dump_explains(monkeypatch, tmp_path):
    monkeypatch.setattr(backup.shutil, "which", lambda _name: None)
    with pytest.raises(BackupFailed, match="pg_dump was not found") as caught:
        backup.backup_database("postgresql+psycopg://u:pw@db.example/checkin", tmp_path / "x")
    assert "postgresql-client" in caught.value.message
    assert not list(tmp_path.iterdir())


def test_postgres_connection_keeps_password_off_the_command_line():
    uri, env = backup.postgres_connection(
        "postgresql+psycopg://checkin:s3cret@db.example:5433/rakor?sslmode=require"
    )
    assert uri == "postgresql://checkin@db.example:5433/rakor?sslmode=require"
    assert env["PGPASSWORD"] == "s3cret"


def test_default_backup_path_is_utc_stamped_in_instance_backups(tmp_path):
    now = datetime(2024, 10, 15, 8, 30, 5, tzinfo=UTC)
    assert backup.default_path(tmp_path, "sqlite", now=now) == (
        tmp_path / "backups" / "checkin-20241015T083005Z.sqlite"
    )
    assert backup.default_path(tmp_path, "postgresql", now=now).name == (
        "checkin-20241015T083005Z.dump"
    )


def test_backup_cli_writes_default_file_in_instance_folder(app, runner, event, tmp_path):
    app.instance_path = str(tmp_path)
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    files = list((tmp_path / "backups").iterdir())
    assert len(files) == 1 and files[0].name.startswith("checkin-")
    assert f"Backup written to {files[0]}" in result.output


def test_backup_cli_output_option_and_error(app, runner, event, tmp_path):
    target = tmp_path / "out.bak"
    first = runner.invoke(args=["backup", "-o", str(target)])
    assert first.exit_code == 0, first.output
    assert target.stat().st_size > 0
    again = runner.invoke(args=["backup", "-o", str(target)])
    assert again.exit_code == 1
    assert "already exists" in again.output
