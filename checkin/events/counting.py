"""Who counts as invited and who as arrived, and the live statistics built on it.

The rule, for every surface (dashboard, invitations overview, live screens, delivery status,
liaison pages, reports): a delegate counts as invited when their invitation is not revoked,
or when they were admitted even if it was revoked afterwards; a revoked invitation nobody
used is no invitation. Walk-ins and delegates who sent a substitute count like everyone.
A delegate has arrived when a `check_in` row exists for them (an organiser's undo deletes
it; one per delegate), so arrivals are distinct delegates, never scans: every count here
comes from `check_in`, never from `scan`, which holds repeats and refusals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, Row, func, or_, select
from sqlalchemy.orm import Session

from checkin.db import utcnow
from checkin.events.ormas import merge_by_key, ormas_key, shown_name, shown_spellings
from checkin.models import CheckIn, Delegate, Event, Region

#: Width of a timeline bucket (arrivals per 5 minutes).
BUCKET_SECONDS = 300
BUCKET = timedelta(seconds=BUCKET_SECONDS)
#: At most a day of buckets: an offline phone with a wrong clock cannot blow up the payload.
MAX_BUCKETS = 288
#: How many latest arrivals the payload carries (the welcome screen greets each of them).
LATEST_COUNT = 20


def compute_stats(db: Session, event: Event, *, now: datetime | None = None) -> dict:
    """Return the live statistics of an event (the `/stats` object), from a few grouped queries.

    `invited` and `checked_in` follow the counting rule (module docstring); `by_ormas` has
    one row per ormas under its shown spelling (checkin.events.ormas), which `latest` uses
    too. Every region of the event is listed, even with no delegate, so the screen always
    shows the province and all ten kabupaten/kota.
    """
    now = now or utcnow()
    by_region, by_ormas = _region_and_ormas_counts(db, event)
    return {
        "invited": sum(r["invited"] for r in by_region),
        "checked_in": sum(r["checked_in"] for r in by_region),
        "by_region": by_region,
        "by_ormas": by_ormas,
        "timeline": _timeline(db, event),
        "by_gate": _by_gate(db, event),
        "latest": _latest(db, event, {ormas_key(o["ormas"]): o["ormas"] for o in by_ormas}),
        "updated_at": _iso(now),
    }


def is_counted() -> ColumnElement[bool]:
    """SQL: this delegate counts as invited (see the module docstring; check_in outer-joined)."""
    return or_(Delegate.revoked_at.is_(None), has_arrived())


def has_arrived() -> ColumnElement[bool]:
    """SQL: this delegate has arrived (check_in outer-joined)."""
    return CheckIn.id.is_not(None)


def counts_as_invited(event: Event) -> ColumnElement[bool]:
    """SQL: a delegate of this event who counts as invited (check_in outer-joined)."""
    return (Delegate.event_id == event.id) & is_counted()


def invited_and_arrived(db: Session, event: Event, *keys: ColumnElement) -> Sequence[Row]:
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


def _region_and_ormas_counts(db: Session, event: Event) -> tuple[list[dict], list[dict]]:
    regions = db.execute(
        select(Region.id, Region.name, Region.level)
        .where(Region.event_id == event.id)
        .order_by(Region.sort_order, Region.id)
    ).all()
    per_region = {
        rid: {"region": name, "level": level, "invited": 0, "checked_in": 0}
        for rid, name, level in regions
    }
    # One pass over the event's delegates, from the (event, region, ormas) index; the outer
    # join probes check_in's unique index. Python then merges a few thousand groups at most.
    rows = invited_and_arrived(db, event, Delegate.region_id, Delegate.ormas)
    for region_id, _ormas, invited, arrived in rows:
        region = per_region.get(region_id)
        if region is not None:
            region["invited"] += invited
            region["checked_in"] += arrived
    by_ormas = [
        {"ormas": name, "invited": invited, "checked_in": arrived}
        for name, invited, arrived in merge_by_ormas(row[1:] for row in rows)
    ]
    return list(per_region.values()), by_ormas


def _timeline(db: Session, event: Event) -> list[dict]:
    """Arrivals per 5 minutes, every bucket from the first arrival to the last.

    Each bucket is a range count in the (event_id, checked_in_at) index: at 100,000 arrivals
    that beats a GROUP BY on a computed bucket, which sorts every row.
    """
    in_event = CheckIn.event_id == event.id
    first, last = db.execute(
        select(
            select(func.min(CheckIn.checked_in_at)).where(in_event).scalar_subquery(),
            select(func.max(CheckIn.checked_in_at)).where(in_event).scalar_subquery(),
        )
    ).one()
    if first is None:
        return []
    first, last = _as_utc(first), _as_utc(last)
    last_bucket = int(last.timestamp()) // BUCKET_SECONDS
    first_bucket = max(int(first.timestamp()) // BUCKET_SECONDS, last_bucket - MAX_BUCKETS + 1)
    timeline = []
    for bucket in range(first_bucket, last_bucket + 1):
        start = datetime.fromtimestamp(bucket * BUCKET_SECONDS, UTC)
        count = db.scalar(
            select(func.count()).where(
                in_event,
                CheckIn.checked_in_at >= start,
                CheckIn.checked_in_at < start + BUCKET,
            )
        )
        timeline.append({"at": _iso(start), "count": count})
    return timeline


def _by_gate(db: Session, event: Event) -> list[dict]:
    rows = db.execute(
        select(CheckIn.gate, func.count())
        .where(CheckIn.event_id == event.id)
        .group_by(CheckIn.gate)
    )
    return [
        {"gate": gate, "count": count}
        for gate, count in sorted(rows, key=lambda row: (-row[1], row[0]))
    ]


def _as_utc(value: str | datetime) -> datetime:
    if isinstance(value, str):  # min()/max() on SQLite skip the column type's conversion
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _latest(db: Session, event: Event, names: dict[str, str]) -> list[dict]:
    """The latest admissions (newest first), with ids so a screen can tell which are new."""
    rows = db.execute(
        select(
            CheckIn.id,
            CheckIn.delegate_id,
            Delegate.name,
            Delegate.ormas,
            Region.name,
            CheckIn.checked_in_at,
            CheckIn.gate,
            Delegate.is_vip,
        )
        .join(Delegate, Delegate.id == CheckIn.delegate_id)
        .join(Region, Region.id == Delegate.region_id)
        .where(CheckIn.event_id == event.id)
        .order_by(CheckIn.id.desc())
        .limit(LATEST_COUNT)
    )
    return [
        {
            "id": check_in_id,
            "delegate_id": delegate_id,
            "name": name,
            "ormas": shown_name(names, ormas),
            "region": region,
            "at": _iso(at),
            "gate": gate,
            "vip": bool(vip),
        }
        for check_in_id, delegate_id, name, ormas, region, at, gate, vip in rows
    ]


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")
