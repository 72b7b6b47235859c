"""Backups while the doors keep scanning: a consistent copy of the whole database.

SQLite: SQLite's online backup API copies every page in one step inside a read transaction.
In WAL mode a reader never blocks the doors' writes, and the copy is the database exactly as
it was when that read transaction began: every check-in committed before, none half-written.
The copy is written to a temporary name, checked (`PRAGMA integrity_check`) and only then
renamed, so a file with the final name is always a complete backup.

PostgreSQL: `pg_dump --format=custom`, which also reads one consistent snapshot (a
REPEATABLE READ transaction) without blocking writers.

Restore (with the server stopped; details in docs/deploy/backup.md):

- SQLite: copy the backup over the database file (and delete any `-wal`/`-shm` files next to
  it), or point `CHECKIN_DATABASE_URL` at `sqlite:////path/to/backup.sqlite`.
- PostgreSQL: `createdb checkin_restored` then
  `pg_restore --no-owner --dbname=postgresql://user@host/checkin_restored backup.dump`
  (or `--clean --if-exists` into the existing database).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from checkin.errors import BackupFailed

BACKUP_FOLDER = "backups"


@dataclass(frozen=True)
class Backup:
    """A finished backup: where it is, which backend, how big."""

    path: Path
    backend: str
    size: int


def default_path(instance_path: str | Path, backend: str, *, now: datetime | None = None) -> Path:
    """instance/backups/checkin-<UTC timestamp>.sqlite (or .dump for PostgreSQL)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = ".sqlite" if backend == "sqlite" else ".dump"
    return Path(instance_path) / BACKUP_FOLDER / f"checkin-{stamp}{suffix}"


def backend_of(database_url: str) -> str:
    """'sqlite' or 'postgresql' (other backends are not supported)."""
    name = make_url(database_url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupFailed(f"Backups of {name} databases are not supported.")
    return name


def backup_database(database_url: str, target: Path) -> Backup:
    """Write a consistent copy of the database at this URL to `target` (never overwritten)."""
    backend = backend_of(database_url)
    target = Path(target)
    if target.exists():
        raise BackupFailed(f"{target} already exists; choose another file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        if backend == "sqlite":
            _backup_sqlite(database_url, partial)
        else:
            _backup_postgresql(database_url, partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return Backup(path=target, backend=backend, size=target.stat().st_size)


def _backup_sqlite(database_url: str, target: Path) -> None:
    source_path = make_url(database_url).database
    if not source_path or source_path == ":memory:" or not Path(source_path).exists():
        raise BackupFailed(f"The SQLite database {source_path!r} does not exist.")
    # Read-only URI: the backup never creates or changes the source.
    source = sqlite3.connect(f"file:{Path(source_path).resolve()}?mode=ro", uri=True, timeout=15)
    copy = sqlite3.connect(target)
    try:
        # pages=-1: everything in one step, so one read transaction (one snapshot) covers it.
        source.backup(copy, pages=-1)
        # The copy stands alone: one file, no -wal beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.Error as exc:
        raise BackupFailed(f"SQLite backup failed: {exc}") from exc
    finally:
        copy.close()
        source.close()
    if verdict != "ok":
        raise BackupFailed(f"The copy failed SQLite's integrity check: {verdict}")


def postgres_connection(database_url: str) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password (for pg_dump's --dbname) and the environment with it."""
    url = make_url(database_url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    # The password goes through the environment, not the command line (visible in `ps`).
    bare = URL.create("postgresql", url.username, None, url.host, url.port, url.database, url.query)
    return bare.render_as_string(hide_password=False), env


def _backup_postgresql(database_url: str, target: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupFailed(
            "pg_dump was not found on PATH. Install PostgreSQL's client tools (Debian: "
            "apt-get install postgresql-client, the same major version as the server) or "
            "run pg_dump --format=custom yourself on a machine that has them."
        )
    uri, env = postgres_connection(database_url)
    command = [pg_dump, "--format=custom", "--no-owner", f"--file={target}", f"--dbname={uri}"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupFailed(f"pg_dump failed: {done.stderr.strip() or done.returncode}")
