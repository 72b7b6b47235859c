"""Invitation secrets, the QR payload and invitation URLs."""

from __future__ import annotations

import secrets

#: 24 random bytes = 192 bits, well above the 128 the product requires.
SECRET_BYTES = 24


def new_secret() -> str:
    """A fresh unguessable invitation secret (URL-safe, nothing derived from ids or names)."""
    return secrets.token_urlsafe(SECRET_BYTES)
