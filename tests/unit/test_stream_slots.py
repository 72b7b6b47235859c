"""The registry of open live streams (live/slots.py, issue 11 item 4): per share link,
account and address, and in all; thread-safe; every slot given back exactly once."""

from __future__ import annotations

import threading

import pytest

from checkin.accounts import Credential
from checkin.config import DEFAULTS
from checkin.errors import StreamsFull, TooManyStreams
from checkin.live import StreamLimits, StreamSlots, stream_limits

LIMITS = StreamLimits(total=5, per_link=2, per_account=2, per_address=3)


def link(n: int) -> Credential:
    return Credential(event_id=1, share_link_id=n)


def account(n: int) -> Credential:
    return Credential(event_id=1, user_id=n, roles=("viewer",))


def test_a_share_links_streams_are_limited():
    slots = StreamSlots()
    slots.acquire(link(1), "10.0.0.1", LIMITS)
    slots.acquire(link(1), "10.0.0.2", LIMITS)
    with pytest.raises(TooManyStreams) as refused:
        slots.acquire(link(1), "10.0.0.3", LIMITS)
    assert refused.value.retry_after
    slots.acquire(link(2), "10.0.0.3", LIMITS)
    assert slots.count() == 3
    assert slots.count("link:1") == 2


def test_an_accounts_streams_are_limited():
    slots = StreamSlots()
    slots.acquire(account(7), "10.0.0.1", LIMITS)
    slots.acquire(account(7), "10.0.0.2", LIMITS)
    with pytest.raises(TooManyStreams):
        slots.acquire(account(7), "10.0.0.3", LIMITS)
    slots.acquire(account(8), "10.0.0.3", LIMITS)


def test_an_addresses_streams_are_limited_whatever_the_link():
    slots = StreamSlots()
    for n in range(3):
        slots.acquire(link(n), "10.0.0.66", LIMITS)
    with pytest.raises(TooManyStreams):
        slots.acquire(link(9), "10.0.0.66", LIMITS)
    slots.acquire(link(9), "10.0.0.1", LIMITS)


def test_the_process_total_is_limited():
    slots = StreamSlots()
    for n in range(5):
        slots.acquire(link(n), f"10.0.0.{n}", LIMITS)
    with pytest.raises(StreamsFull) as refused:
        slots.acquire(link(9), "10.0.0.9", LIMITS)
    assert refused.value.retry_after


def test_a_refused_stream_takes_nothing():
    slots = StreamSlots()
    slots.acquire(link(1), "10.0.0.1", LIMITS)
    slots.acquire(link(1), "10.0.0.1", LIMITS)
    for _ in range(10):
        with pytest.raises(TooManyStreams):
            slots.acquire(link(1), "10.0.0.1", LIMITS)
    assert slots.count() == 2
    assert slots.count("address:10.0.0.1") == 2


def test_release_gives_the_slot_back_once():
    slots = StreamSlots()
    first = slots.acquire(link(1), "10.0.0.1", LIMITS)
    slots.acquire(link(1), "10.0.0.1", LIMITS)
    first.release()
    first.release()
    assert slots.count() == 1
    assert slots.count("link:1") == 1
    slots.acquire(link(1), "10.0.0.1", LIMITS)
    with pytest.raises(TooManyStreams):
        slots.acquire(link(1), "10.0.0.1", LIMITS)


def test_slots_taken_and_given_back_from_many_threads_never_exceed_the_limits():
    limits = StreamLimits(total=8, per_link=100, per_account=100, per_address=100)
    slots = StreamSlots()
    seen: list[int] = []
    refused = []
    start = threading.Barrier(16)

    def screen(n: int) -> None:
        start.wait()
        for _ in range(200):
            try:
                slot = slots.acquire(link(n % 4), f"10.0.0.{n}", limits)
            except StreamsFull:
                refused.append(n)
                continue
            seen.append(slots.count())
            slot.release()

    threads = [threading.Thread(target=screen, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert max(seen) <= 8
    assert slots.count() == 0
    assert all(slots.count(f"link:{n}") == 0 for n in range(4))


def test_stream_total_leaves_checkin_serves_reserve():
    config = {**DEFAULTS, "SERVER_THREADS": 16, "LIVE_RESERVED_THREADS": 6}
    assert stream_limits(config).total == 10
    # The documented default: 256 threads, 56 kept for doors and pages, 200 screens.
    assert stream_limits({**DEFAULTS, "SERVER_THREADS": 256}).total == 200
    # Fewer than twice the reserve: half the threads stream, half are kept.
    assert stream_limits({**DEFAULTS, "SERVER_THREADS": 64}).total == 32
    assert stream_limits({**DEFAULTS, "SERVER_THREADS": 16}).total == 8
    # A single thread is never given to a stream.
    assert stream_limits({**DEFAULTS, "SERVER_THREADS": 1}).total == 0


def test_stream_total_without_a_known_thread_count_is_the_setting():
    assert stream_limits(DEFAULTS).total == DEFAULTS["LIVE_MAX_STREAMS"]
    assert stream_limits({**DEFAULTS, "LIVE_MAX_STREAMS": 3}).total == 3
