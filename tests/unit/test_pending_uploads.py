"""Uploads waiting between preview and import (checkin/importing/pending.py): they hold phone
numbers, so they are deleted after the import and, when forgotten, once older than
IMPORT_PENDING_MAX_AGE, by the import pages and by a timer of the server process."""

from __future__ import annotations

import os
import threading
import time

import pytest

from checkin.config import DEFAULTS
from checkin.importing import pending

HOUR = 60 * 60


def aged(path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_the_default_maximum_age_is_an_hour():
    assert DEFAULTS["IMPORT_PENDING_MAX_AGE"] == HOUR


def test_a_saved_upload_reads_back_by_its_token_only(tmp_path):
    folder = tmp_path / "imports"
    token = pending.save_pending(folder, b"Nama;HP\r\nSiti;0812\r\n")
    path = pending.pending_file(folder, token, max_age=HOUR)
    assert path is not None and path.read_bytes().startswith(b"Nama;HP")
    assert folder.stat().st_mode & 0o077 == 0 and path.stat().st_mode & 0o077 == 0
    for other in ["x" * 32, "../../etc/passwd", "", token + "x"]:
        assert pending.pending_file(folder, other, max_age=HOUR) is None
    pending.drop_pending(folder, token)
    assert not path.exists()
    pending.drop_pending(folder, token)  # twice: no error


def test_an_upload_older_than_the_maximum_age_cannot_be_read(tmp_path):
    token = pending.save_pending(tmp_path, b"data")
    aged(tmp_path / f"{token}.upload", HOUR + 1)
    assert pending.pending_file(tmp_path, token, max_age=HOUR) is None


def test_the_purge_deletes_old_uploads_and_keeps_recent_ones(tmp_path):
    old = pending.save_pending(tmp_path, b"old")
    recent = pending.save_pending(tmp_path, b"recent")
    aged(tmp_path / f"{old}.upload", HOUR + 1)
    aged(tmp_path / f"{recent}.upload", HOUR - 60)
    (tmp_path / "keep.txt").write_text("not an upload")
    aged(tmp_path / "keep.txt", 10 * HOUR)
    assert pending.purge_pending(tmp_path, max_age=HOUR) == 1
    assert {p.name for p in tmp_path.iterdir()} == {"keep.txt", f"{recent}.upload"}


def test_the_purge_of_a_folder_not_made_yet_is_nothing(tmp_path):
    assert pending.purge_pending(tmp_path / "never", max_age=HOUR) == 0


@pytest.fixture
def purger():
    yield
    pending.stop_purger()


def test_the_timer_starts_once_per_process_and_purges(tmp_path, purger):
    token = pending.save_pending(tmp_path, b"old")
    aged(tmp_path / f"{token}.upload", 2 * HOUR)
    assert pending.start_purger(tmp_path, max_age=HOUR, interval=0.05) is True
    assert pending.start_purger(tmp_path, max_age=HOUR, interval=0.05) is False
    names = [t.name for t in threading.enumerate()]
    assert names.count(pending.PURGER_NAME) == 1
    [thread] = [t for t in threading.enumerate() if t.name == pending.PURGER_NAME]
    assert thread.daemon
    # It purges at once, then every interval: wait for the first round, without a deadline.
    while (tmp_path / f"{token}.upload").exists():
        time.sleep(0.01)
    later = pending.save_pending(tmp_path, b"forgotten")
    aged(tmp_path / f"{later}.upload", 2 * HOUR)
    while (tmp_path / f"{later}.upload").exists():
        time.sleep(0.01)


def test_the_timer_is_not_started_by_the_app(app):
    assert pending.PURGER_NAME not in [t.name for t in threading.enumerate()]
