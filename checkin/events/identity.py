"""Identity keys of a delegate: how a re-imported row finds the same person, and the search text."""

from __future__ import annotations


def match_key_for(name: str, ormas: str, region_name: str) -> str:
    """Delegate.match_key: finds the same person in a re-imported file (name|ormas|region)."""
    return "|".join(" ".join(part.split()).lower() for part in (name, ormas, region_name))


def search_text_for(*, name: str, ormas: str, position: str | None, region_name: str) -> str:
    """Delegate.search_text: lower-cased name, ormas, position and region, never the phone.

    The door searches this text, so a phone in it would let door staff test a delegate's
    number digit by digit. Organisers search phones through Delegate.phone_digits.
    """
    parts = [name, ormas, position or "", region_name]
    return " ".join(" ".join(p.split()).lower() for p in parts if p)
