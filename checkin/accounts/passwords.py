"""Hashing of passwords and door PINs (werkzeug: scrypt by default)."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

#: werkzeug's hashing method; the test suite lowers its cost to keep tests quick.
METHOD = "scrypt"


def hash_password(password: str) -> str:
    """The salted hash to store for a password or PIN."""
    return generate_password_hash(password, method=METHOD)


def password_matches(stored_hash: str, password: str) -> bool:
    """True when the password matches the stored hash."""
    return check_password_hash(stored_hash, password)
