"""The offline roster: what a door phone keeps so it can judge scans with no network.

The roster never holds a secret, and only someone holding a delegate's QR can read that
delegate's entry. Each entry is indexed by a lookup key and encrypted with a details key,
both derived from the secret with HKDF-SHA256 (distinct `info` strings, an event-specific
salt); the details are AES-256-GCM with the lookup key as associated data, so an entry
cannot be moved to another index. A lost phone therefore leaks no one's name.

A revoked secret (the delegate's invitation revoked, or an old secret that was replaced)
gets an entry too, whose details are just {"revoked": true}: the phone answers "revoked",
never "unknown", and learns nothing about whose it was.

Padding: AES-GCM keeps the plaintext's length, and a checked-in delegate's details are longer
(a time and a gate instead of two nulls), so a roster read before and after the doors opened
would show who has arrived. Each plaintext is the JSON followed by spaces (which JSON.parse
and json.loads skip) up to a whole number of PAD_BLOCK bytes, counted as if the delegate
were checked in with the longest time and gate there are: the same delegate's entry is as
long either way, and names that differ by less than a block look alike too.

Incremental updates: the cursor is the server's clock when a roster was read. The next
request asks for delegates changed after it (their row updated, a scan of them logged, or
a secret of theirs revoked), minus an overlap that catches transactions which committed
late. The client replaces entries by their key, so seeing one twice is harmless. Deleted
delegates and renamed regions reach phones at their next full download (every page load).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask_babel import gettext as _
from sqlalchemy import select, union
from sqlalchemy.orm import Session

from checkin.db import utcnow
from checkin.errors import InvalidInput
from checkin.models import CheckIn, Delegate, Event, Region, RevokedSecret, Scan
from checkin.scanning.codes import MAX_GATE, parse_client_time

#: The format of entries; the browser checks it (static/js/lib/roster.js).
FORMAT = 1
LOOKUP_INFO = b"checkin roster lookup v1"
DETAILS_INFO = b"checkin roster details v1"
#: A change committed up to this long after the time it carries is still sent.
CURSOR_OVERLAP = timedelta(seconds=60)
#: More changed delegates than this since the cursor: send the full roster instead.
MAX_INCREMENTAL = 5000
#: Encrypted entries are kept per process for this many events.
CACHED_EVENTS = 4

STATUS_INVITED = "invited"
STATUS_CHECKED_IN = "checked_in"

#: Plaintexts are padded with spaces to a multiple of this many bytes.
PAD_BLOCK = 128
#: A gate's JSON text in an entry is at most this many bytes (a longer one is cut, with "…"),
#: so the room kept for it bounds every gate.
MAX_GATE_BYTES = MAX_GATE
#: The longest status a check-in can give: what every delegate's entry keeps room for.
_LONGEST_STATUS = {
    "status": STATUS_CHECKED_IN,
    "checked_in_at": "2024-10-15T08:00:00.000000+00:00",
    "gate": "g" * MAX_GATE_BYTES,
}


@dataclass(frozen=True)
class Roster:
    """A roster answer: the entries, the cursor for the next request, and if it is complete."""

    salt: str
    cursor: datetime
    is_full: bool
    entries: list[dict[str, str]]

    def to_dict(self) -> dict[str, Any]:
        """The API's answer."""
        return {
            "format": FORMAT,
            "salt": self.salt,
            "cursor": self.cursor.isoformat(),
            "full": self.is_full,
            "count": len(self.entries),
            "entries": self.entries,
        }


# --- keys and entries -------------------------------------------------------------------


def b64url(data: bytes) -> str:
    """base64url without padding (what the browser's code produces too)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def event_salt(event: Event) -> bytes:
    """The HKDF salt of an event's roster: the same secret gives other keys elsewhere."""
    return f"checkin-roster/{event.id}".encode()


def _derive(secret: str, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret.encode())


def lookup_key(secret: str, salt: bytes) -> str:
    """The index of a secret's entry (base64url of 32 HKDF bytes)."""
    return b64url(_derive(secret, salt, LOOKUP_INFO))


