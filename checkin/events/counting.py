"""Who counts as invited and who as arrived (the live statistics: live/statistics.py).

The rule, for every surface (dashboard, invitations overview, live screens, delivery status,
liaison pages, reports): a delegate counts as invited when their invitation is not revoked,
or when they were admitted even if it was revoked afterwards; a revoked invitation nobody
used is no invitation. Walk-ins and delegates who sent a substitute count like everyone.
A delegate has arrived when a `check_in` row exists for them (an organiser's undo deletes
it; one per delegate), so arrivals are distinct delegates, never scans: every count here
comes from `check_in`, never from `scan`, which holds repeats and refusals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, func, or_, select
from sqlalchemy.orm import QueryableAttribute, Session

from checkin.events.ormas import merge_by_key, shown_spellings
from checkin.models import CheckIn, Delegate, Event


def is_counted() -> ColumnElement[bool]:
    """SQL: this delegate counts as invited (see the module docstring; check_in outer-joined)."""
    return or_(Delegate.revoked_at.is_(None), has_arrived())


def has_arrived() -> ColumnElement[bool]:
    """SQL: this delegate has arrived (check_in outer-joined)."""
    return CheckIn.id.is_not(None)


def counts_as_invited(event: Event) -> ColumnElement[bool]:
    """SQL: a delegate of this event who counts as invited (check_in outer-joined)."""
    return (Delegate.event_id == event.id) & is_counted()


def invited_and_arrived(
    db: Session, event: Event, *keys: ColumnElement[Any] | QueryableAttribute[Any]
) -> Sequence[Row]:
    """Rows of (*keys, invited, arrived) over the event's counted delegates, grouped by keys.

    Without keys, one row: the event's totals.
    """
    return db.execute(
        select(*keys, func.count(Delegate.id), func.count(CheckIn.id))
        .select_from(Delegate)
        .outerjoin(CheckIn, CheckIn.delegate_id == Delegate.id)
        .where(counts_as_invited(event))
        .group_by(*keys)
    ).all()


def merge_by_ormas(rows: Iterable[Sequence]) -> list[tuple[str, int, int]]:
    """Rows of (stored spelling, invited, arrived) as one (shown spelling, invited, arrived)
    per ormas, in the order of their keys.

    The rows must cover all the event's counted delegates: they are the votes for the shown
    spelling (checkin.events.ormas).
    """
    groups = [(spelling, (invited, arrived)) for spelling, invited, arrived in rows]
    names = shown_spellings((spelling, invited) for spelling, (invited, _) in groups)
    merged = merge_by_key(groups, names, lambda a, b: (a[0] + b[0], a[1] + b[1]))
    return [(name, invited, arrived) for name, (invited, arrived) in merged]


def invited_and_arrived_by_ormas(db: Session, event: Event) -> list[tuple[str, int, int]]:
    """(shown spelling, invited, arrived) for each ormas of the event, in key order."""
    return merge_by_ormas(invited_and_arrived(db, event, Delegate.ormas))


def ormas_names(db: Session, event: Event) -> dict[str, str]:
    """The shown spelling of every ormas of the event, by ormas key.

    Its counted delegates vote; an ormas with only revoked, unused invitations is named too.
    """
    rows = db.execute(
        select(Delegate.ormas, func.count().filter(is_counted()))
        .select_from(Delegate)
        .outerjoin(CheckIn, CheckIn.delegate_id == Delegate.id)
        .where(Delegate.event_id == event.id)
        .group_by(Delegate.ormas)
    )
    return shown_spellings(rows)
