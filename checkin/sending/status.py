"""Where each invitation is: belum dikirim → terkirim → dibuka → konfirmasi → hadir.

A delegate's status is derived from their row (sent_at, opened_at, confirmation) and their
check-in, never stored twice: `delivery_status` for one delegate in Python and
`status_expression` for the same rule in SQL (filters, counts per region and ormas). A
revoked invitation is "dicabut" unless the delegate had already arrived. The words and
their labels are the delivery vocabulary of checkin.events.statuses.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, case, func, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import QueryableAttribute, Session, joinedload

from checkin.db import utcnow
from checkin.errors import InvalidInput, InvitationRevoked
from checkin.events.counting import ormas_names
from checkin.events.ormas import ormas_key, shown_name, spellings_of
from checkin.events.statuses import (
    ANSWER_UNABLE,
    DELIVERY_STATUSES,
    STATUS_ARRIVED,
    STATUS_CONFIRMED,
    STATUS_NOT_SENT,
    STATUS_OPENED,
    STATUS_REVOKED,
    STATUS_SENT,
)
from checkin.models import CheckIn, Delegate, Event, Region
from checkin.sending.templates import KIND_REMINDER
from checkin.sending.whatsapp import landline_phone_condition, whatsapp_phone_condition

CHANNEL_WHATSAPP = "whatsapp"
CHANNEL_EMAIL = "email"
CHANNEL_PRINTED = "dicetak"
CHANNEL_LIAISON = "liaison"
CHANNELS = (CHANNEL_WHATSAPP, CHANNEL_EMAIL, CHANNEL_PRINTED, CHANNEL_LIAISON)
CHANNEL_LABELS = {
    CHANNEL_WHATSAPP: _l("WhatsApp"),
    CHANNEL_EMAIL: _l("E-mail"),
    CHANNEL_PRINTED: _l("Dicetak"),
    CHANNEL_LIAISON: _l("Lewat penghubung wilayah"),
}

MAX_PER_PAGE = 200

#: Apps that fetch a link to draw its preview when someone pastes it: not the delegate.
_PREVIEW_AGENTS = re.compile(
    r"whatsapp|facebookexternalhit|facebot|telegrambot|twitterbot|slackbot|discordbot|"
    r"linkedinbot|skypeuripreview|googlebot|bingbot|embedly|preview|bot\b|crawler|spider",
    re.IGNORECASE,
)


def is_link_preview(user_agent: str | None) -> bool:
    """True when the visitor is an app drawing a link preview (or a crawler), not a person."""
    return bool(user_agent) and bool(_PREVIEW_AGENTS.search(user_agent or ""))


def delivery_status(delegate: Delegate) -> str:
    """The delegate's place on the way from not sent to arrived (see the module docstring)."""
    if delegate.check_in is not None:
        return STATUS_ARRIVED
    if delegate.revoked_at is not None:
        return STATUS_REVOKED
    if delegate.confirmation is not None:
        return STATUS_CONFIRMED
    if delegate.opened_at is not None:
        return STATUS_OPENED
    if delegate.sent_at is not None:
        return STATUS_SENT
    return STATUS_NOT_SENT


def _arrived() -> ColumnElement[bool]:
    return select(CheckIn.id).where(CheckIn.delegate_id == Delegate.id).exists()


def status_expression(arrived: ColumnElement[bool] | None = None) -> ColumnElement[str]:
    """delivery_status as SQL (`arrived`: a condition on a joined CheckIn, else EXISTS)."""
    return case(
        (arrived if arrived is not None else _arrived(), STATUS_ARRIVED),
        (Delegate.revoked_at.is_not(None), STATUS_REVOKED),
        (Delegate.confirmation.is_not(None), STATUS_CONFIRMED),
        (Delegate.opened_at.is_not(None), STATUS_OPENED),
        (Delegate.sent_at.is_not(None), STATUS_SENT),
        else_=STATUS_NOT_SENT,
    )


def status_condition(status: str) -> ColumnElement[bool]:
    """A WHERE condition for delegates in this status (for any list of delegates)."""
    if status not in DELIVERY_STATUSES:
        raise InvalidInput(_("Status undangan tidak dikenal."))
    return status_expression() == status


# --- recording -----------------------------------------------------------------------------


def mark_sent(
    db: Session,
    delegate: Delegate,
    *,
    channel: str,
    by: object | None = None,
    kind: str | None = None,
    now: datetime | None = None,
) -> Delegate:
    """Record that the invitation (or, kind "pengingat", the H-1 reminder) was passed on.

    The latest sending wins: its time, channel and sender are what the organiser sees.
    """
    if channel not in CHANNELS:
        raise InvalidInput(_("Cara pengiriman tidak dikenal."))
    if delegate.revoked_at is not None:
        raise InvitationRevoked(_("Undangan ini sudah dicabut; terbitkan ulang dahulu."))
    now = now or utcnow()
    if kind == KIND_REMINDER:
        delegate.reminded_at = now
    else:
        delegate.sent_at, delegate.sent_via = now, channel
        delegate.sent_by_id = getattr(by, "id", None)
    db.flush()
    return delegate


