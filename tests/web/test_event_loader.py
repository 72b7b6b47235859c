"""The one loader of "the event (and delegate) this account may use": web.access.event_view.

Every route with <slug> goes through it, so an unknown event, an event the account is
scoped away from and another event's delegate get the same answer on every page and API.
"""

from __future__ import annotations

import io
import re

import pytest

from checkin import create_app
from checkin.events import create_event
from checkin.invitations import new_secret
from checkin.models import Delegate

APP = create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
#: (endpoint, rule, method) of every route that takes an event slug.
EVENT_ROUTES = sorted(
    (
        rule.endpoint,
        rule.rule,
        "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0],
    )
    for rule in APP.url_map.iter_rules()
    if "<slug>" in rule.rule
)
DELEGATE_ROUTES = [route for route in EVENT_ROUTES if "<int:delegate_id>" in route[1]]


def _url(rule: str, **values: object) -> str:
    defaults = {"door_id": 1, "region_id": 1, "link_id": 1, "scan_id": 1, "delegate_id": 1}
    filled = {**defaults, "kind": "png", "fmt": "csv", **values}
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(filled[m.group(1)]), rule)


def _role_of(endpoint: str) -> str:
    return APP.view_functions[endpoint].allowed_roles[0]


def _other_events_delegate(db) -> Delegate:
    other = create_event(db, "acara-lain", name="Acara Lain")
    db.flush()
    region = other.regions[1]
    delegate = Delegate(
        event_id=other.id,
        region_id=region.id,
        name="Peserta Lain",
        ormas="Ormas Lain",
        level=region.level,
        secret=new_secret(),
        match_key="peserta lain|ormas lain",
        search_text="peserta lain ormas lain",
    )
    db.add(delegate)
    db.commit()
    return delegate


def test_every_route_with_a_slug_goes_through_the_loader():
    skipped = [
        endpoint
        for endpoint, _rule, _method in EVENT_ROUTES
        if not getattr(APP.view_functions[endpoint], "loads_event", False)
    ]
    assert EVENT_ROUTES and skipped == []


def test_only_routes_with_a_slug_use_the_loader():
    with_slug = {endpoint for endpoint, _rule, _method in EVENT_ROUTES}
    marked = {e for e, view in APP.view_functions.items() if getattr(view, "loads_event", False)}
    assert marked == with_slug


@pytest.mark.parametrize(
    ("endpoint", "rule", "method"), EVENT_ROUTES, ids=[r[0] for r in EVENT_ROUTES]
)
def test_unknown_event_is_404_on_every_route(client, login, event, endpoint, rule, method):
    login(_role_of(endpoint))
    response = client.open(_url(rule, slug="tidak-ada"), method=method, json={})
    assert response.status_code == 404
    if rule.startswith("/api/"):
        assert response.get_json()["error"] == "event_not_found"


@pytest.mark.parametrize(
    ("endpoint", "rule", "method"), DELEGATE_ROUTES, ids=[r[0] for r in DELEGATE_ROUTES]
)
def test_another_events_delegate_is_404_on_every_route(
    client, db, login, event, endpoint, rule, method
):
    stranger = _other_events_delegate(db)
    role = _role_of(endpoint)
    login(role, **({"region_id": event.regions[1].id} if role == "liaison" else {}))
    url = _url(rule, slug=event.slug, delegate_id=stranger.id)
    response = client.open(url, method=method, json={"reason": "Salah orang"})
    assert response.status_code == 404, url
    if rule.startswith("/api/"):
        assert response.get_json()["error"] == "delegate_not_found"


SCOPED_ROUTES = [
    ("door", "GET", "/e/{slug}/scan"),
    ("door", "GET", "/e/{slug}/manifest.webmanifest"),
    ("door", "POST", "/api/events/{slug}/checkins"),
    ("door", "GET", "/api/events/{slug}/delegates/search?q=Peserta"),
    ("door", "GET", "/api/events/{slug}/roster"),
    ("admin", "GET", "/e/{slug}/admin/"),
    ("admin", "GET", "/e/{slug}/admin/invitations"),
    ("admin", "GET", "/e/{slug}/live"),
    ("admin", "GET", "/api/events/{slug}/stats"),
]


@pytest.mark.parametrize(("role", "method", "path"), SCOPED_ROUTES)
def test_account_of_another_event_gets_what_an_unknown_slug_gets_everywhere(
    client, db, login, event, role, method, path
):
    other = create_event(db, "acara-lain", name="Acara Lain")
    db.commit()
    login(role, event_id=other.id)
    body = {"code": "x", "gate": "Pintu Utama"}
    foreign = client.open(path.format(slug=event.slug), method=method, json=body)
    unknown = client.open(path.format(slug="tidak-ada"), method=method, json=body)
    assert foreign.status_code == unknown.status_code == 404
    text = foreign.get_data(as_text=True)
    assert text.replace(event.slug, "?") == unknown.get_data(as_text=True).replace("tidak-ada", "?")
    assert event.name not in text
    if path.startswith("/api/"):
        assert foreign.get_json()["error"] == "event_not_found"


def _oversized_upload(client, app, event):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    # As in production: the CSRF check reads the form, so the 413 comes before the view.
    app.config["WTF_CSRF_ENABLED"] = True
    return client.post(
        f"/e/{event.slug}/admin/import",
        data={"file": (io.BytesIO(b"x" * 5000), "peserta.csv")},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize("who", ["anonymous", "door", "viewer"])
def test_too_large_upload_shows_no_event_page_to_others(client, app, login, event, who):
    if who != "anonymous":
        login(who)
    response = _oversized_upload(client, app, event)
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert event.name not in page and "terlalu besar" in page


def test_too_large_upload_before_the_view_still_shows_the_organiser_the_upload_page(
    client, app, login, event
):
    login("admin")
    response = _oversized_upload(client, app, event)
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert event.name in page and "terlalu besar" in page
