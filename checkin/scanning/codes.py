"""Reading what a door sends: the code (invitation URL or bare secret), the door, the scan id,
the scan time and typed names, with the limits on each."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from flask_babel import gettext as _

from checkin.errors import (
    InvalidGate,
    InvalidScan,
)
from checkin.models import (
    Event,
)
from checkin.text import clean_text

MAX_GATE = 80


MAX_SCAN_ID = 80


MAX_LOGGED_CODE = 500


MAX_NAME = 200


MAX_REASON = 500


#: Longer input is never a code we issued; do not even look at it.
MAX_CODE_TEXT = 2048


#: The alphabet of secrets.token_urlsafe; ours are 32 characters.
_SECRET = r"[A-Za-z0-9_-]{8,64}"


_BARE_SECRET = re.compile(rf"^{_SECRET}$")


_INVITATION_PATH = re.compile(rf"^(?:/[^?#]*)?/i/({_SECRET})/?$")


_NO_SCHEME_URL = re.compile(r"^[A-Za-z0-9.-]+(?::\d+)?/")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\s]")


#: Characters no database column should hold: controls (NUL breaks PostgreSQL) and the lone
#: surrogates a JSON "\ud800" escape produces (they are not UTF-8).
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def parse_code(text: object, event: Event | None = None) -> str | None:
    """The secret in an invitation URL (<any base>/i/<secret>) or a bare secret, else None."""
    if not isinstance(text, str) or len(text) > MAX_CODE_TEXT:
        return None
    text = text.strip()
    if not text or _CONTROL.search(text):
        return None
    if _BARE_SECRET.match(text):
        return text
    if "://" not in text:
        if not _NO_SCHEME_URL.match(text):
            return None
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    match = _INVITATION_PATH.match(parts.path)
    return match.group(1) if match else None


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


def parse_scanned_at(value: object) -> datetime | None:
    """The phone's scan time: ISO 8601 with an offset, or None."""
    if value is None:
        return None
    message = _("scanned_at harus waktu ISO 8601 dengan zona, mis. 2024-10-15T08:05:00+08:00.")
    if not isinstance(value, str) or len(value) > 64:
        raise invalid_scan("invalid_scanned_at", message)
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise invalid_scan("invalid_scanned_at", message) from None
    if parsed.tzinfo is None:
        raise invalid_scan("invalid_scanned_at", message)
    return parsed


def clean_name(value: object, *, field: str, required: bool) -> str | None:
    """A person's name or reason as typed: safe text (checkin.text), spaces folded, 1 to 200
    characters."""
    return clean_text(value, field=field, max_length=MAX_NAME, required=required)


def invalid_scan(code: str, message: str) -> InvalidScan:
    """An InvalidScan error with its stable code (the API's `error`)."""
    error = InvalidScan(message)
    error.code = code
    return error
