"""Every route × every role and anonymous gets exactly what it should.

Each route of the app must be listed in ACCESS below: a new route fails this test until it
is classified, so nothing ships with an access rule nobody decided on.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta

import pytest

from checkin import create_app
from checkin.accounts import create_share_link, create_token, create_user
from checkin.db import database
from checkin.events import create_event
from checkin.invitations import new_secret
from checkin.models import Delegate, Scan
from tests.conftest import PASSWORD

ADMIN = ("admin",)
DOOR = ("admin", "door")
VIEW = ("admin", "viewer")
LIAISON = ("liaison",)
SIGNED_IN = ("admin", "door", "viewer", "liaison")
PUBLIC = "public"
ROLES = ("admin", "door", "viewer", "liaison")

#: endpoint -> the roles that may use it (or PUBLIC: no sign-in needed).
ACCESS: dict[str, tuple[str, ...] | str] = {
    "static": PUBLIC,
    "auth.login": PUBLIC,
    "auth.set_language": PUBLIC,
    "auth.index": SIGNED_IN,
    "auth.logout": SIGNED_IN,
    # one's own password: every person's account (a door pass has none: 403)
    "account.password": SIGNED_IN,
    "invite.page": PUBLIC,
    "invite.confirm": PUBLIC,
    "invite.qr_png_image": PUBLIC,
    "invite.qr_svg_image": PUBLIC,
    "door.pass_signin": PUBLIC,
    "offline.icon": PUBLIC,
    "offline.service_worker": PUBLIC,
    # door work
    "door.scan": DOOR,
    "offline.manifest": DOOR,
    "api.create_checkin": DOOR,
    "api.create_checkin_batch": DOOR,
    "api.create_manual_checkin": DOOR,
    "api.search_door_delegates": DOOR,
    "api.roster": DOOR,
    "api.create_walkin": DOOR,
    # screens
    "live.live": VIEW,
    "live.welcome": VIEW,
    "api.stats": VIEW,
    "api.stats_stream": VIEW,
    # regional liaisons
    "liaison.region": LIAISON,
    "liaison.cards_pdf": LIAISON,
    "liaison.delegate_sent": LIAISON,
    "liaison.links_csv": LIAISON,
    "liaison.whatsapp": LIAISON,
    "liaison.whatsapp_sent": LIAISON,
    # the organiser's account pages (also refused to organisers limited to some events)
    "users.users": ADMIN,
    "users.user_active": ADMIN,
    "users.user_events": ADMIN,
    "users.user_name": ADMIN,
    "users.token_new": ADMIN,
    "users.token_revoke": ADMIN,
    "users.user_password": ADMIN,
    "users.user_role": ADMIN,
    # organisers only (users.* would say so too; listed for the reader)
    "users.end_sessions": ADMIN,
}
#: Organiser pages of the whole install, not of one event (every account, new events): an
#: organiser limited to some events is refused them (tests/security/test_event_scope.py).
EVERY_EVENT = {
    "admin.event_new",
    "users.users",
    "users.user_active",
    "users.user_events",
    "users.user_name",
    "users.token_new",
    "users.token_revoke",
    "users.end_sessions",
    "users.user_password",
    "users.user_role",
}
#: Organiser pages without an event that list only the events the account may use.
LISTS_OWN_EVENTS = {"admin.index", "admin.events"}
ADMIN_PREFIXES = (
    "admin.",
    "users.",
    "reports.",
    "invitations.",
    "message_templates.",
    "sending.",
    "imports.",
    "scanlog.",
)
ADMIN_ENDPOINTS = {
    "door.passes",
    "door.issue",
    "door.pass_qr",
    "door.pass_sheet",
    "door.revoke",
    "door.reset",
    "live.share_links",
    "live.create_link",
    "live.revoke_link",
    "offline.conflicts",
    "offline.review",
    "api.undo_checkin",
}


def expected_access(endpoint: str) -> tuple[str, ...] | str | None:
    if endpoint in ACCESS:
        return ACCESS[endpoint]
    if endpoint.startswith(ADMIN_PREFIXES) or endpoint in ADMIN_ENDPOINTS:
        return ADMIN
    return None


def _rules():
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
    rules = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        rules.append((rule.endpoint, rule.rule, method))
    return rules


RULES = _rules()


def test_every_route_is_classified():
    unclassified = [endpoint for endpoint, _rule, _m in RULES if expected_access(endpoint) is None]
    assert unclassified == []


def test_declared_roles_match_the_matrix(app):
    for endpoint, _rule, _method in RULES:
        expected = expected_access(endpoint)
        declared = getattr(app.view_functions[endpoint], "allowed_roles", None)
        if expected == PUBLIC or endpoint in ("auth.index", "auth.logout"):
            continue
        if declared is not None:
            assert set(declared) == set(expected), endpoint


def test_pages_of_the_whole_install_are_marked_so(app):
    for endpoint, rule, _method in RULES:
        marked = getattr(app.view_functions[endpoint], "every_event", False)
        assert marked == (endpoint in EVERY_EVENT), endpoint
        if expected_access(endpoint) == ADMIN and "<slug>" not in rule:
            assert endpoint in EVERY_EVENT | LISTS_OWN_EVENTS, f"{endpoint}: which events?"


def _setup(db, event, make_delegate, make_user) -> dict:
    """Rows for every kind of URL argument; returns the values to fill URLs with."""
    event.ends_at = datetime.now(UTC) + timedelta(days=1)  # door passes can still be issued
    delegate = make_delegate(region=event.regions[9])
    other = make_user("someone-else", "door")
    create_token(db, "someone-else")
    link, _token = create_share_link(db, event, label="Proyektor", by=None)
    db.add(Scan(event_id=event.id, code="x", gate="Pintu Utama", result="unknown_code"))
    db.commit()
    return {
        "slug": event.slug,
        "delegate_id": delegate.id,
        "door_id": event.doors[0].id,
        "user_id": other.id,
        "token_id": other.tokens[0].id,
        "region_id": event.regions[9].id,
        "link_id": link.id,
        "scan_id": 1,
        "secret": delegate.secret,
        "code": "en",
        "kind": "png",
        "fmt": "csv",
        "size": 192,
        "filename": "css/app.css",
    }


def _url(rule: str, values: dict) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule)


def _sign_in(login, event, who: str) -> None:
    if who != "anonymous":
        extra = {"region_id": event.regions[9].id, "event_id": event.id} if who == "liaison" else {}
        login(who, **extra)


def _answer(client, url: str, method: str) -> tuple[int, str]:
    response = client.open(url, method=method, buffered=False)
    status, location = response.status_code, response.headers.get("Location", "")
    response.close()
    return status, location


ALLOWED = [
    (endpoint, rule, method, who)
    for endpoint, rule, method in RULES
    for who in ("anonymous", *ROLES)
    if expected_access(endpoint) == PUBLIC or who in (expected_access(endpoint) or ())
]
DENIED = [
    (endpoint, rule, method, who)
    for endpoint, rule, method in RULES
    for who in ("anonymous", *ROLES)
    if expected_access(endpoint) != PUBLIC and who not in (expected_access(endpoint) or ())
]


@pytest.mark.parametrize(
    ("endpoint", "rule", "method", "who"), ALLOWED, ids=[f"{a[0]}-{a[3]}" for a in ALLOWED]
)
def test_route_serves_allowed_role(
    client, login, db, event, make_delegate, make_user, endpoint, rule, method, who
):
    # Each allowed request may change things (it is served), so it gets a fresh database.
    values = _setup(db, event, make_delegate, make_user)
    _sign_in(login, event, who)
    url = _url(rule, values)
    status, location = _answer(client, url, method)
    assert status not in (401, 403, 500), (url, status)
    if endpoint != "auth.logout":  # signing out ends at the login page by design
        assert "/login" not in location, (url, location)


@pytest.fixture(scope="module")
def shared(tmp_path_factory, sqlite_template):
    """One app and database for the refusals: a refused request changes nothing."""
    path = tmp_path_factory.mktemp("matrix") / "matrix.sqlite"
    shutil.copy(sqlite_template, path)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{path}",
            "SECRET_KEY": "matrix",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PUBLIC_URL": "https://checkin.example.id",
        }
    )
    with app.test_request_context():
        db = database(app).writer()
        event = create_event(db, "rakor-ormas-2024", name="Rakor", doors=["Pintu Utama"])
        db.commit()

        def make_delegate(region):
            delegate = Delegate(
                event_id=event.id,
                region_id=region.id,
                name="Peserta",
                ormas="Ormas",
                level=region.level,
                secret=new_secret(),
                match_key="peserta|ormas",
                search_text="peserta ormas",
            )
            db.add(delegate)
            db.commit()
            return delegate

        def make_user(username, role, **fields):
            user = create_user(db, username, role=role, password=PASSWORD)
            for key, value in fields.items():
                setattr(user, key, value)
            db.commit()
            return user

        values = _setup(db, event, make_delegate, make_user)
        clients = {"anonymous": app.test_client()}
        for role in ROLES:
            extra = (
                {"region_id": event.regions[9].id, "event_id": event.id}
                if role == "liaison"
                else {}
            )
            make_user(f"{role}-user", role, **extra)
            clients[role] = app.test_client()
            answer = clients[role].post(
                "/login", data={"username": f"{role}-user", "password": PASSWORD}
            )
            assert answer.status_code == 302
        db.close()
    yield values, clients
    database(app).engine.dispose()


@pytest.mark.parametrize(
    ("endpoint", "rule", "method", "who"), DENIED, ids=[f"{d[0]}-{d[3]}" for d in DENIED]
)
def test_route_refuses_other_roles(shared, endpoint, rule, method, who):
    values, clients = shared
    url = _url(rule, values)
    status, location = _answer(clients[who], url, method)
    if who == "anonymous":
        if rule.startswith("/api/"):
            assert status == 401, (url, status)
        else:
            assert status == 302 and "/login" in location, (url, status, location)
    else:
        assert status == 403, (url, status)
