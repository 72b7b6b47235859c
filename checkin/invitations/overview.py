"""The invitations overview: counts per status and region, and VIP marks."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from checkin.events.counting import has_arrived, is_counted
from checkin.models import CheckIn, Delegate, Event, Region


@dataclass
class InvitationCounts:
    """How far invitations have gone, for the whole event or one region."""

    #: Who counts as invited (checkin.events.counting), like every other surface.
    invited: int = 0
    #: Revoked invitations, also of delegates admitted before (not printed nor sent).
    revoked: int = 0
    with_phone: int = 0
    with_email: int = 0
    emailed: int = 0
    checked_in: int = 0


def _count_columns() -> tuple[ColumnElement[int], ...]:
    # Phones and e-mails are counted on valid invitations only: a revoked one is not sent.
    active = Delegate.revoked_at.is_(None)
    return (
        func.count().filter(is_counted()),
        func.count().filter(Delegate.revoked_at.is_not(None)),
        func.count().filter(active, Delegate.phone.is_not(None), Delegate.phone != ""),
        func.count().filter(active, Delegate.email.is_not(None), Delegate.email != ""),
        func.count().filter(active, Delegate.emailed_at.is_not(None)),
        func.count().filter(has_arrived()),
    )


def invitation_counts(db: Session, event: Event) -> InvitationCounts:
    """Counts of invited, revoked, with phone/e-mail, e-mailed and arrived delegates."""
    row = db.execute(
        select(*_count_columns())
        .select_from(Delegate)
        .outerjoin(CheckIn, CheckIn.delegate_id == Delegate.id)
        .where(Delegate.event_id == event.id)
    ).one()
    return InvitationCounts(*row)  # type: ignore[call-arg]  # a Row of the six counted columns


def invitation_counts_by_region(db: Session, event: Event) -> list[tuple[Region, InvitationCounts]]:
    """The same counts per region, in the event's region order (regions without delegates too)."""
    rows = db.execute(
        select(Delegate.region_id, *_count_columns())
        .outerjoin(CheckIn, CheckIn.delegate_id == Delegate.id)
        .where(Delegate.event_id == event.id)
        .group_by(Delegate.region_id)
    ).all()
    by_id = {row[0]: InvitationCounts(*row[1:]) for row in rows}  # type: ignore[call-arg]
    return [(region, by_id.get(region.id, InvitationCounts())) for region in event.regions]


def set_vip(db: Session, delegate: Delegate, is_vip: bool) -> Delegate:
    """Mark or unmark a delegate as tamu kehormatan (VIP): door and welcome screens show it."""
    delegate.is_vip = bool(is_vip)
    db.flush()
    return delegate
