"""Accounts limited to events (security issue 11, item 13), through the public surface.

Two events on one install. An account limited to one of them (by `checkin create-user
--event SLUG` or on the organiser's account page) sees only that event on the home page and
gets, on every page and API of the other, exactly the answer an unknown slug gets: so it can
neither use the other event nor learn that it exists. Door passes and liaisons see only
their event; an unlimited account keeps working on both.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from checkin.accounts import issue_pass
from checkin.events import create_event
from checkin.events.identity import match_key_for, search_text_for
from checkin.invitations import new_secret
from checkin.models import Delegate, User
from tests.conftest import CSRF_TOKEN, PASSWORD

UNKNOWN = "tidak-ada"


@pytest.fixture
def other(db):
    """A second event on the same install, with a delegate."""
    event = create_event(db, "musda-ormas-2025", name="Musyawarah Daerah Ormas 2025")
    db.commit()
    return event


@pytest.fixture
def both(event, other, make_delegate, db):
    """The two events, each with one delegate, the event first."""
    make_delegate(name="Peserta Rakor")
    region = other.regions[1]
    db.add(
        Delegate(
            event_id=other.id,
            region_id=region.id,
            name="Peserta Musda",
            ormas="Ormas Musda",
            level=region.level,
            secret=new_secret(),
            match_key=match_key_for("Peserta Musda", "Ormas Musda", region.name),
            search_text=search_text_for(
                name="Peserta Musda", ormas="Ormas Musda", position=None, region_name=region.name
            ),
        )
    )
    db.commit()
    return event, other


def _cli_user(runner, name: str, role: str, *slugs: str):
    args = ["create-user", name, "--role", role, "--password", PASSWORD]
    for slug in slugs:
        args += ["--event", slug]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    return result


def _signed_in(app, name: str):
    client = app.test_client()
    response = client.post("/login", data={"username": name, "password": PASSWORD})
    assert response.status_code == 302, response.data
    return client


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


#: What each role may open on an event: pages, statistics, the stream, search, check-in
#: and exports. (method, path with {slug}, JSON body)
SURFACE = {
    "door": [
        ("GET", "/e/{slug}/scan", None),
        ("GET", "/e/{slug}/manifest.webmanifest", None),
        ("GET", "/api/events/{slug}/roster", None),
        ("GET", "/api/events/{slug}/delegates/search?q=Peserta", None),
        ("POST", "/api/events/{slug}/checkins", {"code": "x", "gate": "Pintu Utama"}),
        ("POST", "/api/events/{slug}/checkins/batch", {"scans": []}),
    ],
    "viewer": [
        ("GET", "/e/{slug}/live", None),
        ("GET", "/e/{slug}/welcome", None),
        ("GET", "/api/events/{slug}/stats", None),
        ("GET", "/api/events/{slug}/stats/stream", None),
    ],
    "admin": [
        ("GET", "/e/{slug}/admin/", None),
        ("GET", "/e/{slug}/admin/delegates?q=Peserta", None),
        ("GET", "/e/{slug}/admin/invitations", None),
        ("GET", "/e/{slug}/admin/reports/attendance.csv", None),
        ("GET", "/e/{slug}/admin/reports/attendance.xlsx", None),
        ("POST", "/e/{slug}/admin/invitations/export.csv", None),
        ("GET", "/e/{slug}/admin/door-passes", None),
        ("GET", "/e/{slug}/admin/scans", None),
        ("GET", "/e/{slug}/admin/audit", None),
        ("GET", "/e/{slug}/live", None),
        ("GET", "/api/events/{slug}/stats", None),
        ("GET", "/api/events/{slug}/stats/stream", None),
        ("GET", "/api/events/{slug}/delegates/search?q=Peserta", None),
        ("POST", "/api/events/{slug}/checkins", {"code": "x", "gate": "Pintu Utama"}),
    ],
}
CASES = [(role, *request) for role, requests in SURFACE.items() for request in requests]


def _answer(client, method: str, path: str, body, slug: str, **kwargs) -> tuple[int, str]:
    """The status and the body (the slug written as SLUG) of one request."""
    response = client.open(path.format(slug=slug), method=method, json=body, **kwargs)
    status, text = response.status_code, response.get_data(as_text=True)
    # A page's form token carries the second it was made: two pages differ only by it.
    return status, CSRF_TOKEN.sub("", text.replace(slug, "SLUG"))


def _status(client, method: str, path: str, body, slug: str) -> int:
    """The status alone, without reading the body (a live stream would not end)."""
    response = client.open(path.format(slug=slug), method=method, json=body, buffered=False)
    response.close()
    return response.status_code


@pytest.mark.parametrize("role", ["door", "viewer", "admin"])
def test_account_limited_by_cli_sees_only_its_event_on_the_home_page(app, runner, both, role):
    event, other = both
    _cli_user(runner, "terbatas", role, other.slug)
    page = _home(_signed_in(app, "terbatas"))
    assert other.name in page and event.name not in page
    assert event.slug not in page


@pytest.mark.parametrize("role", ["door", "viewer", "admin"])
def test_account_limited_on_the_admin_page_sees_only_its_event(app, client, login, db, both, role):
    event, other = both
    login("admin")
    data = {"username": "terbatas", "role": role, "password": PASSWORD, "region_id": "0"}
    response = client.post("/admin/users", data={**data, "event_ids": [str(other.id)]})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = _home(_signed_in(app, "terbatas"))
    assert other.name in page and event.name not in page


@pytest.mark.parametrize(("role", "method", "path", "body"), CASES)
def test_limited_account_gets_on_another_event_what_an_unknown_slug_gets(
    app, runner, both, role, method, path, body
):
    event, other = both
    _cli_user(runner, "terbatas", role, other.slug)
    client = _signed_in(app, "terbatas")
    foreign = _answer(client, method, path, body, event.slug)
    unknown = _answer(client, method, path, body, UNKNOWN)
    assert foreign[0] == 404
    assert foreign == unknown
    assert event.name not in foreign[1]
    assert _status(client, method, path, body, other.slug) not in (401, 403, 404, 500)


@pytest.mark.parametrize("role", ["door", "viewer", "admin"])
def test_unlimited_account_works_on_both_events(app, runner, both, role):
    event, other = both
    _cli_user(runner, "semua", role)
    client = _signed_in(app, "semua")
    page = _home(client)
    assert event.name in page and other.name in page
    for method, path, body in SURFACE[role][:3]:
        for slug in (event.slug, other.slug):
            assert _status(client, method, path, body, slug) == 200, (path, slug)


def test_limited_api_token_is_limited_too(app, runner, both):
    event, other = both
    _cli_user(runner, "alat-pintu", "door", other.slug)
    result = runner.invoke(args=["create-token", "alat-pintu"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    search = "/api/events/{slug}/delegates/search?q=Peserta"
    foreign = _answer(client, "GET", search, None, event.slug, headers=headers)
    assert foreign[0] == 404
    assert foreign == _answer(client, "GET", search, None, UNKNOWN, headers=headers)
    own = client.get(search.format(slug=other.slug), headers=headers)
    assert own.status_code == 200 and "Peserta Musda" in own.get_data(as_text=True)


def test_door_pass_home_page_lists_only_its_event(app, db, both):
    event, other = both
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    db.commit()
    issued = issue_pass(db, event.doors[0])
    db.commit()
    client = app.test_client()
    assert client.post(f"/door/{issued.secret}", data={"pin": issued.pin}).status_code == 302
    page = _home(client)
    assert event.name in page and other.name not in page and other.slug not in page
    path = "/api/events/{slug}/roster"
    foreign = _answer(client, "GET", path, None, other.slug)
    assert foreign[0] == 404 and foreign == _answer(client, "GET", path, None, UNKNOWN)


def test_liaison_sees_only_its_event(app, client, login, both):
    event, other = both
    login("liaison", region_id=other.regions[1].id, event_id=other.id)
    page = _home(client)
    assert other.name in page and event.name not in page
    path = "/e/{slug}/liaison/"
    assert client.get(path.format(slug=other.slug)).status_code == 200
    foreign = _answer(client, "GET", path, None, event.slug)
    assert foreign[0] == 404 and foreign == _answer(client, "GET", path, None, UNKNOWN)


def test_limited_door_scanning_another_events_invitation_learns_nothing(app, runner, db, both):
    event, other = both
    _cli_user(runner, "terbatas", "door", other.slug)
    client = _signed_in(app, "terbatas")
    stranger = db.scalar(select(Delegate).where(Delegate.event_id == event.id))
    response = client.post(
        f"/api/events/{other.slug}/checkins", json={"code": stranger.secret, "gate": "Pintu Utama"}
    )
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["result"] == "unknown_code"
    assert stranger.name not in response.get_data(as_text=True)
    assert event.name not in response.get_data(as_text=True)


def test_limited_admin_is_refused_the_pages_of_the_whole_install(app, runner, both):
    event, other = both
    _cli_user(runner, "panitia-musda", "admin", other.slug)
    client = _signed_in(app, "panitia-musda")
    page = _home(client)
    assert 'href="/admin/users"' not in page and 'href="/admin/events/new"' not in page
    events_page = client.get("/admin/events").get_data(as_text=True)
    assert other.name in events_page and event.name not in events_page
    assert 'href="/admin/users"' not in events_page
    for method, path in [
        ("GET", "/admin/users"),
        ("POST", "/admin/users"),
        ("GET", "/admin/events/new"),
        ("POST", "/admin/events/new"),
        ("POST", "/admin/users/1/events"),
        ("POST", "/admin/users/1/active"),
        ("POST", "/admin/users/1/tokens"),
        ("POST", "/admin/tokens/1/revoke"),
    ]:
        response = client.open(path, method=method, data={"slug": "baru", "name": "Baru"})
        assert response.status_code == 403, path
        assert event.name not in response.get_data(as_text=True)
    assert client.get(f"/e/{other.slug}/admin/").status_code == 200


def test_organiser_limits_an_open_session_at_once_and_can_lift_the_limit(
    app, client, login, db, make_user, both
):
    event, other = both
    viewer = _signed_in(app, make_user("layar-1", "viewer").username)
    assert viewer.get(f"/e/{event.slug}/live").status_code == 200
    login("admin")
    user_id = db.scalar(select(User.id).where(User.username == "layar-1"))
    db.commit()  # end the read, so the app may write
    response = client.post(f"/admin/users/{user_id}/events", data={"event_ids": [str(other.id)]})
    assert response.status_code == 302
    accounts_page = client.get("/admin/users").get_data(as_text=True)
    assert re.search(r"layar-1.*?Musyawarah Daerah Ormas 2025", accounts_page, re.S)
    assert viewer.get(f"/e/{event.slug}/live").status_code == 404
    assert viewer.get(f"/e/{other.slug}/live").status_code == 200
    assert client.post(f"/admin/users/{user_id}/events", data={}).status_code == 302
    assert viewer.get(f"/e/{event.slug}/live").status_code == 200


def test_share_link_does_not_tell_which_events_exist(client, both):
    event, _other = both
    for path in ("/e/{slug}/live?share=bukan-token", "/api/events/{slug}/stats?share=x"):
        known = _answer(client, "GET", path, None, event.slug)
        assert known == _answer(client, "GET", path, None, UNKNOWN)
