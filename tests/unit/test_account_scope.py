"""Which events and delegates an account may work on (accounts.scope): one rule for all."""

from __future__ import annotations

import pytest

from checkin.accounts import create_account, may_access_delegate, may_access_event
from checkin.events import create_event
from checkin.models import ROLE_ADMIN, ROLE_LIAISON, ROLE_VIEWER
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