def mark_opened(db: Session, delegate_id: int, *, now: datetime | None = None) -> bool:
    """Record the first opening of the invitation page; True when this was the first.

    One conditional UPDATE, so two phones opening at once record one time, and later
    views (the caller checks opened_at first) cost no write at all. updated_at is kept:
    an opening changes nothing the live screens or the door's roster show.
    """
    result = db.execute(
        update(Delegate)
        .where(Delegate.id == delegate_id, Delegate.opened_at.is_(None))
        .values(opened_at=now or utcnow(), updated_at=Delegate.updated_at)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult, result).rowcount == 1


# --- counting and listing ------------------------------------------------------------------


@dataclass
class StatusCounts:
    """How many delegates are in each status, and how those who answered answered."""

    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DELIVERY_STATUSES, 0))
    #: Answers of every delegate who answered (also those who arrived since; not revoked).
    answers: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def active(self) -> int:
        """Who counts as invited (checkin.events.counting): dicabut = revoked and unused."""
        return self.total - self.by_status[STATUS_REVOKED]

    @property
    def sent(self) -> int:
        """Passed on at least: everything past "belum dikirim" (revoked left out)."""
        return self.active - self.by_status[STATUS_NOT_SENT]

    def add(self, status: str, answer: str | None, count: int) -> None:
        self.by_status[status] = self.by_status.get(status, 0) + count
        if answer and status != STATUS_REVOKED:
            self.answers[answer] = self.answers.get(answer, 0) + count


def _grouped(
    db: Session,
    event: Event,
    key: ColumnElement[Any] | QueryableAttribute[Any],
    *conditions: ColumnElement[bool],
    label: Any = None,
) -> dict:
    status = status_expression(CheckIn.id.is_not(None))
    rows = db.execute(
        select(key, status, Delegate.confirmation, func.count())
        .select_from(Delegate)
        .outerjoin(CheckIn, CheckIn.delegate_id == Delegate.id)
        .where(Delegate.event_id == event.id, *conditions)
        .group_by(key, status, Delegate.confirmation)
    ).all()
    out: dict = {}
    for group, state, answer, count in rows:
        out.setdefault(label(group) if label else group, StatusCounts()).add(state, answer, count)
    return out


def status_counts(db: Session, event: Event, *, region_id: int | None = None) -> StatusCounts:
    """Counts per status for the event (or one region)."""
    conditions = [Delegate.region_id == region_id] if region_id is not None else []
    return _grouped(db, event, Delegate.event_id, *conditions).get(event.id, StatusCounts())


def status_by_region(db: Session, event: Event) -> list[tuple[Region, StatusCounts]]:
    """Counts per status for each region, in the event's order (empty regions too)."""
    by_id = _grouped(db, event, Delegate.region_id)
    return [(region, by_id.get(region.id, StatusCounts())) for region in event.regions]


def status_by_ormas(
    db: Session, event: Event, *, region_id: int | None = None, q: str | None = None
) -> list[tuple[str, StatusCounts]]:
    """Counts per status for each ormas (optionally of one region or matching q).

    One row per ormas under its shown spelling for the whole event (checkin.events.ormas),
    in the order of the ormas keys; q matches the ormas, whatever its case and spacing.
    """
    names, wanted = ormas_names(db, event), ormas_key(q or "")
    conditions = [Delegate.region_id == region_id] if region_id is not None else []
    grouped = _grouped(db, event, Delegate.ormas, *conditions, label=lambda o: shown_name(names, o))
    rows = [(name, counts) for name, counts in grouped.items() if wanted in ormas_key(name)]
    return sorted(rows, key=lambda row: ormas_key(row[0]))


@dataclass
class DelegateList:
    """One page of delegates with their statuses."""

    items: list[tuple[Delegate, str]]
    total: int
    page: int
    pages: int


