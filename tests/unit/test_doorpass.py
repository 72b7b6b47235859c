"""Door passes: link + PIN, expiry with the event, revocation, event scope."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from checkin.accounts import (
    STATUS_ACTIVE,
    STATUS_EXPIRED,
    STATUS_NONE,
    STATUS_REVOKED,
    account_is_usable,
    door_for_pass,
    issue_pass,
    may_access_event,
    pass_expires_at,
    pass_status,
    revoke_pass,
    sign_in_with_pass,
)
from checkin.errors import DoorPassExpired, DoorPassInvalid, WrongPin
from checkin.events import create_event
from checkin.models import ROLE_DOOR, User

# The event fixture starts 2024-10-15 08:00 WITA and has no end time.
DURING = datetime(2024, 10, 15, 2, 0, tzinfo=UTC)  # 10:00 WITA
AFTER = datetime(2024, 10, 15, 16, 0, tzinfo=UTC)  # midnight WITA
ADDRESS = "203.0.113.7"


@pytest.fixture
def door(db, event):
    return event.doors[0]


def test_pass_expires_at_end_of_event_day_in_its_zone(event):
    assert pass_expires_at(event) == AFTER


def test_pass_expires_at_event_end_when_set(db, event):
    event.ends_at = datetime(2024, 10, 15, 9, 30, tzinfo=UTC)
    assert pass_expires_at(event) == datetime(2024, 10, 15, 9, 30, tzinfo=UTC)


def test_pass_status_none_before_issue(door):
    assert pass_status(door, now=DURING) == STATUS_NONE


def test_issue_pass_gives_six_digit_pin_stored_hashed(db, door):
    issued = issue_pass(db, door, now=DURING)
    assert len(issued.pin) == 6 and issued.pin.isdigit()
    assert len(issued.secret) >= 32
    assert door.pass_pin_hash and issued.pin not in door.pass_pin_hash
    assert issued.expires_at == AFTER
    assert pass_status(door, now=DURING) == STATUS_ACTIVE


def test_issue_pass_refused_after_event_end(db, door):
    with pytest.raises(DoorPassExpired):
        issue_pass(db, door, now=AFTER)


def test_sign_in_with_right_pin_returns_hidden_door_account_of_event(db, door):
    issued = issue_pass(db, door, now=DURING)
    user = sign_in_with_pass(db, issued.secret, issued.pin, address=ADDRESS, now=DURING)
    assert user.role == ROLE_DOOR
    assert user.door_id == door.id and user.event_id == door.event_id
    assert user.password_hash is None
    assert account_is_usable(db, user, now=DURING)


def test_sign_in_twice_uses_the_same_account(db, door):
    issued = issue_pass(db, door, now=DURING)
    first = sign_in_with_pass(db, issued.secret, issued.pin, address=ADDRESS, now=DURING)
    second = sign_in_with_pass(db, issued.secret, f" {issued.pin} ", address=ADDRESS, now=DURING)
    assert first.id == second.id


@pytest.mark.parametrize("pin", ["", "000000x", "12345", "1234567"])
def test_sign_in_with_wrong_pin_raises(db, door, pin):
    issued = issue_pass(db, door, now=DURING)
    wrong = pin or ("111111" if issued.pin != "111111" else "222222")
    with pytest.raises(WrongPin):
        sign_in_with_pass(db, issued.secret, wrong, address=ADDRESS, now=DURING)
    assert db.scalar(select(User).where(User.door_id == door.id)) is None


def test_unknown_pass_secret_is_invalid(db, door):
    issue_pass(db, door, now=DURING)
    with pytest.raises(DoorPassInvalid):
        door_for_pass(db, "not-a-pass", now=DURING)


def test_revoke_pass_stops_link_and_account_at_once(db, door):
    issued = issue_pass(db, door, now=DURING)
    user = sign_in_with_pass(db, issued.secret, issued.pin, address=ADDRESS, now=DURING)
    revoke_pass(db, door, now=DURING)
    assert pass_status(door, now=DURING) == STATUS_REVOKED
    assert not account_is_usable(db, user, now=DURING)
    db.refresh(user)
    assert not user.is_active
    with pytest.raises(DoorPassInvalid):
        sign_in_with_pass(db, issued.secret, issued.pin, address=ADDRESS, now=DURING)


def test_reissue_disables_previous_link_pin_and_account(db, door):
    old = issue_pass(db, door, now=DURING)
    old_user = sign_in_with_pass(db, old.secret, old.pin, address=ADDRESS, now=DURING)
    new = issue_pass(db, door, now=DURING + timedelta(minutes=5))
    assert new.secret != old.secret
    db.refresh(old_user)
    assert not old_user.is_active
    with pytest.raises(DoorPassInvalid):
        door_for_pass(db, old.secret, now=DURING)
    new_user = sign_in_with_pass(db, new.secret, new.pin, address=ADDRESS, now=DURING)
    assert new_user.id != old_user.id
    assert account_is_usable(db, new_user, now=DURING)


def test_pass_and_account_expire_with_the_event(db, door):
    issued = issue_pass(db, door, now=DURING)
    user = sign_in_with_pass(db, issued.secret, issued.pin, address=ADDRESS, now=DURING)
    assert pass_status(door, now=AFTER) == STATUS_EXPIRED
    assert not account_is_usable(db, user, now=AFTER)
    with pytest.raises(DoorPassExpired):
        sign_in_with_pass(db, issued.secret, issued.pin, address=ADDRESS, now=AFTER)


def test_ordinary_accounts_are_always_usable_and_unscoped(db, event, make_user):
    user = make_user("petugas", ROLE_DOOR)
    assert account_is_usable(db, user, now=AFTER)
    assert may_access_event(user, event)


def test_door_account_may_access_its_event_only(db, door):
    other = create_event(db, "acara-lain", name="Acara Lain")
    issued = issue_pass(db, door, now=DURING)
    user = sign_in_with_pass(db, issued.secret, issued.pin, address=ADDRESS, now=DURING)
    assert may_access_event(user, door.event)
    assert not may_access_event(user, other)
