"""Live statistics for every open screen: one watcher per process and event, one payload for all.

Each process runs, per event someone is watching, one thread (a `Feed`) that polls a cheap change
signal read from the database every 100 ms. When it changes, the thread computes the statistics
once (at most every 400 ms while scans pour in) and hands the same serialized message to every
stream of that process. The cost of a scan
therefore does not grow with the number of screens, and because the signal lives in the
database, a check-in made by any process (or host) reaches screens connected to any other.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checkin.accounts.credentials import Credential, credential_is_valid
from checkin.db import Database
from checkin.live.slots import Slot
from checkin.live.statistics import compute_stats
from checkin.models import CheckIn, Delegate, Event, Scan

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedSettings:
    """The live feed's timing, from the LIVE_* settings (their defaults: checkin/config.py)."""

    poll_interval: float
    min_interval: float
    idle_timeout: float
    heartbeat: float
    lifetime: float
    retry_ms: int
    #: How often an open stream re-checks what authenticated it (seconds).
    recheck_interval: float = 3.0


def change_signal(db: Session) -> tuple:
    """A tuple that changes whenever the live statistics may have changed; a few index reads.

    Every admission, refusal and undo appends to `scan`; the check-in count also catches two
    transactions committing out of id order on PostgreSQL; the delegate figures catch imports,
    edits (updated_at) and deletions.
    """
    row = db.execute(
        select(
            select(func.max(Scan.id)).scalar_subquery(),
            select(func.count()).select_from(CheckIn).scalar_subquery(),
            select(func.max(Delegate.id)).scalar_subquery(),
            select(func.count()).select_from(Delegate).scalar_subquery(),
            select(func.max(Delegate.updated_at)).scalar_subquery(),
        )
    ).one()
    return tuple(row)


def stats_message(stats: dict, message_id: int) -> bytes:
    """One Server-Sent Events message: event `stats`, an id, the statistics as JSON."""
    data = json.dumps(stats, ensure_ascii=False, separators=(",", ":"))
    return f"id: {message_id}\nevent: stats\ndata: {data}\n\n".encode()


