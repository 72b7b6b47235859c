"""Hostile JSON to the check-in API, and hostile text in delegates' fields on the pages.

Any body gets a verdict (200) or a JSON error with `error` and `message` (4xx), never a 500.
Names that are markup, formulas, quotes or 10,000 characters are shown escaped.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from checkin.accounts import create_token
from checkin.models import CheckIn
from checkin.scanning import VERDICTS

SLUG = "rakor-ormas-2024"
CHECKINS = f"/api/events/{SLUG}/checkins"
BATCH = f"/api/events/{SLUG}/checkins/batch"
HOSTILE = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SCRIPT = "<script>alert(1)</script>"
HOSTILE_NAMES = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil.example","Klik")',
    'O\'Brien "Si Kancil" `x` & co',
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=50)
    | st.sampled_from(["", "\x00", "\ud800", "A" * 10_000, SCRIPT]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
scan_objects = st.fixed_dictionaries(
    {"code": json_values},
    optional={
        "gate": json_values | st.sampled_from(["Pintu Utama", "x" * 81, ""]),
        "scan_id": json_values,
        "scanned_at": json_values
        | st.sampled_from(["2024-10-15T08:05:00+08:00", "2024-10-15T08:05:00", "9999-99-99"]),
        "offline_admitted": json_values,
        "substitute_name": json_values,
    },
)


@pytest.fixture
def door_headers(db, make_user, event):
    make_user("pintu-api", "door")
    token = create_token(db, "pintu-api")
    db.commit()
    return {"Authorization": f"Bearer {token}"}


def _post(client, url: str, body: bytes, headers: dict):
    return client.post(url, data=body, content_type="application/json", headers=headers)


def _assert_answer(response) -> dict:
    assert response.status_code != 500, response.get_data(as_text=True)[:500]
    body = response.get_json()
    assert isinstance(body, dict), response.get_data(as_text=True)[:200]
    if response.status_code == 200:
        return body
    assert 400 <= response.status_code < 500
    assert isinstance(body.get("error"), str) and isinstance(body.get("message"), str)
    assert body["message"]
    return body


def _assert_verdict(result: dict) -> None:
    if result["result"] == "invalid":
        assert result["error"] and result["message"]
    else:
        assert result["result"] in VERDICTS


@HOSTILE
@given(value=json_values)
def test_checkin_any_json_value_gets_verdict_or_json_error(client, door_headers, value):
    body = _assert_answer(_post(client, CHECKINS, json.dumps(value).encode(), door_headers))
    if "result" in body:
        _assert_verdict(body)


@HOSTILE
@given(scan=scan_objects)
def test_checkin_hostile_scan_fields_get_verdict_or_json_error(client, door_headers, scan):
    body = _assert_answer(_post(client, CHECKINS, json.dumps(scan).encode(), door_headers))
    if "result" in body:
        _assert_verdict(body)
        assert body["result"] != "admitted"  # no random text is anyone's secret


@HOSTILE
@given(raw=st.binary(max_size=300))
def test_checkin_random_bytes_body_gets_json_error(client, door_headers, raw):
    _assert_answer(_post(client, CHECKINS, raw, door_headers))


@HOSTILE
@given(value=json_values | st.fixed_dictionaries({"scans": json_values}))
def test_batch_any_json_value_gets_results_or_json_error(client, door_headers, value):
    body = _assert_answer(_post(client, BATCH, json.dumps(value).encode(), door_headers))
    if "results" in body:
        assert isinstance(value, dict) and len(body["results"]) == len(value["scans"])
        for result in body["results"]:
            _assert_verdict(result)


@HOSTILE
@given(scans=st.lists(scan_objects | json_values, max_size=6))
def test_batch_hostile_scans_each_stand_alone(client, door_headers, scans, make_delegate):
    delegate = make_delegate()
    good = {"code": delegate.secret, "gate": "Pintu Utama"}
    body = _assert_answer(
        _post(client, BATCH, json.dumps({"scans": [*scans, good]}).encode(), door_headers)
    )
    assert len(body["results"]) == len(scans) + 1
    for result in body["results"]:
        _assert_verdict(result)
    assert body["results"][-1]["result"] == "admitted"
    assert body["results"][-1]["delegate"]["id"] == delegate.id


# --- hostile text shown on pages ---------------------------------------------------------


class TextAndScripts(HTMLParser):
    """Collects the page's text and its script elements' bodies and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.in_script = False
        self.script_bodies: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.attributes += attrs
        if tag == "script":
            self.in_script = True
            self.script_bodies.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.script_bodies[-1] += data
        else:
            self.text.append(data)


def _parsed(response) -> TextAndScripts:
    assert response.status_code == 200, response.status_code
    parser = TextAndScripts()
    parser.feed(response.get_data(as_text=True))
    return parser


@pytest.fixture
def hostile(make_delegate):
    """A delegate whose every text field is hostile."""
    return make_delegate(name=HOSTILE_NAMES[0], ormas=HOSTILE_NAMES[1], position=HOSTILE_NAMES[3])


def _assert_shown_escaped(response, *values: str) -> None:
    html = response.get_data(as_text=True)
    page = _parsed(response)
    text = " ".join(" ".join(page.text).split())
    for value in values:
        assert " ".join(value.split()) in text, f"{value!r} is not shown as text"
    assert SCRIPT not in html
    assert not any(SCRIPT in body or "alert(1)" in body for body in page.script_bodies)
    # The injected <img onerror> never became an element with an event handler.
    assert not any(name.startswith("on") for name, _value in page.attributes)


def test_admin_delegates_list_shows_hostile_names_escaped(client, login, event, hostile):
    login("admin")
    response = client.get(f"/e/{SLUG}/admin/delegates")
    _assert_shown_escaped(response, HOSTILE_NAMES[0], HOSTILE_NAMES[1])


def test_admin_delegate_search_shows_hostile_names_escaped(client, login, event, hostile):
    login("admin")
    response = client.get(f"/e/{SLUG}/admin/delegates", query_string={"q": SCRIPT})
    _assert_shown_escaped(response, HOSTILE_NAMES[0])


def test_invitation_page_shows_hostile_names_escaped(client, event, hostile):
    response = client.get(f"/i/{hostile.secret}")
    _assert_shown_escaped(response, HOSTILE_NAMES[0], HOSTILE_NAMES[1])


def test_admin_invitation_page_shows_hostile_names_escaped(client, login, event, hostile):
    login("admin")
    response = client.get(f"/e/{SLUG}/admin/delegates/{hostile.id}/invitation")
    _assert_shown_escaped(response, HOSTILE_NAMES[0])


def test_scan_verdict_returns_hostile_names_verbatim_as_json(
    client, door_headers, event, hostile, db
):
    response = _post(
        client, CHECKINS, json.dumps({"code": hostile.secret, "gate": SCRIPT}).encode(),
        door_headers,
    )  # fmt: skip
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    body = response.get_json()
    assert body["delegate"]["name"] == HOSTILE_NAMES[0]
    assert body["delegate"]["ormas"] == HOSTILE_NAMES[1]
    assert body["gate"] == SCRIPT  # recorded as given, shown by the scanner with textContent
    assert db.scalar(select(func.count(CheckIn.id))) == 1


def test_scan_ten_thousand_char_fields_get_json_error_not_500(client, door_headers, event):
    long = "A" * 10_000
    for field in ("code", "gate", "scan_id", "scanned_at", "substitute_name"):
        scan = {"code": "x", "gate": "Pintu Utama", field: long}
        _assert_answer(_post(client, CHECKINS, json.dumps(scan).encode(), door_headers))