def list_by_status(
    db: Session,
    event: Event,
    *,
    status: str | None = None,
    region_id: int | None = None,
    ormas: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> DelegateList:
    """The delegates in a status (e.g. not sent, not opened) to chase, by region then name."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    conditions: list[ColumnElement[bool]] = [Delegate.event_id == event.id]
    if status:
        conditions.append(status_condition(status))
    if region_id is not None:
        conditions.append(Delegate.region_id == region_id)
    if ormas:
        conditions.append(Delegate.ormas.in_(spellings_of(db, event, ormas)))
    total = db.scalar(select(func.count()).select_from(Delegate).where(*conditions)) or 0
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = db.scalars(
        select(Delegate)
        .join(Region, Region.id == Delegate.region_id)
        .options(joinedload(Delegate.region), joinedload(Delegate.check_in))
        .where(*conditions)
        .order_by(Region.sort_order, Delegate.name, Delegate.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).unique()
    items = [(d, delivery_status(d)) for d in rows]
    return DelegateList(items=items, total=total, page=page, pages=pages)


# --- the WhatsApp queue --------------------------------------------------------------------


def _queue_conditions(event: Event, kind: str, region_id: int | None) -> list:
    conditions = [
        Delegate.event_id == event.id,
        Delegate.revoked_at.is_(None),
        Delegate.phone.is_not(None),
        whatsapp_phone_condition(),
    ]
    if kind == KIND_REMINDER:
        conditions += [
            Delegate.reminded_at.is_(None),
            ~_arrived(),
            or_(Delegate.confirmation.is_(None), Delegate.confirmation != ANSWER_UNABLE),
        ]
    else:
        conditions.append(Delegate.sent_at.is_(None))
    if region_id is not None:
        conditions.append(Delegate.region_id == region_id)
    return conditions


@dataclass
class QueueItem:
    """The next delegate to message, where they are in the queue, and how many wait."""

    delegate: Delegate | None
    position: int
    waiting: int


def next_in_queue(
    db: Session, event: Event, *, kind: str, region_id: int | None = None, skip: int = 0
) -> QueueItem:
    """The next delegate with a WhatsApp number who has not been sent this message yet.

    In region then name order; `skip` passes over delegates the sender chose to leave for
    later (a wrong number, no answer), without recording anything for them.
    """
    conditions = _queue_conditions(event, kind, region_id)
    waiting = db.scalar(select(func.count()).select_from(Delegate).where(*conditions)) or 0
    skip = max(0, min(skip, max(waiting - 1, 0)))
    delegate = db.scalar(
        select(Delegate)
        .join(Region, Region.id == Delegate.region_id)
        .options(joinedload(Delegate.region))
        .where(*conditions)
        .order_by(Region.sort_order, Delegate.name, Delegate.id)
        .offset(skip)
        .limit(1)
    )
    return QueueItem(delegate=delegate, position=skip, waiting=waiting)


@dataclass
class QueueProgress:
    """One region's progress: delegates reachable by WhatsApp, and how many were sent."""

    region: Region
    reachable: int
    done: int
    without_phone: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.reachable) if self.reachable else 0


def queue_progress(db: Session, event: Event, *, kind: str) -> list[QueueProgress]:
    """Per region: how many have a WhatsApp number, how many got this message, how many not."""
    reachable = and_(Delegate.phone.is_not(None), whatsapp_phone_condition())
    pending = and_(*_queue_conditions(event, kind, None))
    rows = db.execute(
        select(
            Delegate.region_id,
            func.count().filter(reachable),
            func.count().filter(pending),
            func.count().filter(~reachable | Delegate.phone.is_(None)),
        )
        .where(Delegate.event_id == event.id, Delegate.revoked_at.is_(None))
        .group_by(Delegate.region_id)
    ).all()
    by_id = {row[0]: row[1:] for row in rows}
    out = []
    for region in event.regions:
        count, waiting, missing = by_id.get(region.id, (0, 0, 0))
        out.append(QueueProgress(region, count, count - waiting, missing))
    return out


def without_whatsapp(
    db: Session, event: Event, *, region_id: int | None = None, limit: int = 200
) -> tuple[list[Delegate], int]:
    """Up to `limit` delegates WhatsApp cannot reach other than by an office line (no number,
    a toll-free one), and how many; the office lines are office_lines."""
    unreachable = or_(
        Delegate.phone.is_(None), and_(~whatsapp_phone_condition(), ~landline_phone_condition())
    )
    return _unreachable(db, event, unreachable, region_id, limit)


def office_lines(
    db: Session, event: Event, *, region_id: int | None = None, limit: int = 200
) -> tuple[list[Delegate], int]:
    """Up to `limit` delegates whose number is an office/home line (0541-736123), and how many:
    someone can call them, but no WhatsApp chat opens."""
    condition = and_(Delegate.phone.is_not(None), landline_phone_condition())
    return _unreachable(db, event, condition, region_id, limit)


def _unreachable(
    db: Session, event: Event, condition: ColumnElement[bool], region_id: int | None, limit: int
) -> tuple[list[Delegate], int]:
    conditions = [Delegate.event_id == event.id, Delegate.revoked_at.is_(None), condition]
    if region_id is not None:
        conditions.append(Delegate.region_id == region_id)
    total = db.scalar(select(func.count()).select_from(Delegate).where(*conditions)) or 0
    rows = db.scalars(
        select(Delegate)
        .join(Region, Region.id == Delegate.region_id)
        .options(joinedload(Delegate.region))
        .where(*conditions)
        .order_by(Region.sort_order, Delegate.name, Delegate.id)
        .limit(limit)
    )
    return list(rows), total
