"""Uploads waiting between the preview and the import.

The uploaded bytes wait on the server under a random token (never in the browser), in a
folder only this user may read. They hold phone numbers and e-mails, so they do not wait
long: the import pages delete a file after its import (done, refused or cancelled), never
read one older than the maximum age (CHECKIN_IMPORT_PENDING_MAX_AGE), and purge every
older one on each use; a timer of the server process (start_purger: one daemon thread per
process, started by `checkin serve` and wsgi.py, never by create_app) purges the ones
nobody comes back for. Binding a token to the organiser's session is the page's business.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

SUFFIX = ".upload"
#: The name of the purging thread (one per process).
PURGER_NAME = "checkin-import-purge"
#: The timer runs this often, as a share of the maximum age (bounded below).
_ROUNDS_PER_MAX_AGE = 12
_MIN_INTERVAL = 1.0
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")

_purger: threading.Thread | None = None
_purger_pid: int | None = None
_stop = threading.Event()
_lock = threading.Lock()


def _path(folder: str | Path, token: str) -> Path | None:
    return Path(folder) / f"{token}{SUFFIX}" if _TOKEN.match(token or "") else None


def save_pending(folder: str | Path, data: bytes) -> str:
    """Keep an upload until its import; returns its token (the file's only name)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    token = secrets.token_urlsafe(24)
    path = folder / f"{token}{SUFFIX}"
    # Created readable by this user only, before a byte is written.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return token


def pending_file(
    folder: str | Path, token: str, *, max_age: float, now: float | None = None
) -> Path | None:
    """The waiting upload of a token, None when there is none or it is older than max_age."""
    path = _path(folder, token)
    if path is None:
        return None
    try:
        modified = path.stat().st_mtime
    except OSError:
        return None
    if modified < (now if now is not None else time.time()) - max_age:
        return None
    return path


def drop_pending(folder: str | Path, token: str) -> None:
    """Delete a token's upload (after its import, or when it is cancelled)."""
    path = _path(folder, token)
    if path is not None:
        path.unlink(missing_ok=True)


def purge_pending(folder: str | Path, *, max_age: float, now: float | None = None) -> int:
    """Delete every upload older than max_age seconds; returns how many. Cheap: one listing."""
    limit = (now if now is not None else time.time()) - max_age
    purged = 0
    try:
        paths = list(Path(folder).glob(f"*{SUFFIX}"))
    except OSError:
        return 0
    for path in paths:
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
                purged += 1
        except OSError:
            continue  # gone meanwhile (another process purged it)
    return purged


def start_purger(folder: str | Path, *, max_age: float, interval: float | None = None) -> bool:
    """Purge old uploads now and then every `interval` seconds (a twelfth of max_age by
    default) in a daemon thread; once per process. Returns False when it already runs."""
    global _purger, _purger_pid
    with _lock:
        # A forked child (a gunicorn worker) has no thread even if its parent started one.
        if _purger is not None and _purger.is_alive() and _purger_pid == os.getpid():
            return False
        every = (
            interval if interval is not None else max(_MIN_INTERVAL, max_age / _ROUNDS_PER_MAX_AGE)
        )
        _stop.clear()
        _purger = threading.Thread(
            target=_purge_every, args=(Path(folder), max_age, every), name=PURGER_NAME,
            daemon=True,
        )  # fmt: skip
        _purger_pid = os.getpid()
        _purger.start()
        return True


def stop_purger() -> None:
    """Stop the timer and wait for it (tests)."""
    global _purger
    with _lock:
        thread, _purger = _purger, None
        _stop.set()
    if thread is not None:
        thread.join()


def _purge_every(folder: Path, max_age: float, interval: float) -> None:
    while True:
        try:
            purged = purge_pending(folder, max_age=max_age)
        except Exception:  # never let a bad round end the timer
            log.exception("purging old uploads in %s failed", folder)
        else:
            if purged:
                log.info("deleted %d upload(s) older than %d s", purged, max_age)
        if _stop.wait(interval):
            return