class Feed:
    """The latest statistics message of one event in this process, and its watcher thread."""

    def __init__(self, database: Database, event_id: int, settings: FeedSettings) -> None:
        self.database = database
        self.event_id = event_id
        self.settings = settings
        self.version = 0
        self.message: bytes | None = None
        self.computations = 0
        self.listeners = 0
        self.stopped = False
        self._stop_requested = False
        self._last_listener_at = time.monotonic()
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name=f"live-feed-{event_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stop_requested = True
            self._cond.notify_all()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    # --- used by streams ------------------------------------------------------------------

    def subscribe(self) -> None:
        with self._cond:
            self.listeners += 1
            self._last_listener_at = time.monotonic()

    def unsubscribe(self) -> None:
        with self._cond:
            self.listeners -= 1
            self._last_listener_at = time.monotonic()

    def wait_newer(self, version: int, timeout: float) -> tuple[int, bytes] | None:
        """Wait until a message newer than `version` exists; None on timeout or stop."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.version <= version and not self.stopped:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(remaining)
            if self.version <= version or self.message is None:
                return None
            return self.version, self.message

    # --- the watcher thread ---------------------------------------------------------------

    def _run(self) -> None:
        last_signal: tuple | None = None
        last_stats: dict | None = None
        published_at = float("-inf")
        changed = False
        while not self._should_stop():
            started = time.monotonic()
            try:
                with self.database.reader() as db:
                    signal = change_signal(db)
                    if signal != last_signal:
                        changed, last_signal = True, signal
                    # Coalesce: while scans pour in, at most one computation per interval.
                    if changed and started - published_at >= self.settings.min_interval:
                        changed, published_at = False, started
                        stats = self._compute(db)
                        if stats is not None and _without_clock(stats) != last_stats:
                            last_stats = _without_clock(stats)
                            self._publish(stats)
            except Exception:
                # A locked or restarting database must not kill the screens: try again soon.
                log.exception("live feed for event %s failed; retrying", self.event_id)
                last_signal = None
                time.sleep(1.0)
            elapsed = time.monotonic() - started
            time.sleep(max(0.0, self.settings.poll_interval - elapsed))

    def _compute(self, db: Session) -> dict | None:
        event = db.get(Event, self.event_id)
        if event is None:
            return None
        self.computations += 1
        return compute_stats(db, event)

    def _publish(self, stats: dict) -> None:
        with self._cond:
            self.version += 1
            self.message = stats_message(stats, self.version)
            self._cond.notify_all()

    def _should_stop(self) -> bool:
        with self._cond:
            idle = time.monotonic() - self._last_listener_at
            if self._stop_requested or (self.listeners == 0 and idle > self.settings.idle_timeout):
                self.stopped = True
                self._cond.notify_all()
        if self.stopped:
            _forget(self)
        return self.stopped


def _without_clock(stats: dict) -> dict:
    return {key: value for key, value in stats.items() if key != "updated_at"}


_feeds: dict[tuple[int, int], Feed] = {}
_feeds_lock = threading.Lock()


def feed_for(database: Database, event_id: int, settings: FeedSettings) -> Feed:
    """The running feed of this event in this process, started on first use."""
    key = (id(database), event_id)
    with _feeds_lock:
        feed = _feeds.get(key)
        if feed is None or feed.stopped:
            feed = Feed(database, event_id, settings)
            _feeds[key] = feed
            feed.start()
        # Counted under the registry lock, so an idle watcher cannot stop under a new stream.
        feed.subscribe()
    return feed


def _forget(feed: Feed) -> None:
    key = (id(feed.database), feed.event_id)
    with _feeds_lock:
        if _feeds.get(key) is feed:
            del _feeds[key]


def event_stream(
    database: Database,
    event_id: int,
    settings: FeedSettings,
    *,
    credential: Credential | None = None,
    slot: Slot | None = None,
    first_timeout: float = 10.0,
) -> Iterator[bytes]:
    """The bytes of one screen's stream: a comment at once, the current statistics, every
    change after that, a heartbeat when quiet, and after a few minutes a `retry:` hint and
    the end (the browser reconnects and gets a fresh snapshot at once).

    The heartbeat is a comment (for proxies) plus a tiny `ping` event (comments never reach
    JavaScript, and the page wants to notice a silently dead connection). Every
    `recheck_interval` the stream asks whether its credential still holds; once it does not
    (a revoked share link or token, a deactivated account) the stream ends the same way, and
    the browser's reconnection is refused. The slot is given back however the stream ends:
    here, or when the server closes it after the client went away.
    """
    feed: Feed | None = None
    try:
        # Subscribing here, not in the view, means a stream that never starts never counts.
        feed = feed_for(database, event_id, settings)
        yield f": ping\nretry: {settings.retry_ms}\n\n".encode()
        yield from _messages(feed, database, settings, credential, first_timeout)
        yield f"retry: {max(250, settings.retry_ms // 4)}\n\n".encode()
    finally:
        if feed is not None:
            feed.unsubscribe()
        if slot is not None:
            slot.release()


def _messages(
    feed: Feed,
    database: Database,
    settings: FeedSettings,
    credential: Credential | None,
    first_timeout: float,
) -> Iterator[bytes]:
    now = time.monotonic()
    # Screens opened together should not all reconnect together.
    ends_at = now + settings.lifetime * random.uniform(0.9, 1.1)
    recheck_at = now + settings.recheck_interval if credential is not None else float("inf")
    sent_at, version = now, 0
    while now < ends_at:
        if now >= recheck_at:
            if credential is None or not still_valid(database, credential, settings):
                return
            recheck_at = now + settings.recheck_interval
        ping_at = sent_at + (settings.heartbeat if version else first_timeout)
        latest = feed.wait_newer(version, max(0.0, min(ends_at, recheck_at, ping_at) - now))
        now = time.monotonic()
        if latest is not None:
            version, message = latest
            yield message
            sent_at = now
        elif feed.stopped:
            return
        elif now >= ping_at:
            yield b": ping\nevent: ping\ndata: {}\n\n"
            sent_at = now


#: Recent answers of credential_is_valid, shared by the streams of this process: many screens
#: on one share link cost one read per half interval, not one each. Each answer keeps its
#: database, so a database's id reused after it is gone (tests) never meets an old answer.
_verdicts: dict[tuple[int, Credential], tuple[Database, float, bool]] = {}
_verdicts_lock = threading.Lock()


def still_valid(database: Database, credential: Credential, settings: FeedSettings) -> bool:
    """Whether the credential still holds, read in a short read-only session (or from another
    stream's answer of the last half interval). A failed read counts as no: the stream ends
    and its reconnection is checked afresh."""
    key = (id(database), credential)
    now = time.monotonic()
    with _verdicts_lock:
        cached = _verdicts.get(key)
    if cached is not None and cached[0] is database:
        _database, checked_at, valid = cached
        if now - checked_at < settings.recheck_interval / 2:
            return valid
    try:
        with database.reader() as db:
            valid = credential_is_valid(db, credential)
    except Exception:
        log.exception("re-checking a live stream's credential failed; ending the stream")
        return False
    with _verdicts_lock:
        if len(_verdicts) > 10_000:  # stale entries of long-gone streams
            _verdicts.clear()
        _verdicts[key] = (database, now, valid)
    return valid


def feed_settings(config: Mapping) -> FeedSettings:
    """Feed settings from the app config (LIVE_POLL_INTERVAL, LIVE_HEARTBEAT, ...)."""
    return FeedSettings(
        poll_interval=float(config["LIVE_POLL_INTERVAL"]),
        min_interval=float(config["LIVE_MIN_INTERVAL"]),
        idle_timeout=float(config["LIVE_IDLE_TIMEOUT"]),
        heartbeat=float(config["LIVE_HEARTBEAT"]),
        lifetime=float(config["LIVE_STREAM_LIFETIME"]),
        retry_ms=int(config["LIVE_RETRY_MS"]),
        recheck_interval=float(config["LIVE_RECHECK_INTERVAL"]),
    )


def stop_feeds(database: Database) -> None:
    """Stop this database's watchers at once (tests, shutdown); open streams end."""
    with _feeds_lock:
        feeds = [f for key, f in _feeds.items() if key[0] == id(database)]
    for feed in feeds:
        feed.stop()
        feed.join(timeout=5)
