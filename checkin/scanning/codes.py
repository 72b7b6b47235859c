"""Reading what a door sends besides the code (read by invitations.links.parse_code): the
door, the scan id, the scan time and typed names, with the limits on each."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Literal, overload

from flask_babel import gettext as _

from checkin.errors import (
    InvalidGate,
    InvalidScan,
)
from checkin.models import Event
from checkin.text import clean_text

MAX_GATE = 80


MAX_SCAN_ID = 80


MAX_LOGGED_CODE = 500


MAX_NAME = 200


MAX_REASON = 500


#: How far back an offline phone's scan time is believed: the longest a door plausibly works
#: offline. An older time is a wrong clock, not a scan time.
MAX_OFFLINE_AGE = timedelta(hours=24)


#: A phone clock this far ahead of the server's is ordinary drift, not a wrong clock.
CLOCK_DRIFT = timedelta(minutes=5)


#: A time a client sends must lie inside these, so that every time zone can show it and the
#: roster can step back from it: the first and last days Python can hold are refused.
EARLIEST_CLIENT_TIME = datetime(1, 1, 2, tzinfo=UTC)
LATEST_CLIENT_TIME = datetime(9999, 12, 30, tzinfo=UTC)


#: Characters no database column should hold: controls (NUL breaks PostgreSQL) and the lone
#: surrogates a JSON "\ud800" escape produces (they are not UTF-8).
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def loggable(text: str) -> str:
    """Text safe to store in the log: unstorable characters escaped, cut to 500 characters."""
    return UNSTORABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)[:MAX_LOGGED_CODE]


def clean_gate(gate: object, event: Event | None = None) -> str:
    """The door's name as typed (NFC, outer spaces trimmed), 1 to 80 characters of safe text
    (checkin.text); when the event does not allow free text, one of its doors exactly."""
    if not isinstance(gate, str) or not gate.strip():
        raise InvalidGate(_("Pilih atau tulis nama pintu."))
    gate = clean_text(
        gate, field=_("Nama pintu"), max_length=MAX_GATE, fold_spaces=False, error=InvalidGate
    )
    assert gate is not None  # required: clean_text raised for blank text
    if event is not None and not event.allow_free_gate:
        doors = [door.name for door in event.doors]
        if doors and gate not in doors:
            raise InvalidGate(
                _(
                    'Pintu "%(gate)s" bukan pintu acara ini. Pilih salah satu: %(doors)s.',
                    gate=gate,
                    doors=", ".join(doors),
                )
            )
    return gate


def clean_scan_id(scan_id: object) -> str | None:
    """A client-chosen scan id (up to 80 characters), or None."""
    if scan_id is None:
        return None
    if (
        not isinstance(scan_id, str)
        or not scan_id.strip()
        or len(scan_id) > MAX_SCAN_ID
        or UNSTORABLE.search(scan_id)
    ):
        raise invalid_scan("invalid_scan_id", _("scan_id harus teks 1–80 karakter."))
    return scan_id


def parse_client_time(value: object) -> datetime:
    """A time a client sent (ISO 8601 with an offset, e.g. 2024-10-15T08:05:00+08:00), in UTC.

    ValueError when it is not one: no offset, not a string, or outside the times every zone
    can show (0001-01-01T00:00+14:00 and 9999-12-31T23:59-14:00 have no UTC equivalent).
    """
    if not isinstance(value, str) or len(value) > 64:
        raise ValueError("not an ISO 8601 time")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            raise ValueError("no offset")
        parsed = parsed.astimezone(UTC)
    except OverflowError:
        raise ValueError("out of range") from None
    if not EARLIEST_CLIENT_TIME <= parsed <= LATEST_CLIENT_TIME:
        raise ValueError("out of range")
    return parsed


def parse_scanned_at(value: object) -> datetime | None:
    """The phone's scan time in UTC (see parse_client_time), or None."""
    if value is None:
        return None
    try:
        return parse_client_time(value)
    except ValueError:
        message = _("scanned_at harus waktu ISO 8601 dengan zona, mis. 2024-10-15T08:05:00+08:00.")
        raise invalid_scan("invalid_scanned_at", message) from None


def vouched_scan_time(scanned_at: datetime, now: datetime) -> tuple[datetime, bool]:
    """The admission time for an offline scan, and whether the phone's clock was refused.

    The phone's time is kept only inside what the server can vouch for: not later than now
    and at most MAX_OFFLINE_AGE back. Outside that the server's time is recorded, and the
    clock is refused (flagged for the organiser) unless it is just a little fast.
    """
    if now - MAX_OFFLINE_AGE <= scanned_at <= now:
        return scanned_at, False
    return now, not now < scanned_at <= now + CLOCK_DRIFT


@overload
def clean_name(value: object, *, field: str, required: Literal[True]) -> str: ...


@overload
def clean_name(value: object, *, field: str, required: bool) -> str | None: ...


def clean_name(value: object, *, field: str, required: bool) -> str | None:
    """A person's name or reason as typed: safe text (checkin.text), spaces folded, 1 to 200
    characters."""
    return clean_text(value, field=field, max_length=MAX_NAME, required=required)


def invalid_scan(code: str, message: str) -> InvalidScan:
    """An InvalidScan error with its stable code (the API's `error`)."""
    error = InvalidScan(message)
    error.code = code
    return error
