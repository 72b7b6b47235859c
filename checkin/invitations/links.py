"""Invitation secrets and URLs, QR images, revoking, VIP and exporting (messages: messages.py)."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

#: 24 random bytes = 192 bits, well above the 128 the product requires.
SECRET_BYTES = 24


_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_secret() -> str:
    """A fresh unguessable invitation secret (URL-safe, nothing derived from ids or names)."""
    return secrets.token_urlsafe(SECRET_BYTES)


def invitation_url(base_url: str, secret: str) -> str:
    """The delegate's invitation URL: <base>/i/<secret> (the path is the format's version)."""
    return f"{base_url.rstrip('/')}/i/{secret}"


def parse_code(code: str) -> str:
    """The secret in an invitation URL, or the bare secret itself."""
    code = code.strip()
    if "/i/" in code:
        path = urlsplit(code).path if "://" in code else code.split("?")[0].split("#")[0]
        code = path.rsplit("/i/", 1)[-1].split("/")[0]
    return code


def looks_like_secret(code: str) -> bool:
    """True when the text has a secret's shape (saves a query for junk)."""
    return bool(_SECRET_RE.match(code))
