"""A door pass's PIN kept readable for the organiser: sealed, not only hashed.

The organiser may need the PIN again (a second phone at the door, the printed sheet) until
the pass is first used. The PIN is then stored encrypted with AES-GCM under a key derived
(HKDF-SHA256) from the app's SECRET_KEY, bound to the door and the pass's link secret: the
database alone does not give the PIN away, a copy of the sealed PIN opens for no other pass,
and a new SECRET_KEY makes old seals unreadable (None, never an error). door_passes.py
clears the seal once the pass is first used, reissued or revoked.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

#: The HKDF salt: keys for other purposes derived from the same SECRET_KEY differ.
SALT = b"checkin-door-pass-pin"
NONCE_BYTES = 12


def _key(secret_key: str | bytes) -> bytes:
    raw = secret_key if isinstance(secret_key, bytes) else secret_key.encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=SALT, info=b"pin-v1").derive(raw)


def _bound_to(door_id: int, pass_secret: str) -> bytes:
    return f"door-pass/{door_id}/{pass_secret}".encode()


def seal_pin(pin: str, *, secret_key: str | bytes, door_id: int, pass_secret: str) -> str:
    """The PIN encrypted for this door's pass: base64url of nonce + ciphertext + tag."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_key(secret_key)).encrypt(nonce, pin.encode(), _bound_to(door_id, pass_secret))
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def open_pin(
    sealed: str | None, *, secret_key: str | bytes, door_id: int, pass_secret: str
) -> str | None:
    """The sealed PIN, or None when there is none or it does not open (another key, pass
    or door; altered)."""
    if not sealed:
        return None
    try:
        data = base64.urlsafe_b64decode(sealed.encode())
        plain = AESGCM(_key(secret_key)).decrypt(
            data[:NONCE_BYTES], data[NONCE_BYTES:], _bound_to(door_id, pass_secret)
        )
    except (InvalidTag, ValueError):
        return None
    return plain.decode()
