"""Identity keys of a delegate: how a re-imported row finds the same person, and the search text."""

from __future__ import annotations

from checkin.events.phones import phone_digits


def match_key_for(name: str, ormas: str, region_name: str) -> str:
    """Delegate.match_key: finds the same person in a re-imported file (name|ormas|region)."""
    return "|".join(" ".join(part.split()).lower() for part in (name, ormas, region_name))


def search_text_for(
    *, name: str, ormas: str, position: str | None, region_name: str, phone: str | None
) -> str:
    """Delegate.search_text: lower-cased name, ormas, position, region, and phone digits."""
    parts = [name, ormas, position or "", region_name]
    text = " ".join(" ".join(p.split()).lower() for p in parts if p)
    digits = phone_digits(phone)
    return f"{text} {digits}" if digits else text
