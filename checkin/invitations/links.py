"""Invitation secrets and URLs: making a secret, the URL that carries it, reading it back."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from urllib.parse import urlsplit

from checkin.models import Event

#: 24 random bytes = 192 bits, well above the 128 the product requires.
SECRET_BYTES = 24

#: token_urlsafe(24) is always 32 characters of base64url without padding.
SECRET_LENGTH = -(-SECRET_BYTES * 4 // 3)

#: Longer input is never a code we issued; do not even look at it.
MAX_CODE_TEXT = 2048

_SECRET = rf"[A-Za-z0-9_-]{{{SECRET_LENGTH}}}"
_BARE_SECRET = re.compile(rf"^{_SECRET}$")
_INVITATION_PATH = re.compile(rf"^(?:/[^?#]*)?/i/({_SECRET})/?$")
_NO_SCHEME_URL = re.compile(r"^[A-Za-z0-9.-]+(?::\d+)?/")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x1f\x7f-\x9f\s]")


def new_secret() -> str:
    """A fresh unguessable invitation secret (URL-safe, nothing derived from ids or names)."""
    return secrets.token_urlsafe(SECRET_BYTES)


def public_base(event: Event | None, config: Mapping[str, object]) -> str | None:
    """The root of the app where delegates and door phones reach an event, or None.

    The one rule for every link the app hands out (invitation URLs and QR codes, cards,
    messages, door passes, share links): the event's own public address (Pengaturan), else
    the deployment's CHECKIN_PUBLIC_URL, else the address `checkin serve` announced
    (SERVED_URL). Never the Host header of a request: a client chooses that. None: no
    address is known, and no link can be built (the pages say so; the CLI asks for
    --base-url).
    """
    candidates = (
        event.public_url if event is not None else None,
        config.get("PUBLIC_URL"),
        config.get("SERVED_URL"),
    )
    for candidate in candidates:
        text = str(candidate or "").strip()
        if text:
            return text
    return None


def invitation_url(base_url: str, secret: str) -> str:
    """The delegate's invitation URL: <base>/i/<secret> (the path is the format's version)."""
    return f"{base_url.rstrip('/')}/i/{secret}"


def parse_code(text: object) -> str | None:
    """The secret in an invitation URL (<any base>/i/<secret>) or a bare secret, else None.

    The one reader of codes (door API, scanner, CLI, invitation page). Strict: a secret has
    exactly the shape new_secret() gives; an http(s) URL (the scheme may be missing) must end
    in /i/<secret> with at most a slash, query or fragment after it. Whitespace around the
    code is ignored (a keyboard-wedge scanner's Enter or Tab); a control character or space
    inside it refuses the whole code rather than guess (the scanner page strips a wedge
    scanner's stray control characters before sending).
    """
    if not isinstance(text, str) or len(text) > MAX_CODE_TEXT:
        return None
    text = text.strip()
    if not text or _CONTROL_OR_SPACE.search(text):
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
