"""Which events and delegates an account may work on (accounts.scope): one rule for all."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from checkin.accounts import (
    accessible_events,
    create_account,
    create_user,
    event_for_account,
    is_limited,
    limit_to_events,
    may_access_delegate,
    may_access_event,
    set_account_events,
)
from checkin.errors import CheckinError, EventNotFound, InvalidInput
from checkin.events import create_event
from checkin.models import ROLE_ADMIN, ROLE_DOOR, ROLE_LIAISON, ROLE_VIEWER, UserEvent
from tests.conftest import PASSWORD

SAMARINDA, BALIKPAPAN = 10, 8


@pytest.fixture
def other(db):
    event = create_event(db, "acara-lain", name="Acara Lain")
    db.commit()
    return event


def test_people_accounts_may_work_on_every_event(db, event, other, make_user):
    for role in (ROLE_ADMIN, ROLE_VIEWER):
        user = make_user(f"{role}-akun", role)
        assert may_access_event(user, event) and may_access_event(user, other)


def test_liaison_may_work_on_the_event_of_their_region_only(db, event, other):
    user = create_account(
        db, "penghubung", role=ROLE_LIAISON, password=PASSWORD,
        region_id=event.regions[SAMARINDA].id,
    )  # fmt: skip
    assert may_access_event(user, event)
    assert not may_access_event(user, other)


def test_liaison_is_judged_by_their_region_even_without_an_event_scope(db, event, other, make_user):
    user = make_user("penghubung", ROLE_LIAISON, region_id=other.regions[SAMARINDA].id)
    assert user.event_id is None
    assert not may_access_event(user, event)
    assert may_access_event(user, other)


def test_liaison_without_a_region_may_work_on_no_event(db, event, make_user):
    assert not may_access_event(make_user("penghubung", ROLE_LIAISON), event)


def test_liaison_sees_only_their_regions_delegates(event, make_delegate, make_user):
    user = make_user("penghubung", ROLE_LIAISON, region_id=event.regions[SAMARINDA].id)
    own = make_delegate(region=event.regions[SAMARINDA])
    stranger = make_delegate(region=event.regions[BALIKPAPAN])
    assert may_access_delegate(user, own)
    assert not may_access_delegate(user, stranger)


def test_other_accounts_see_every_delegate_of_the_event(event, make_delegate, make_user):
    user = make_user("panitia", ROLE_ADMIN, region_id=event.regions[SAMARINDA].id)
    assert may_access_delegate(user, make_delegate(region=event.regions[BALIKPAPAN]))


# --- accounts limited to events (security issue 11, item 13) -----------------------------


def test_account_limited_to_events_may_work_on_those_only(db, event, other):
    third = create_event(db, "acara-ketiga", name="Acara Ketiga")
    user = create_user(db, "layar", role=ROLE_VIEWER, password=PASSWORD, events=[other, third])
    db.commit()
    assert user.scoped_event_ids == {other.id, third.id}
    assert not may_access_event(user, event)
    assert may_access_event(user, other) and may_access_event(user, third)


def test_door_pass_account_may_work_on_its_event_only(db, event, other, make_user):
    user = make_user("pass", ROLE_DOOR, door_id=event.doors[0].id, event_id=event.id)
    assert may_access_event(user, event) and not may_access_event(user, other)
    assert is_limited(user)


def test_limited_liaison_needs_both_their_region_and_the_limit(db, event, other):
    user = create_account(
        db, "penghubung", role=ROLE_LIAISON, password=PASSWORD,
        region_id=event.regions[SAMARINDA].id, event_ids=[event.id],
    )  # fmt: skip
    assert may_access_event(user, event) and not may_access_event(user, other)
    with pytest.raises(InvalidInput, match="acara wilayahnya"):
        limit_to_events(user, [other])


def test_only_accounts_without_any_limit_are_unlimited(db, event, make_user):
    assert not is_limited(make_user("panitia", ROLE_ADMIN))
    assert is_limited(make_user("panitia-rakor", ROLE_ADMIN, scoped_events=[event]))
    assert is_limited(make_user("penghubung", ROLE_LIAISON))


def test_accessible_events_are_those_the_rule_allows(db, event, other, make_user):
    everyone = make_user("panitia", ROLE_ADMIN)
    limited = make_user("layar", ROLE_VIEWER, scoped_events=[other])
    liaison = make_user("penghubung", ROLE_LIAISON, region_id=event.regions[SAMARINDA].id)
    assert {e.slug for e in accessible_events(db, everyone)} == {event.slug, other.slug}
    assert [e.slug for e in accessible_events(db, limited)] == [other.slug]
    assert [e.slug for e in accessible_events(db, liaison)] == [event.slug]


def test_another_event_is_not_found_exactly_as_an_unknown_one(db, event, other, make_user):
    user = make_user("layar", ROLE_VIEWER, scoped_events=[other])
    assert event_for_account(db, user, other.slug) is other
    with pytest.raises(EventNotFound) as foreign:
        event_for_account(db, user, event.slug)
    with pytest.raises(EventNotFound) as unknown:
        event_for_account(db, user, "tidak-ada")
    assert foreign.value.message.replace(event.slug, "?") == unknown.value.message.replace(
        "tidak-ada", "?"
    )


def test_organiser_sets_and_lifts_an_accounts_events(db, event, other, make_user):
    admin = make_user("panitia", ROLE_ADMIN)
    user = make_user("layar", ROLE_VIEWER)
    set_account_events(db, user.id, [other.id, other.id], by=admin.id)
    assert user.scoped_event_ids == {other.id}
    set_account_events(db, user.id, [], by=admin.id)
    assert user.scoped_event_ids == frozenset() and may_access_event(user, event)


@pytest.mark.parametrize("problem", ["own", "unknown", "door_pass"])
def test_setting_events_refuses_what_cannot_be_limited(db, event, make_user, problem):
    admin = make_user("panitia", ROLE_ADMIN)
    target = {
        "own": admin,
        "unknown": make_user("layar", ROLE_VIEWER),
        "door_pass": make_user("pass", ROLE_DOOR, door_id=event.doors[0].id, event_id=event.id),
    }[problem]
    ids = [999_999] if problem == "unknown" else [event.id]
    with pytest.raises(CheckinError):
        set_account_events(db, target.id, ids, by=admin.id)
    assert target.scoped_event_ids == frozenset()


def test_an_accounts_limit_goes_with_the_account(db, event, make_user):
    user = make_user("layar", ROLE_VIEWER, scoped_events=[event])
    db.delete(user)
    db.commit()
    assert db.scalar(select(func.count()).select_from(UserEvent)) == 0
