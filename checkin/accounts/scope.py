"""Which events and delegates an account may work on: one rule for every page, API and export.

An account may work on every event unless it is limited:
  - a door-pass account (User.event_id) works on its door's event only;
  - an account limited to events (User.scoped_events: `checkin create-user --event`, the
    organiser's account page) works on those events only;
  - a regional liaison (role `liaison`, User.region_id) works on the event of their region
    (within their limit, if they have one), and of it on their region's delegates only.
To a limited account another event does not exist: it is "not found" exactly as an unknown
slug is, so its slug cannot be probed. The web layer (checkin.web.access.event_view)
applies this rule to every route of an event, the home page and the events list too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from checkin.errors import InvalidInput
from checkin.events.events import event_not_found, get_event, list_events
from checkin.models import ROLE_LIAISON, Delegate, Event, User


class Account(Protocol):
    """What the rule reads of an account: a User row or the signed-in copy of one."""

    @property
    def role(self) -> str: ...

    @property
    def region_id(self) -> int | None: ...

    @property
    def event_id(self) -> int | None: ...

    @property
    def scoped_event_ids(self) -> frozenset[int]: ...


def may_access_event(user: Account, event: Event) -> bool:
    """True when this account may work on this event (see the module's rule)."""
    if user.event_id is not None and user.event_id != event.id:
        return False
    if user.scoped_event_ids and event.id not in user.scoped_event_ids:
        return False
    if user.role == ROLE_LIAISON:
        return user.region_id is not None and any(r.id == user.region_id for r in event.regions)
    return True


def is_limited(user: Account) -> bool:
    """True for an account that may not work on every event (nor see the install's pages)."""
    return user.event_id is not None or bool(user.scoped_event_ids) or user.role == ROLE_LIAISON


def accessible_events(db: Session, user: Account) -> list[Event]:
    """The events this account may work on, the next or most recent first."""
    return [event for event in list_events(db) if may_access_event(user, event)]


def event_for_account(db: Session, user: Account, slug: str) -> Event:
    """The event with this slug if the account may work on it; else EventNotFound, the very
    error an unknown slug raises."""
    event = get_event(db, slug)
    if not may_access_event(user, event):
        raise event_not_found(slug)
    return event


def limit_to_events(user: User, events: Iterable[Event]) -> None:
    """Limit a person's account to these events; none lifts the limit (every event)."""
    chosen = list({event.id: event for event in events}.values())
    if user.door_id is not None:
        raise InvalidInput(_("Akun pass pintu sudah terikat pada acara pintunya."))
    if (
        chosen
        and user.role == ROLE_LIAISON
        and user.region_id is not None
        and not any(r.id == user.region_id for event in chosen for r in event.regions)
    ):
        raise InvalidInput(_("Penghubung wilayah hanya dapat dibatasi pada acara wilayahnya."))
    user.scoped_events = chosen


def may_access_delegate(user: Account, delegate: Delegate) -> bool:
    """True when this account may see this delegate of an event it may work on.

    A liaison sees the delegates of their own region only; to them, another region's
    delegate does not exist (the web layer answers 404, as for an unknown id).
    """
    return user.role != ROLE_LIAISON or delegate.region_id == user.region_id
