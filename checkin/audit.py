"""The audit log: who exported or viewed personal data, when, and what."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
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
#: The invitation cards PDF was downloaded (fields: cards, region): usable credentials.
CARDS_DOWNLOAD = "cards.download"
#: A delegate's invitation was revoked, or revoked and a new one issued (fields: delegate).
INVITATION_REVOKE = "invitation.revoke"
INVITATION_REISSUE = "invitation.reissue"
#: A check-in was undone (fields: delegate, reason).
CHECK_IN_UNDO = "check_in.undo"
#: A door pass was issued or revoked (fields: door).
DOOR_PASS_ISSUE = "door_pass.issue"
DOOR_PASS_REVOKE = "door_pass.revoke"
#: Settings changed (fields: area, changes=[{field, from, to}], hidden values only {field}).
SETTINGS_CHANGE = "settings.change"
#: Actor recorded for commands run from a shell.
ACTOR_CLI = "cli"
#: Marks a detail that holds structured fields (JSON) rather than free text (older rows).
FIELDS_PREFIX = "{"

MAX_PER_PAGE = 200


class Identified(Protocol):
    id: int


class Named(Protocol):
    id: int
    username: str


def actor_of(by: Named | None) -> str:
    """The name the log shows for who acted: the account's, or "cli" for a shell command."""
    return by.username if by is not None else ACTOR_CLI


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
    fields: Mapping[str, object] | None = None,
    now: datetime | None = None,
) -> AuditLog:
    """Append one entry to the audit log (flushed, not committed).

    `fields` (JSON-serialisable) is what happened, stored as JSON in `detail`; the audit
    page turns them into a sentence (checkin.audit_text). Never put secrets or phone
    numbers in them: settings_changes hides those values.
    """
    if fields is not None:
        detail = json.dumps(dict(fields), ensure_ascii=False, sort_keys=True, default=str)
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


def entry_fields(entry: AuditLog) -> dict[str, object] | None:
    """The structured fields of an entry, or None for an older free-text detail."""
    if not entry.detail.startswith(FIELDS_PREFIX):
        return None
    try:
        fields = json.loads(entry.detail)
    except ValueError:
        return None
    return fields if isinstance(fields, dict) else None


def settings_changes(
    before: Mapping[str, object], after: Mapping[str, object], *, hidden: frozenset[str]
) -> list[dict[str, object]]:
    """The fields whose value changed, from -> to; a `hidden` field (a secret, a phone)
    says only that it changed."""
    changes: list[dict[str, object]] = []
    for name, old in before.items():
        new = after.get(name)
        if old == new:
            continue
        if name in hidden:
            changes.append({"field": name})
        else:
            changes.append({"field": name, "from": _plain(old), "to": _plain(new)})
    return changes


def _plain(value: object) -> object:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


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
