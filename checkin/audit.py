"""The audit log: who exported or viewed personal data, when, and what."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from checkin.db import utcnow
from checkin.models import AuditLog, Event

#: The attendance list was exported (detail: format and row count).
EXPORT_ATTENDANCE = "export_attendance"
#: The no-show list with phone numbers was shown (detail: row count).
VIEW_NO_SHOWS = "view_no_shows"
#: Actor recorded for commands run from a shell.
ACTOR_CLI = "cli"

MAX_PER_PAGE = 200


class Identified(Protocol):
    id: int


@dataclass
class AuditPage:
    """One page of audit entries, newest first, and how many there are in all."""

    items: list[AuditLog]
    total: int
    page: int
    pages: int


def record(
    db: Session,
    *,
    event: Event | None,
    user: Identified | None,
    actor: str,
    action: str,
    detail: str = "",
    now: datetime | None = None,
) -> AuditLog:
    """Append one entry to the audit log (flushed, not committed)."""
    entry = AuditLog(
        event_id=event.id if event is not None else None,
        user_id=user.id if user is not None else None,
        actor=actor[:80],
        action=action,
        detail=detail,
        created_at=now or utcnow(),
    )
    db.add(entry)
    db.flush()
    return entry


def list_entries(db: Session, *, event: Event, page: int = 1, per_page: int = 100) -> AuditPage:
    """One page of the event's audit entries, newest first."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    total = db.scalar(select(func.count(AuditLog.id)).where(AuditLog.event_id == event.id)) or 0
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    items = db.scalars(
        select(AuditLog)
        .where(AuditLog.event_id == event.id)
        .options(joinedload(AuditLog.user))
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return AuditPage(items=list(items), total=total, page=page, pages=pages)
