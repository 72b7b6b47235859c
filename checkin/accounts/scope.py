"""Which events and delegates an account may work on: one rule for every page, API and export.

Most accounts may work on every event. Two kinds are scoped:
  - a door-pass account (User.event_id) works on its door's event only;
  - a regional liaison (role `liaison`, User.region_id) works on the event of their region,
    and of it on their region's delegates only.
The web layer (checkin.web.access.event_view) applies this rule to every route of an event.
"""

from __future__ import annotations

from typing import Protocol

from checkin.models import ROLE_LIAISON, Delegate, Event


class Account(Protocol):
    """What the rule reads of an account: a User row or the signed-in copy of one."""

    @property
    def role(self) -> str: ...

    @property
    def region_id(self) -> int | None: ...

    @property
    def event_id(self) -> int | None: ...


def may_access_event(user: Account, event: Event) -> bool:
    """True when this account may work on this event (door passes and liaisons are scoped)."""
    if user.event_id is not None and user.event_id != event.id:
        return False
    if user.role == ROLE_LIAISON:
        return user.region_id is not None and any(r.id == user.region_id for r in event.regions)
    return True


def may_access_delegate(user: Account, delegate: Delegate) -> bool:
    """True when this account may see this delegate of an event it may work on.

    A liaison sees the delegates of their own region only; to them, another region's
    delegate does not exist (the web layer answers 404, as for an unknown id).
    """
    return user.role != ROLE_LIAISON or delegate.region_id == user.region_id