def seal_entry(secret: str, salt: bytes, details: dict[str, Any]) -> dict[str, str]:
    """Encrypt details under keys derived from the secret: {"k", "iv", "ct"}."""
    k = lookup_key(secret, salt)
    iv = os.urandom(12)
    plain = padded(details)
    ct = AESGCM(_derive(secret, salt, DETAILS_INFO)).encrypt(iv, plain, k.encode())
    return {"k": k, "iv": b64url(iv), "ct": b64url(ct)}


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def padded(details: dict[str, Any]) -> bytes:
    """The details' JSON, then spaces up to a multiple of PAD_BLOCK bytes that leaves room
    for the longest check-in (see the module): as long before a check-in as after it."""
    plain = _json(details)
    room = len(plain)
    if "status" in details:
        room = max(room, len(_json({**details, **_LONGEST_STATUS})))
    size = max(PAD_BLOCK, -(-room // PAD_BLOCK) * PAD_BLOCK)
    return plain + b" " * (size - len(plain))


def _gate_text(gate: str | None) -> str | None:
    """The gate as an entry holds it: at most MAX_GATE_BYTES of JSON text, cut with "…"."""
    if gate is None or len(_json(gate)) - 2 <= MAX_GATE_BYTES:
        return gate
    while len(_json(gate + "…")) - 2 > MAX_GATE_BYTES:
        gate = gate[:-1]
    return gate + "…"


def open_entry(secret: str, salt: bytes, entry: dict[str, str]) -> dict[str, Any] | None:
    """The details of an entry, or None when this secret does not open it."""
    if entry.get("k") != lookup_key(secret, salt):
        return None
    try:
        plain = AESGCM(_derive(secret, salt, DETAILS_INFO)).decrypt(
            _unb64url(entry["iv"]), _unb64url(entry["ct"]), entry["k"].encode()
        )
    except (InvalidTag, ValueError):
        return None
    return json.loads(plain)


# --- the roster ---------------------------------------------------------------------------


def parse_cursor(text: str | None) -> datetime | None:
    """The cursor a phone sent back (an ISO time with offset), None for a full roster."""
    if not text:
        return None
    try:
        return parse_client_time(text)
    except ValueError:
        raise InvalidInput(_("since harus berupa kursor dari jawaban daftar sebelumnya.")) from None


def build_roster(
    db: Session, event: Event, *, since: datetime | None = None, now: datetime | None = None
) -> Roster:
    """The event's roster: every entry, or those changed after the cursor `since`."""
    cursor = now or utcnow()
    salt = event_salt(event)
    changed = None
    if since is not None:
        changed = set(db.scalars(_changed_since(event, since - CURSOR_OVERLAP)))
        if len(changed) > MAX_INCREMENTAL:
            changed = None  # after a big import, a full roster costs no more
    rows, revoked = _read(db, event, changed)
    entries = _seal_all(event, salt, rows, revoked, is_full=changed is None)
    return Roster(salt=b64url(salt), cursor=cursor, is_full=changed is None, entries=entries)


def _read(db: Session, event: Event, changed: set[int] | None) -> tuple[list, list[str]]:
    """The delegate rows and replaced secrets to send (all of them when changed is None)."""
    if changed == set():
        return [], []
    rows = db.execute(_delegate_rows(event, changed)).all()
    replaced = select(RevokedSecret.secret).where(RevokedSecret.event_id == event.id)
    if changed is not None:
        replaced = replaced.where(RevokedSecret.delegate_id.in_(changed))
    return list(rows), list(db.scalars(replaced))


def _changed_since(event: Event, after: datetime):
    """Ids of the event's delegates whose entry may have changed after a time."""
    return union(
        select(Delegate.id).where(Delegate.event_id == event.id, Delegate.updated_at > after),
        select(Scan.delegate_id).where(
            Scan.event_id == event.id, Scan.created_at > after, Scan.delegate_id.is_not(None)
        ),
        select(RevokedSecret.delegate_id).where(
            RevokedSecret.event_id == event.id, RevokedSecret.revoked_at > after
        ),
    )


def _delegate_rows(event: Event, changed: set[int] | None):
    statement = (
        select(
            Delegate.id,
            Delegate.secret,
            Delegate.name,
            Delegate.ormas,
            Region.name.label("region"),
            Delegate.level,
            Delegate.position,
            Delegate.is_vip,
            Delegate.revoked_at,
            CheckIn.checked_in_at,
            CheckIn.gate,
        )
        .join(Region, Region.id == Delegate.region_id)
        .outerjoin(CheckIn, CheckIn.delegate_id == Delegate.id)
        .where(Delegate.event_id == event.id)
        .order_by(Delegate.id)
    )
    if changed is not None:
        statement = statement.where(Delegate.id.in_(changed))
    return statement


def _details(row) -> dict[str, Any]:
    """What the door shows for a delegate (never a phone, an e-mail or the secret)."""
    if row.revoked_at is not None:
        return {"revoked": True}
    return {
        "id": row.id,
        "name": row.name,
        "ormas": row.ormas,
        "region": row.region,
        "level": row.level,
        "position": row.position,
        "vip": row.is_vip,
        "status": STATUS_CHECKED_IN if row.checked_in_at else STATUS_INVITED,
        "checked_in_at": row.checked_in_at.isoformat() if row.checked_in_at else None,
        "gate": _gate_text(row.gate),
    }


# --- the per-process cache of sealed entries ------------------------------------------------
# Sealing costs ~10 µs an entry (two HKDF runs and AES-GCM); the cache keeps what did not
# change, so a roster of 100,000 is sealed once and then only its changed entries. One lock:
# two doors asking at once wait for each other's sealing rather than doing it twice.

_cache: OrderedDict[tuple[int, bytes], dict[str, tuple[bytes, dict[str, str]]]] = OrderedDict()
_cache_lock = threading.Lock()


def _seal_all(
    event: Event, salt: bytes, rows: list, revoked: list[str], *, is_full: bool
) -> list[dict[str, str]]:
    with _cache_lock:
        cache = _event_cache(event, salt)
        entries = [_cached_entry(cache, row.secret, salt, _details(row)) for row in rows]
        entries += [_cached_entry(cache, secret, salt, {"revoked": True}) for secret in revoked]
        if is_full:
            # A full read keeps only what is current: deleted delegates do not pile up.
            current = {row.secret for row in rows}.union(revoked)
            for gone in [secret for secret in cache if secret not in current]:
                del cache[gone]
    return entries


def _event_cache(event: Event, salt: bytes) -> dict:
    """The event's sealed entries by secret (call with _cache_lock held)."""
    key = (event.id, salt)
    entries = _cache.pop(key, None)
    _cache[key] = entries = entries if entries is not None else {}
    while len(_cache) > CACHED_EVENTS:
        _cache.popitem(last=False)
    return entries


def _cached_entry(cache: dict, secret: str, salt: bytes, details: dict) -> dict[str, str]:
    plain = json.dumps(details, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    fingerprint = hashlib.blake2b(plain.encode(), digest_size=16).digest()
    hit = cache.get(secret)
    if hit is not None and hit[0] == fingerprint:
        return hit[1]
    entry = seal_entry(secret, salt, details)
    cache[secret] = (fingerprint, entry)
    return entry


def clear_cache() -> None:
    """Forget every sealed entry (tests)."""
    with _cache_lock:
        _cache.clear()
