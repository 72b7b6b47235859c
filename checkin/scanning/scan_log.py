"""The scan log (every attempt, with who, which door and why) and an organiser's undo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from checkin import audit
from checkin.accounts.users import shown_name
from checkin.db import utcnow
from checkin.errors import (
    Forbidden,
    InvalidInput,
    NotCheckedIn,
)
from checkin.events.delegates import matching_delegate_ids
from checkin.models import (
    ROLE_ADMIN,
    CheckIn,
    Delegate,
    Event,
    Scan,
    User,
)
from checkin.scanning.codes import MAX_REASON
from checkin.scanning.verdicts import UNDONE
from checkin.text import clean_text


def undo_check_in(
    db: Session,
    event: Event,
    delegate_id: int,
    *,
    reason: object,
    by: User | None,
    now: datetime | None = None,
) -> CheckIn:
    """Delete a delegate's check-in (organisers only, with a reason) and log it as undone."""
    if by is not None and by.role != ROLE_ADMIN:
        raise Forbidden(_("Hanya panitia yang dapat membatalkan kehadiran."))
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput(_("Tulis alasan pembatalan."))
    reason = clean_text(reason, field=_("Alasan"), max_length=MAX_REASON)
    check = db.scalar(
        select(CheckIn)
        .where(CheckIn.delegate_id == delegate_id, CheckIn.event_id == event.id)
        .options(joinedload(CheckIn.delegate))
    )
    if check is None:
        raise NotCheckedIn(_("Peserta ini belum tercatat hadir."))
    db.add(
        Scan(
            event_id=event.id,
            code=f"undo:{delegate_id}",
            gate=check.gate,
            user_id=by.id if by else None,
            result=UNDONE,
            delegate_id=delegate_id,
            created_at=now or utcnow(),
            note=reason,
        )
    )
    db.delete(check)
    audit.record(
        db,
        event=event,
        user=by,
        actor=audit.actor_of(by),
        action=audit.CHECK_IN_UNDO,
        fields={"delegate": check.delegate.name, "delegate_id": delegate_id, "reason": reason},
        now=now,
    )
    return check


@dataclass
class ScanPage:
    """One page of the scan log, newest first, and how many rows matched."""

    items: list[Scan]
    total: int
    page: int
    pages: int


def scan_log(
    db: Session,
    event: Event,
    *,
    gate: str | None = None,
    result: str | None = None,
    user_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    q: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> ScanPage:
    """The event's scan attempts matching the filters, newest first, one page at a time.

    `q` finds the scans of the delegates the organisers' search finds (name, ormas, position,
    region: checkin.events.matching_delegate_ids); scans of unknown codes have none."""
    conditions = [Scan.event_id == event.id]
    delegates = matching_delegate_ids(event, q)
    if delegates is not None:
        conditions.append(Scan.delegate_id.in_(delegates))
    if gate:
        conditions.append(Scan.gate == gate)
    if result:
        conditions.append(Scan.result == result)
    if user_id is not None:
        conditions.append(Scan.user_id == user_id)
    if since is not None:
        conditions.append(Scan.created_at >= since)
    if until is not None:
        conditions.append(Scan.created_at < until)
    total = db.scalar(select(func.count()).select_from(Scan).where(*conditions)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    items = list(
        db.scalars(
            select(Scan)
            .where(*conditions)
            .options(joinedload(Scan.user), joinedload(Scan.delegate).joinedload(Delegate.check_in))
            .order_by(Scan.created_at.desc(), Scan.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return ScanPage(items=items, total=total, page=page, pages=pages)


def scan_log_choices(db: Session, event: Event) -> dict[str, list]:
    """The doors and staff (id, shown name; by name) in the event's scan log, for the filter
    lists."""
    gates = db.scalars(select(Scan.gate).where(Scan.event_id == event.id).distinct())
    users = db.scalars(
        select(User).where(User.id.in_(select(Scan.user_id).where(Scan.event_id == event.id)))
    )
    named = sorted(((shown_name(u) or "", u.id) for u in users), key=lambda n: n[0].casefold())
    door_names = [d.name for d in event.doors]
    return {
        "gates": door_names + sorted(g for g in gates if g not in door_names),
        "users": [(user_id, name) for name, user_id in named],
    }
