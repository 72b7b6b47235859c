"""No request ever gets a 5xx: hostile values to every route of app.url_map.

As an organiser, a door account and anonymously, each example sends every route (each of
its methods) hostile URL arguments, query arguments and bodies: extreme dates, ids beyond
2**63, JSON nested 100,000 deep, control and bidi characters, wrong types, random bytes.
Whatever comes back must be an answer (2xx, 3xx or 4xx), never a server error. Kept small
(a few examples per role) so it runs in well under a minute.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from checkin.accounts import create_share_link, create_token
from checkin.models import Scan

SKIPPED = {
    "static",  # files from disk, not the app's code
    "auth.logout",  # would end the signed-in session the rest of the example needs
}
HOSTILE_INTS = [0, 1, 2**31, 2**63 - 1, 2**63, 10**23, 10**30]
HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "\x1b[31m",
    "\u202eevil",
    "\u2066x\u2069",
    "\u200f",
    "A" * 3000,
    "<script>alert(1)</script>",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "1999-10-15T08:01:00+08:00",
    "0",
    "-1",
    str(2**63),
    str(10**23),
    str(10**30),
    "-" + str(10**23),
    "1e999",
    "NaN",
    "true",
    "null",
    "[]",
    "{}",
    "../../etc/passwd",
    "%00",
    "Pintu Utama",
    "🙂",
]
KEYS = [
    "action", "active", "address", "after_id", "aliases", "allow_door_walkin", "answer", "by",
    "channel", "code", "contact_phone", "delegate", "delegate_id", "doors", "download",
    "edit", "email", "ends_at", "gate", "id", "is_vip", "kind", "label", "level", "map_url",
    "message", "name", "next", "offline_admitted", "ormas", "page", "password", "phone",
    "phone_last4", "pin", "position", "q", "reason", "region", "region_id", "reissue",
    "resend", "role", "scan_id", "scanned_at", "scans", "share", "since", "skip", "slug",
    "starts_at", "status", "substitute_mandate", "substitute_name", "substitute_position",
    "timezone", "token", "until", "user", "username",
]  # fmt: skip
DEEP = b"[" * 100_000 + b"]" * 100_000
HYPOTHESIS = settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: one example is a sweep of every route, and the failing request is named
    # in the assertion anyway.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

hostile_scalars = (
    st.sampled_from(HOSTILE_TEXT)
    | st.sampled_from(HOSTILE_INTS)
    | st.sampled_from([-(10**23), 1.5, float("inf"), True, False, None])
    | st.text(max_size=20)
)
hostile_json = st.recursive(
    hostile_scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS), children, max_size=4)
    ),
    max_leaves=8,
)
fields = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(HOSTILE_TEXT), max_size=5)
bodies = st.one_of(
    st.builds(lambda f: {"data": f}, fields),
    st.builds(lambda v: {"data": json.dumps(v), "content_type": "application/json"}, hostile_json),
    st.just({"data": DEEP, "content_type": "application/json"}),
    st.builds(
        lambda raw: {"data": raw, "content_type": "application/json"}, st.binary(max_size=64)
    ),
)


@pytest.fixture
def real(db, event, make_delegate, make_user) -> dict:
    """Real values for URL arguments, so some requests get past the lookups."""
    event.ends_at = datetime.now(UTC) + timedelta(days=1)
    delegate = make_delegate()
    other = make_user("orang-lain", "door")
    create_token(db, other.username)
    link, _share = create_share_link(db, event, label="Proyektor", by=None)
    db.add(Scan(event_id=event.id, code="x", gate="Pintu Utama", result="unknown_code"))
    db.commit()
    return {
        "slug": event.slug,
        "secret": delegate.secret,
        "delegate_id": delegate.id,
        "door_id": event.doors[0].id,
        "user_id": other.id,
        "token_id": other.tokens[0].id,
        "region_id": event.regions[1].id,
        "link_id": link.id,
        "code": "en",
        "kind": "png",
        "fmt": "csv",
        "size": 192,
    }


def _routes(app) -> list[tuple[object, str]]:
    return [
        (rule, method)
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))
        if rule.endpoint not in SKIPPED
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")


def _path(rule, data, real: dict) -> str:
    def value(match: re.Match) -> str:
        converter, name = match.group(1) or "string", match.group(2)
        assert converter in ("string", "int"), rule.rule
        if converter == "int":
            choice = data.draw(st.sampled_from([real.get(name, 1), *HOSTILE_INTS]))
        else:
            choice = data.draw(st.sampled_from([real.get(name, "x"), *HOSTILE_TEXT[1:]]))
        return quote(str(choice), safe="")

    return ARGUMENT.sub(value, rule.rule)


def _sweep(client, app, data, real: dict) -> None:
    for rule, method in _routes(app):
        url = _path(rule, data, real)
        query = data.draw(fields, label="query")
        body = data.draw(bodies, label="body") if method != "GET" else {}
        response = client.open(url, method=method, query_string=query, buffered=False, **body)
        status = response.status_code
        response.close()
        assert status < 500, (method, url, query, str(body)[:200], status)


@pytest.fixture
def admin_client(client, login):
    login("admin", username="hostile-admin")
    return client


@pytest.fixture
def door_client(client, login):
    login("door", username="hostile-door")
    return client


@HYPOTHESIS
@given(data=st.data())
def test_no_hostile_request_gets_a_5xx_as_admin(admin_client, app, real, data):
    _sweep(admin_client, app, data, real)


@HYPOTHESIS
@given(data=st.data())
def test_no_hostile_request_gets_a_5xx_as_door(door_client, app, real, data):
    _sweep(door_client, app, data, real)


@HYPOTHESIS
@given(data=st.data())
def test_no_hostile_request_gets_a_5xx_anonymously(client, app, real, data):
    _sweep(client, app, data, real)
