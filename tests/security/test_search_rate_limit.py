"""Every delegate search is rate-limited per account, so no account can walk the list.

The limit follows the account (a person, a door pass, the owner of any number of tokens),
not the address: other accounts behind the same hotel wifi keep searching.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from checkin.accounts import create_token, issue_pass
from tests.conftest import PASSWORD

SEARCH = "/api/events/rakor-ormas-2024/delegates/search?q=peserta"
ADMIN_LIST = "/e/rakor-ormas-2024/admin/delegates?q=peserta"
LIMIT = 3


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True, "SEARCH_RATE_LIMIT": f"{LIMIT} per minute"}


@pytest.fixture
def signed_in(app, make_user):
    """A new test client signed in as a new account of this role."""

    def sign_in(username: str, role: str = "door"):
        make_user(username, role)
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": PASSWORD})
        assert response.status_code == 302
        return client

    return sign_in


def _statuses(get, n: int) -> list[int]:
    return [get().status_code for _ in range(n)]


def test_search_past_the_limit_is_429_json_for_that_account_only(signed_in, event):
    first, second = signed_in("pintu-satu"), signed_in("pintu-dua")
    assert _statuses(lambda: first.get(SEARCH), LIMIT) == [200] * LIMIT
    refused = first.get(SEARCH)
    assert refused.status_code == 429
    body = refused.get_json()
    assert body["error"] == "rate_limited" and body["message"]
    assert second.get(SEARCH).status_code == 200


def test_door_pass_search_is_rate_limited(app, db, event):
    event.starts_at = datetime.now(UTC) - timedelta(hours=1)
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    issued = issue_pass(db, event.doors[0])
    db.commit()
    phone = app.test_client()
    assert phone.post(f"/door/{issued.secret}", data={"pin": issued.pin}).status_code == 302
    assert _statuses(lambda: phone.get(SEARCH), LIMIT + 1) == [200] * LIMIT + [429]


def test_tokens_of_one_account_share_its_search_limit(app, db, event, make_user):
    make_user("skrip-a", "door")
    make_user("skrip-b", "door")
    tokens = [create_token(db, "skrip-a"), create_token(db, "skrip-a"), create_token(db, "skrip-b")]
    db.commit()
    api = app.test_client()

    def get(token: str):
        return api.get(SEARCH, headers={"Authorization": f"Bearer {token}"})

    assert _statuses(lambda: get(tokens[0]), LIMIT) == [200] * LIMIT
    refused = get(tokens[1])
    assert refused.status_code == 429 and refused.get_json()["error"] == "rate_limited"
    assert get(tokens[2]).status_code == 200


def test_organiser_searches_share_the_same_limit(signed_in, event):
    organiser = signed_in("panitia", "admin")
    assert organiser.get(ADMIN_LIST).status_code == 200
    assert _statuses(lambda: organiser.get(SEARCH), LIMIT - 1) == [200] * (LIMIT - 1)
    assert organiser.get(ADMIN_LIST).status_code == 429
    assert organiser.get(SEARCH).status_code == 429


def test_scan_log_search_draws_on_the_same_budget(signed_in, event):
    organiser = signed_in("panitia-cari", "admin")
    assert _statuses(lambda: organiser.get(ADMIN_LIST), LIMIT - 1) == [200] * (LIMIT - 1)
    assert organiser.get("/e/rakor-ormas-2024/admin/scans?q=peserta").status_code == 200
    assert organiser.get("/e/rakor-ormas-2024/admin/scans?q=peserta").status_code == 429
