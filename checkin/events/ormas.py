"""One ormas however it is written: its identity, and the one spelling every surface shows.

Offices write the same ormas as `Pemuda Pancasila`, `PEMUDA PANCASILA` and `pemuda  pancasila`.
Spellings that differ only in case or whitespace are one ormas (`ormas_key`). It is shown under
the spelling most of its counted delegates use, whitespace collapsed; on a tie, the first in
plain code-point order (capitals first: `FATAYAT NU` before `Fatayat NU`), so the choice depends
on the spellings alone, never on row order or the database's collation. Both happen in Python,
so SQLite and PostgreSQL agree; the votes come from `checkin.events.counting` (who is counted).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin.models import Delegate, Event

T = TypeVar("T")


def ormas_key(name: str) -> str:
    """The ormas a spelling names: case and runs of whitespace do not matter."""
    return " ".join(name.split()).casefold()


def tidy_spelling(name: str) -> str:
    """A spelling as shown: whitespace collapsed, case kept."""
    return " ".join(name.split())


def shown_spellings(votes: Iterable[tuple[str, int]]) -> dict[str, str]:
    """Each ormas (by key) -> its shown spelling, from (stored spelling, counted delegates).

    A spelling with no counted delegate still names its ormas: an ormas whose invitations
    were all revoked unused is shown by the tie-break among its spellings.
    """
    tallies: dict[str, Counter[str]] = {}
    for spelling, count in votes:
        tidy = tidy_spelling(spelling)
        tallies.setdefault(ormas_key(tidy), Counter())[tidy] += count
    return {
        key: min(tally, key=lambda spelling: (-tally[spelling], spelling))
        for key, tally in tallies.items()
    }


def shown_name(names: Mapping[str, str], spelling: str) -> str:
    """The shown spelling for a stored one, given `shown_spellings` of its event."""
    return names.get(ormas_key(spelling)) or tidy_spelling(spelling)


def merge_by_key(
    groups: Iterable[tuple[str, T]], names: Mapping[str, str], merge: Callable[[T, T], T]
) -> list[tuple[str, T]]:
    """Groups keyed by stored spelling, as one group per ormas under its shown spelling.

    In the order of the ormas keys; `merge` adds two groups of one ormas together.
    """
    merged: dict[str, T] = {}
    for spelling, group in groups:
        key = ormas_key(spelling)
        merged[key] = merge(merged[key], group) if key in merged else group
    return [(shown_name(names, key), merged[key]) for key in sorted(merged)]


def spellings_of(db: Session, event: Event, name: str) -> list[str]:
    """Every stored spelling in the event of the ormas `name` names (to filter by ormas)."""
    key = ormas_key(name)
    stored = db.scalars(select(Delegate.ormas).where(Delegate.event_id == event.id).distinct())
    return sorted(spelling for spelling in stored if ormas_key(spelling) == key)
