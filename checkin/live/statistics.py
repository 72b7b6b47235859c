"""The live statistics (the `/stats` object): arrived of invited by region and ormas, the
timeline, doors and latest arrivals, all counted by the one rule in events/counting.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checkin.db import utcnow
from checkin.events.counting import invited_and_arrived, merge_by_ormas
from checkin.events.ormas import ormas_key, shown_name
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
