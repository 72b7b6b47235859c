"""How many live streams may be open at once, counted in this process.

Each open stream holds one server thread for its whole life (gunicorn's gthread worker), so
viewers could take every thread and leave doors and invitation pages waiting. A stream
therefore starts only with a free slot: within its share link's, account's and address's
share (429 past one), and within the process's total, which under `checkin serve` leaves
LIVE_RESERVED_THREADS threads (at most half) to everything else (503 past it). Both answers
come at once, before any thread is held, with Retry-After; the screen then polls slowly.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from checkin.accounts.credentials import Credential
from checkin.errors import StreamsFull, TooManyStreams


@dataclass(frozen=True)
class StreamLimits:
    """How many streams may be open in this process, in all and per key."""

    total: int
    per_link: int
    per_account: int
    per_address: int


def stream_limits(config: Mapping) -> StreamLimits:
    """The limits from the app config (LIVE_MAX_STREAMS..., SERVER_THREADS).

    When the server's thread count is known, streams leave LIVE_RESERVED_THREADS of them to
    everything else, or half of them on a server with fewer than twice that many (so that
    `checkin serve --threads 16` still streams to 8 screens).
    """
    total = int(config["LIVE_MAX_STREAMS"])
    threads = int(config["SERVER_THREADS"] or 0)
    if threads:
        reserved = min(int(config["LIVE_RESERVED_THREADS"]), (threads + 1) // 2)
        total = min(total, max(0, threads - reserved))
    return StreamLimits(
        total=total,
        per_link=int(config["LIVE_MAX_STREAMS_PER_LINK"]),
        per_account=int(config["LIVE_MAX_STREAMS_PER_ACCOUNT"]),
        per_address=int(config["LIVE_MAX_STREAMS_PER_ADDRESS"]),
    )


def slot_keys(
    credential: Credential, address: str | None, limits: StreamLimits
) -> list[tuple[str, int]]:
    """The (key, limit) pairs a stream counts against: its address, and its share link or
    account."""
    keys = [(f"address:{address or '-'}", limits.per_address)]
    if credential.share_link_id is not None:
        keys.append((f"link:{credential.share_link_id}", limits.per_link))
    elif credential.user_id is not None:
        keys.append((f"account:{credential.user_id}", limits.per_account))
    return keys


class Slot:
    """One open stream's place; `release()` gives it back (once, however often called)."""

    def __init__(self, registry: StreamSlots, keys: tuple[str, ...]) -> None:
        self.keys = keys
        self.released = False
        self._registry = registry

    def release(self) -> None:
        self._registry.release(self)


class StreamSlots:
    """The open streams of one app in this process, by key; safe to use from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: Counter[str] = Counter()
        self._total = 0

    def acquire(self, credential: Credential, address: str | None, limits: StreamLimits) -> Slot:
        """A slot for a new stream, else TooManyStreams (a key's limit) or StreamsFull."""
        keys = slot_keys(credential, address, limits)
        with self._lock:
            if any(self._open[key] >= limit for key, limit in keys):
                raise TooManyStreams(
                    _(
                        "Terlalu banyak layar terbuka dengan tautan, akun atau alamat ini. "
                        "Layar ini diperbarui berkala; coba lagi nanti."
                    )
                )
            if self._total >= limits.total:
                raise StreamsFull(
                    _(
                        "Server sedang melayani layar sebanyak yang diizinkan. "
                        "Layar ini diperbarui berkala; coba lagi nanti."
                    )
                )
            for key, _limit in keys:
                self._open[key] += 1
            self._total += 1
        return Slot(self, tuple(key for key, _limit in keys))

    def release(self, slot: Slot) -> None:
        """Give a slot back; a second release of the same slot does nothing."""
        with self._lock:
            if slot.released:
                return
            slot.released = True
            for key in slot.keys:
                self._open[key] -= 1
                if self._open[key] <= 0:
                    del self._open[key]
            self._total -= 1

    def count(self, key: str | None = None) -> int:
        """Open streams in all, or of one key (e.g. "link:3")."""
        with self._lock:
            return self._total if key is None else self._open[key]
