"""Offline conflicts: a delegate admitted offline at a door after another door had admitted them.

The check-in itself stays single (the first admission wins, checkin/scanning.py); the later
offline admission is a scan with `is_conflict`, which an organiser reviews here (was the QR
shared? did two people come on one invitation?) and marks as reviewed.

An offline scan whose phone clock the server refused (`clock_rejected`: later than the
server's time or over 24 hours back, see codes.vouched_scan_time) waits for review here too:
it was admitted at the server's time, which may be later than the person really came in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from checkin.db import utcnow
from checkin.errors import NotFound
from checkin.models import CheckIn, Delegate, Event, Scan, User

#: The scans an organiser reviews: offline conflicts and refused phone clocks.
_NEEDS_REVIEW = or_(Scan.is_conflict.is_(True), Scan.clock_rejected.is_(True))


@dataclass(frozen=True)
class Conflict:
    """A conflicting offline admission and the admission that won (None if since undone)."""

    scan: Scan
    first: CheckIn | None


def list_conflicts(db: Session, event: Event, *, reviewed: bool = False) -> list[Conflict]:
    """The event's conflicts still to review (or, with reviewed=True, those reviewed)."""
    state = Scan.reviewed_at.is_not(None) if reviewed else Scan.reviewed_at.is_(None)
    scans = db.scalars(
        select(Scan)
        .where(Scan.event_id == event.id, _NEEDS_REVIEW, state)
        .options(
            joinedload(Scan.user),
            joinedload(Scan.delegate).joinedload(Delegate.region),
            joinedload(Scan.delegate).joinedload(Delegate.check_in).joinedload(CheckIn.by_user),
        )
        .order_by(Scan.created_at.desc(), Scan.id.desc())
    ).unique()
    return [Conflict(scan, scan.delegate.check_in if scan.delegate else None) for scan in scans]


def open_conflict_count(db: Session, event: Event) -> int:
    """How many conflicts of the event wait for review."""
    count = db.scalar(
        select(func.count())
        .select_from(Scan)
        .where(Scan.event_id == event.id, _NEEDS_REVIEW, Scan.reviewed_at.is_(None))
    )
    return count or 0


def review_conflict(
    db: Session, event: Event, scan_id: int, *, by: User | None, now: datetime | None = None
) -> Scan:
    """Mark a conflict as reviewed (once: a second review keeps the first reviewer)."""
    scan = db.scalar(
        select(Scan).where(Scan.id == scan_id, Scan.event_id == event.id, _NEEDS_REVIEW)
    )
    if scan is None:
        raise NotFound(_("Konflik tidak ditemukan di acara ini."))
    if scan.reviewed_at is None:
        scan.reviewed_at = now or utcnow()
        scan.reviewed_by_id = by.id if by else None
        db.flush()
    return scan
