"""Door passes: door staff sign in by scanning a QR the organiser shows, plus a short PIN.

A pass belongs to one door. It is a random secret in a link (/door/<secret>) and a 6-digit
PIN stored hashed; the organiser can see the PIN again (sealed with a key from SECRET_KEY,
`pin_seal.py`) until the pass is first used, reissued or revoked. Typing the PIN signs the
phone in as a hidden account of role `door`, scoped to the door's event. Each (re)issue
gets a fresh account and disables the previous ones, so revoking or reissuing a pass ends
the sessions it opened at once; the account also stops working when the event ends (checked
on every request by `_load_user`). Wrong PINs make the address that typed them wait
(`pin_attempts.py`); the organiser can clear those waits without changing the PIN
(`reset_pin_lockouts`).
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import qrcode
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from checkin.accounts.passwords import hash_password, password_matches
from checkin.accounts.pin_attempts import (
    PinLockouts,
    attempt_for,
    clear_pin_attempts,
    forget_attempt,
    record_wrong_pin,
    seconds_to_wait,
    wait_text,
)
from checkin.accounts.pin_seal import open_pin, seal_pin
from checkin.audit import ACTOR_CLI, DOOR_PASS_ISSUE, DOOR_PASS_REVOKE, record
from checkin.db import utcnow
from checkin.errors import DoorPassExpired, DoorPassInvalid, PinLocked, WrongPin
from checkin.models import ROLE_DOOR, Door, Event, User

PIN_DIGITS = 6
#: 24 random bytes = 192 bits in the link.
SECRET_BYTES = 24

STATUS_NONE = "none"
STATUS_ACTIVE = "active"
STATUS_REVOKED = "revoked"
STATUS_EXPIRED = "expired"

#: Audit action: the organiser cleared a pass's wrong-PIN waits.
PIN_LOCKOUTS_RESET = "door_pass.reset"


@dataclass
class IssuedPass:
    """What the organiser sees once after issuing: the link secret, the PIN, the expiry."""

    door: Door
    secret: str
    pin: str
    expires_at: datetime


def pass_expires_at(event: Event, *, issued_at: datetime | None = None) -> datetime:
    """When passes of this event stop: its end, else the end of its day in its zone."""
    if event.ends_at is not None:
        return event.ends_at
    zone = ZoneInfo(event.timezone)
    day_of = event.starts_at or issued_at or utcnow()
    local_day = day_of.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(local_day, time(0, 0), tzinfo=zone).astimezone(UTC)


def pass_status(door: Door, *, now: datetime | None = None) -> str:
    """none (never issued), active, revoked or expired."""
    now = now or utcnow()
    if door.pass_secret is None:
        return STATUS_NONE
    if door.pass_revoked_at is not None:
        return STATUS_REVOKED
    if now >= pass_expires_at(door.event, issued_at=door.pass_issued_at):
        return STATUS_EXPIRED
    return STATUS_ACTIVE


def new_pin() -> str:
    """A random 6-digit PIN (leading zeros kept)."""
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def _disable_door_accounts(db: Session, door: Door) -> None:
    db.execute(update(User).where(User.door_id == door.id).values(is_active=False))


def issue_pass(
    db: Session,
    door: Door,
    *,
    secret_key: str | bytes | None = None,
    by: User | None = None,
    now: datetime | None = None,
) -> IssuedPass:
    """Give the door a new pass (link + PIN); the previous pass and its sessions stop.
    Audit-logged (by None: a shell command).

    With secret_key (the app's SECRET_KEY) the PIN is also kept sealed, for
    `viewable_pin` until the pass is first used."""
    now = now or utcnow()
    expires_at = pass_expires_at(door.event, issued_at=now)
    if now >= expires_at:
        raise DoorPassExpired(
            _("Acara ini sudah berakhir; ubah waktu selesai acara sebelum membuat pass pintu.")
        )
    pin = new_pin()
    # A new PIN: wrong guesses at the old one say nothing about it.
    clear_pin_attempts(db, door)
    _disable_door_accounts(db, door)
    door.pass_secret = secrets.token_urlsafe(SECRET_BYTES)
    door.pass_pin_hash = hash_password(pin)
    door.pass_pin_sealed = (
        seal_pin(pin, secret_key=secret_key, door_id=door.id, pass_secret=door.pass_secret)
        if secret_key
        else None
    )
    door.pass_issued_at = now
    door.pass_revoked_at = None
    _audit(db, door, by, DOOR_PASS_ISSUE, now)
    return IssuedPass(door=door, secret=door.pass_secret, pin=pin, expires_at=expires_at)


def revoke_pass(
    db: Session, door: Door, *, by: User | None = None, now: datetime | None = None
) -> None:
    """Stop the door's pass at once, signing out every phone that used it; audit-logged."""
    if door.pass_secret is not None and door.pass_revoked_at is None:
        door.pass_revoked_at = now or utcnow()
        _audit(db, door, by, DOOR_PASS_REVOKE, now)
    door.pass_pin_sealed = None
    _disable_door_accounts(db, door)
    db.flush()


def _audit(db: Session, door: Door, by: User | None, action: str, now: datetime | None) -> None:
    record(
        db,
        event=door.event,
        user=by,
        actor=by.username if by else ACTOR_CLI,
        action=action,
        fields={"door": door.name},
        now=now,
    )


def door_for_pass(db: Session, secret: str, *, now: datetime | None = None) -> Door:
    """The door of a usable pass, else DoorPassInvalid or DoorPassExpired."""
    door = db.scalar(select(Door).where(Door.pass_secret == secret)) if secret else None
    status = pass_status(door, now=now) if door is not None else STATUS_NONE
    if status == STATUS_EXPIRED:
        raise DoorPassExpired(_("Pass pintu ini sudah kedaluwarsa karena acara telah berakhir."))
    if door is None or status != STATUS_ACTIVE:
        raise DoorPassInvalid(
            _(
                "Pass pintu ini tidak berlaku (sudah dicabut atau diganti). "
                "Minta pass baru ke panitia."
            )
        )
    return door


def sign_in_with_pass(
    db: Session, secret: str, pin: str, *, address: str, now: datetime | None = None
) -> User:
    """Check the PIN of a usable pass and return the door's account (created on first use).

    `address` is the client's, as the rate limits see it. An address that must still wait
    gets PinLocked without its PIN being checked; a wrong PIN raises WrongPin saying how
    long the address waits now. The caller commits either, so the count holds everywhere.
    """
    now = now or utcnow()
    door = door_for_pass(db, secret, now=now)
    attempt = attempt_for(db, door, address)
    wait = seconds_to_wait(attempt, now)
    if wait:
        raise PinLocked(
            _(
                "Terlalu banyak PIN salah dari perangkat ini. Tunggu %(wait)s lalu coba lagi, "
                "atau minta panitia membuka kunci PIN pintu ini.",
                wait=wait_text(wait),
            ),
            wait_seconds=wait,
        )
    if not password_matches(door.pass_pin_hash or "", (pin or "").strip()):
        wait = record_wrong_pin(db, attempt, now)
        message = _("PIN salah. Periksa 6 angka yang ditunjukkan panitia.")
        if wait:
            message = _(
                "PIN salah. Periksa 6 angka yang ditunjukkan panitia, lalu coba lagi "
                "setelah %(wait)s.",
                wait=wait_text(wait),
            )
        raise WrongPin(message, wait_seconds=wait)
    forget_attempt(db, attempt)
    # In use now: the organiser's screen no longer shows the PIN.
    door.pass_pin_sealed = None
    # Staff at one door often type the PIN at the same instant. Locking the door's row makes
    # the second wait for the first's account and use it instead of making another (SQLite
    # writers already wait for each other at BEGIN IMMEDIATE; it has no FOR UPDATE).
    db.execute(select(Door.id).where(Door.id == door.id).with_for_update())
    user = db.scalar(select(User).where(User.door_id == door.id, User.is_active.is_(True)))
    if user is None:
        user = User(
            username=f"pintu-{door.id}-{secrets.token_hex(4)}",
            role=ROLE_DOOR,
            door_id=door.id,
            event_id=door.event_id,
        )
        db.add(user)
        db.flush()
    return user


def viewable_pin(door: Door, *, secret_key: str | bytes, now: datetime | None = None) -> str | None:
    """The active pass's PIN while no phone has used it yet, else None."""
    if door.pass_secret is None or pass_status(door, now=now) != STATUS_ACTIVE:
        return None
    return open_pin(
        door.pass_pin_sealed, secret_key=secret_key, door_id=door.id, pass_secret=door.pass_secret
    )


def reset_pin_lockouts(db: Session, door: Door, *, by: User | None) -> PinLockouts:
    """Let every address try the pass's PIN at once again (the PIN stays); audit-logged."""
    cleared = clear_pin_attempts(db, door)
    record(
        db,
        event=door.event,
        user=by,
        actor=by.username if by else ACTOR_CLI,
        action=PIN_LOCKOUTS_RESET,
        fields={"door": door.name, "failures": cleared.failures, "addresses": cleared.addresses},
    )
    return cleared


def account_is_usable(db: Session, user: User, *, now: datetime | None = None) -> bool:
    """False for a door-pass account whose pass was revoked or reissued or whose event ended."""
    if user.door_id is None:
        return True
    door = db.get(Door, user.door_id)
    return door is not None and pass_status(door, now=now) == STATUS_ACTIVE


def pass_qr_png(url: str) -> bytes:
    """A PNG of the pass link's QR, large enough to scan from a laptop screen."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=3)
    qr.add_data(url)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
