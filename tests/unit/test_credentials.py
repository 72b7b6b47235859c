"""What authenticated a live stream still holds, or no longer (issue 11, item 10): the one
check (accounts/credentials.py) that open streams repeat every few seconds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from checkin.accounts import (
    Credential,
    create_token,
    credential_is_valid,
    end_session,
    issue_pass,
    revoke_pass,
    revoke_share_link,
    revoke_token,
    set_active,
    sign_in_with_pass,
    start_session,
)
from checkin.events import create_event
from checkin.models import ApiToken
from tests.conftest import open_share_link

LIVE = ("admin", "viewer")
# The event fixture starts 2024-10-15 08:00 WITA and has no end time.
DURING = datetime(2024, 10, 15, 2, 0, tzinfo=UTC)
AFTER = datetime(2024, 10, 15, 16, 0, tzinfo=UTC)


def link_credential(db, event) -> Credential:
    link, _token = open_share_link(db, event, label="Proyektor")
    db.commit()
    return Credential(event_id=event.id, share_link_id=link.id)


def token_id_of(db, username: str) -> int:
    return db.scalar(select(ApiToken.id).where(ApiToken.user.has(username=username)))


def test_share_link_credential_holds_until_the_link_is_revoked(db, event):
    credential = link_credential(db, event)
    assert credential_is_valid(db, credential)

    revoke_share_link(db, event, credential.share_link_id, by=None)
    db.commit()

    assert not credential_is_valid(db, credential)


def test_share_link_credential_is_only_for_its_event(db, event):
    credential = link_credential(db, event)
    other = create_event(db, "acara-lain", name="Acara lain")
    db.commit()
    moved = Credential(event_id=other.id, share_link_id=credential.share_link_id)
    assert not credential_is_valid(db, moved)


def test_browser_credential_ends_when_its_session_ends(db, event, make_user):
    viewer = make_user("layar", "viewer")
    credential = browser_credential(db, event, viewer, roles=LIVE)
    assert credential_is_valid(db, credential)

    end_session(db, credential.session_id)
    db.commit()

    assert not credential_is_valid(db, credential)
    # A credential of an account without a session or token holds nothing.
    assert not credential_is_valid(db, Credential(event_id=event.id, user_id=viewer.id))


def test_unknown_share_link_or_event_does_not_hold(db, event):
    assert not credential_is_valid(db, Credential(event_id=event.id, share_link_id=999_999))
    assert not credential_is_valid(db, Credential(event_id=999_999, share_link_id=1))
    assert not credential_is_valid(db, Credential(event_id=event.id))


def browser_credential(db, event, user, **fields) -> Credential:
    """The credential of a stream a browser opened: the account and its login session."""
    session_id = start_session(db, user, now=fields.pop("now", None))
    db.commit()
    return Credential(event_id=event.id, user_id=user.id, session_id=session_id, **fields)


def test_account_credential_holds_until_the_account_is_deactivated(db, event, make_user):
    viewer = make_user("layar", "viewer")
    credential = browser_credential(db, event, viewer, roles=LIVE)
    assert credential_is_valid(db, credential)

    set_active(db, viewer.id, False, by=None)
    db.commit()

    assert not credential_is_valid(db, credential)


def test_account_credential_ends_when_its_role_no_longer_may(db, event, make_user):
    viewer = make_user("layar", "viewer")
    credential = browser_credential(db, event, viewer, roles=LIVE)

    viewer.role = "door"
    db.commit()

    assert not credential_is_valid(db, credential)


def test_token_credential_holds_until_the_token_is_revoked(db, event, make_user):
    viewer = make_user("layar", "viewer")
    create_token(db, "layar")
    db.commit()
    token_id = token_id_of(db, "layar")
    credential = Credential(event_id=event.id, user_id=viewer.id, token_id=token_id, roles=LIVE)
    assert credential_is_valid(db, credential)

    revoke_token(db, token_id)
    db.commit()

    assert not credential_is_valid(db, credential)
    # The account itself (its browser sessions) still holds.
    assert credential_is_valid(db, browser_credential(db, event, viewer, roles=LIVE))


def test_token_credential_of_another_account_does_not_hold(db, event, make_user):
    make_user("layar", "viewer")
    other = make_user("layar-2", "viewer")
    create_token(db, "layar")
    db.commit()
    credential = Credential(
        event_id=event.id, user_id=other.id, token_id=token_id_of(db, "layar"), roles=LIVE
    )
    assert not credential_is_valid(db, credential)


@pytest.mark.parametrize("change", ["revoke", "reissue", "event over"])
def test_door_pass_credential_ends_with_its_pass(db, event, change):
    door = event.doors[0]
    issued = issue_pass(db, door, now=DURING)
    account = sign_in_with_pass(db, issued.secret, issued.pin, address="192.0.2.10", now=DURING)
    db.commit()
    credential = browser_credential(db, event, account, now=DURING)
    assert credential_is_valid(db, credential, now=DURING)

    if change == "revoke":
        revoke_pass(db, door, now=DURING)
    elif change == "reissue":
        issue_pass(db, door, now=DURING)
    db.commit()

    assert not credential_is_valid(db, credential, now=AFTER if change == "event over" else DURING)


def test_door_pass_credential_is_only_for_its_event(db, event):
    issued = issue_pass(db, event.doors[0], now=DURING)
    account = sign_in_with_pass(db, issued.secret, issued.pin, address="192.0.2.10", now=DURING)
    other = create_event(db, "acara-lain", name="Acara lain")
    db.commit()
    assert not credential_is_valid(db, browser_credential(db, other, account), now=DURING)
