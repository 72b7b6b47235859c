"""Wrong door-pass PINs: the address that types them waits, never the door's real staff.

Each address (an IPv6 one by its /64 network, which one client usually holds whole) has its
own count of wrong PINs on each pass, kept in the database so every process sees it. After
FREE_FAILURES wrong PINs the address waits 2, 4, 8, … seconds (at most MAX_WAIT_SECONDS)
before its next PIN is even checked. A pass that has had UNDER_ATTACK_FAILURES wrong PINs
in all is being guessed from many addresses: from then on every wrong PIN, even an
address's first, makes that address wait, longer as the total grows. Nothing here ever
refuses an address that has not typed a wrong PIN: its first PIN is always checked, so
guessers cannot lock the door out. A right PIN clears its address's count; the organiser's
reset and a new pass clear the whole pass's.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import ngettext
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from checkin.db import utcnow
from checkin.models import Door, PinAttempt

#: Wrong PINs an address may type on a pass before it waits (typos happen).
FREE_FAILURES = 3
#: The longest wait: after the backoff reaches it, an address gets 4 PINs checked an hour.
MAX_WAIT_SECONDS = 15 * 60
#: Wrong PINs on a pass, all addresses together, from which every wrong PIN waits.
UNDER_ATTACK_FAILURES = 20
#: Under attack the wait doubles with every this many more wrong PINs on the pass.
ATTACK_STEP = 10


@dataclass
class PinLockouts:
    """The wrong PINs a pass has had: how many, from how many addresses, how many wait now."""

    failures: int
    addresses: int
    waiting: int


def pin_wait_seconds(own_failures: int, pass_failures: int) -> int:
    """How long an address waits after its own n-th wrong PIN, the pass having had m in all."""
    if own_failures <= 0:
        return 0
    wait = 0
    if own_failures >= FREE_FAILURES:
        wait = 2 ** min(own_failures - FREE_FAILURES + 1, 20)
    if pass_failures >= UNDER_ATTACK_FAILURES:
        steps = (pass_failures - UNDER_ATTACK_FAILURES) // ATTACK_STEP + 1
        wait = max(wait, 2 ** min(steps, 20))
    return min(wait, MAX_WAIT_SECONDS)


def address_key(address: str) -> str:
    """The client an address stands for: an IPv4 address, or an IPv6 address's /64 network."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def _row(db: Session, door: Door, key: str) -> PinAttempt | None:
    # FOR UPDATE: two PINs from one address at the same instant are checked one after the
    # other, each seeing the other's failure (SQLite writers already queue at BEGIN).
    query = select(PinAttempt).where(PinAttempt.door_id == door.id, PinAttempt.address == key)
    return db.scalar(query.with_for_update())


def attempt_for(db: Session, door: Door, address: str) -> PinAttempt:
    """This address's row on this pass, locked until the transaction ends (made when new)."""
    key = address_key(address)
    row = _row(db, door, key)
    if row is None:
        try:
            with db.begin_nested():
                db.add(PinAttempt(door_id=door.id, address=key, failures=0))
        except IntegrityError:
            pass  # another request of this address made it first; use theirs
        row = _row(db, door, key)
    assert row is not None
    return row


def seconds_to_wait(attempt: PinAttempt, now: datetime) -> int:
    """How long before this address's next PIN is checked (0: check it now)."""
    if attempt.locked_until is None or attempt.locked_until <= now:
        return 0
    return math.ceil((attempt.locked_until - now).total_seconds())


def record_wrong_pin(db: Session, attempt: PinAttempt, now: datetime) -> int:
    """Count a wrong PIN against its address and pass; returns how long the address waits."""
    attempt.failures += 1
    db.flush()
    total = db.scalar(
        select(func.coalesce(func.sum(PinAttempt.failures), 0)).where(
            PinAttempt.door_id == attempt.door_id
        )
    )
    wait = pin_wait_seconds(attempt.failures, int(total or 0))
    attempt.locked_until = now + timedelta(seconds=wait) if wait else None
    db.flush()
    return wait


def forget_attempt(db: Session, attempt: PinAttempt) -> None:
    """A right PIN: its address starts again from nothing."""
    db.delete(attempt)
    db.flush()


def clear_pin_attempts(db: Session, door: Door) -> PinLockouts:
    """Forget every wrong PIN of this pass (every address may try at once); what was there."""
    before = pin_lockouts(db, door)
    db.execute(delete(PinAttempt).where(PinAttempt.door_id == door.id))
    db.flush()
    return before


def pin_lockouts(db: Session, door: Door, *, now: datetime | None = None) -> PinLockouts:
    """The wrong PINs this pass counts now, and how many addresses are waiting."""
    now = now or utcnow()
    rows = list(db.scalars(select(PinAttempt).where(PinAttempt.door_id == door.id)))
    waiting = sum(1 for r in rows if seconds_to_wait(r, now) > 0)
    return PinLockouts(
        failures=sum(r.failures for r in rows),
        addresses=sum(1 for r in rows if r.failures),
        waiting=waiting,
    )


def wait_text(seconds: int) -> str:
    """A wait as people say it: "8 detik", "3 menit" (minutes rounded up)."""
    if seconds < 60:
        return ngettext("%(num)d detik", "%(num)d detik", seconds)
    return ngettext("%(num)d menit", "%(num)d menit", math.ceil(seconds / 60))
