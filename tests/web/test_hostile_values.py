"""Hostile values in otherwise well-formed requests: extreme dates, huge ids, JSON nested
100,000 deep, forms with fields missing. Each gets a 4xx (JSON for the API) or a verdict,
never a 500; in a batch each scan stands alone.

(test_every_route.py feeds such values to every route of the app.)
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from checkin.accounts import create_token
from checkin.models import CheckIn, Door

#: Huge ids fail differently on each database: PostgreSQL's INTEGER ends at 2**31 - 1,
#: SQLite's driver raises OverflowError past 2**63.
pytestmark = pytest.mark.only_backend("sqlite", "postgres")

SLUG = "rakor-ormas-2024"
API = f"/api/events/{SLUG}"
EXTREME_TIMES = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"]
HUGE = [10**23, 10**30, 2**63, -(2**63) - 1, 2**31]
DEEP = b"[" * 100_000 + b"]" * 100_000
JSON_POSTS = [
    f"{API}/checkins",
    f"{API}/checkins/batch",
    f"{API}/checkins/manual",
    f"{API}/walkins",
    f"{API}/checkins/{{delegate}}/undo",
]


@pytest.fixture
def bearer(db, make_user):
    make_user("skrip-admin", "admin")
    token = create_token(db, "skrip-admin")
    db.commit()
    return {"Authorization": f"Bearer {token}"}


def assert_json_error(response, status: int | None = None) -> dict:
    assert 400 <= response.status_code < 500, (response.status_code, response.data[:300])
    if status is not None:
        assert response.status_code == status, response.data[:300]
    body = response.get_json()
    assert isinstance(body.get("error"), str) and body.get("message")
    return body


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize("at", EXTREME_TIMES)
def test_extreme_scanned_at_gets_a_json_error(client, bearer, event, make_delegate, db, at):
    delegate = make_delegate()
    for offline in (False, True):
        scan = {"code": delegate.secret, "gate": "Pintu Utama", "scanned_at": at}
        response = client.post(
            f"{API}/checkins", json={**scan, "offline_admitted": offline}, headers=bearer
        )
        assert assert_json_error(response, 422)["error"] == "invalid_scanned_at"
    assert db.scalar(select(func.count(CheckIn.id))) == 0
    db.commit()


def test_extreme_scanned_at_in_a_batch_fails_only_that_scan(
    client, bearer, event, make_delegate, db
):
    a, b = make_delegate(), make_delegate()
    scans = [
        {"code": a.secret, "gate": "Pintu Utama", "scanned_at": EXTREME_TIMES[0]},
        {"code": b.secret, "gate": "Pintu Utama", "scan_id": "ok", "offline_admitted": True},
        {
            "code": a.secret,
            "gate": "Pintu Utama",
            "scanned_at": EXTREME_TIMES[1],
            "offline_admitted": True,
        },
    ]
    response = client.post(f"{API}/checkins/batch", json={"scans": scans}, headers=bearer)
    assert response.status_code == 200, response.data[:300]
    results = response.get_json()["results"]
    assert [r["result"] for r in results] == ["invalid", "admitted", "invalid"]
    assert [r.get("error") for r in results] == ["invalid_scanned_at", None, "invalid_scanned_at"]
    assert all(r["message"] for r in results if r["result"] == "invalid")
    assert db.scalar(select(func.count(CheckIn.id))) == 1
    db.commit()


@pytest.mark.parametrize("since", [*EXTREME_TIMES, "0001-01-01T00:00:00Z"])
def test_extreme_roster_since_gets_a_json_error(client, bearer, event, since):
    response = client.get(f"{API}/roster", query_string={"since": since}, headers=bearer)
    assert_json_error(response, 422)


# --- deep JSON ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", JSON_POSTS)
def test_json_nested_100000_deep_gets_400(client, bearer, event, make_delegate, url):
    # A route about one delegate finds that delegate first (unknown: 404); give it a real one.
    url = url.format(delegate=make_delegate().id)
    response = client.post(url, data=DEEP, content_type="application/json", headers=bearer)
    assert assert_json_error(response, 400)["error"] == "invalid_json"


def test_deep_json_to_a_page_script_endpoint_is_not_a_500(client, login, event):
    login("admin")
    response = client.post(
        f"/e/{SLUG}/admin/invitations/message/preview",
        data=DEEP,
        content_type="application/json",
    )
    assert response.status_code < 500


# --- huge ids ----------------------------------------------------------------------------


@pytest.mark.parametrize("huge", HUGE)
def test_huge_delegate_id_for_manual_check_in_is_refused(client, bearer, event, huge):
    body = {"delegate_id": huge, "gate": "Pintu Utama"}
    response = client.post(f"{API}/checkins/manual", json=body, headers=bearer)
    assert_json_error(response)


@pytest.mark.parametrize("huge", HUGE)
def test_huge_region_id_for_walk_in_is_refused(client, bearer, event, huge):
    body = {"name": "Tamu Baru", "ormas": "KNPI", "region_id": huge, "gate": "Pintu Utama"}
    for value in (huge, str(huge)):
        response = client.post(f"{API}/walkins", json={**body, "region_id": value}, headers=bearer)
        assert_json_error(response)


@pytest.mark.parametrize("huge", [10**23, 10**30, 2**63, 2**31])
def test_huge_ids_in_urls_are_404(client, bearer, login, event, huge):
    assert_json_error(client.post(f"{API}/checkins/{huge}/undo", json={}, headers=bearer), 404)
    login("admin")
    assert client.get(f"/e/{SLUG}/admin/delegates/{huge}/edit").status_code == 404
    assert client.get(f"/e/{SLUG}/admin/delegates/{huge}/invitation").status_code == 404
    assert client.post(f"/e/{SLUG}/admin/conflicts/{huge}/review").status_code == 404


def test_largest_id_in_a_url_is_an_ordinary_404(client, login, event):
    login("admin")
    assert client.get(f"/e/{SLUG}/admin/delegates/{2**31 - 1}/edit").status_code == 404


@pytest.mark.parametrize(
    ("path", "arg"),
    [
        ("/e/{slug}/admin/delegates", "page"),
        ("/e/{slug}/admin/delegates", "region"),
        ("/e/{slug}/admin/scans", "page"),
        ("/e/{slug}/admin/scans", "user"),
        ("/e/{slug}/admin/invitations", "region"),
        ("/e/{slug}/admin/invitations/status", "page"),
        ("/e/{slug}/admin/invitations/status", "region"),
        ("/e/{slug}/admin/invitations/whatsapp", "skip"),
        ("/e/{slug}/admin/invitations/whatsapp", "region"),
        ("/e/{slug}/admin/reports/no-shows", "page"),
        ("/e/{slug}/admin/reports/no-shows", "region"),
        ("/e/{slug}/admin/audit", "page"),
        ("/e/{slug}/admin/invitations/message", "delegate"),
    ],
)
@pytest.mark.parametrize("huge", [10**23, 10**30, 2**62, -(10**23)])
def test_huge_numbers_in_query_args_are_not_a_500(client, login, event, path, arg, huge):
    login("admin")
    response = client.get(path.format(slug=SLUG), query_string={arg: str(huge)})
    assert response.status_code < 500, response.data[:300]


@pytest.mark.parametrize("huge", [10**23, 10**30])
def test_huge_numbers_in_forms_are_not_a_500(client, login, event, huge):
    login("admin")
    posts = [
        (f"/e/{SLUG}/admin/invitations/message/preview", {"delegate": str(huge)}),
        (f"/e/{SLUG}/admin/invitations/email/send", {"after_id": str(huge)}),
        (f"/e/{SLUG}/admin/regions", {"region_id": str(huge), "name": "X", "level": "provinsi"}),
    ]
    for url, data in posts:
        response = client.post(url, data=data)
        assert response.status_code < 500, (url, response.data[:300])


def test_liaison_huge_page_and_skip_are_not_a_500(client, login, event):
    login("liaison", region_id=event.regions[1].id)
    for path, arg in (("/liaison/", "page"), ("/liaison/whatsapp", "skip")):
        response = client.get(f"/e/{SLUG}{path}", query_string={arg: str(10**23)})
        assert response.status_code < 500, (path, response.data[:300])


# --- forms with fields missing -----------------------------------------------------------


def test_settings_post_without_doors_keeps_the_doors(client, login, event, db):
    login("admin")
    data = {"name": event.name, "timezone": "Asia/Makassar"}
    response = client.post(f"/e/{SLUG}/admin/settings", data=data)
    assert response.status_code in (200, 302), response.data[:300]
    doors = db.scalars(select(Door.name).where(Door.event_id == event.id).order_by(Door.id))
    assert list(doors) == ["Pintu Utama", "Pintu Samping"]
    db.commit()


# --- control characters (PostgreSQL refuses NUL in text) ---------------------------------


def test_nul_in_url_text_is_a_404(client, login, event, make_delegate):
    login("admin")
    for url in ("/e/rakor%00/admin/", "/i/abc%00def", "/door/abc%00", f"{API}%00/stats"):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("text", ["\x00", "a\x00b", "\u202e", "\x1b"])
def test_control_characters_in_queries_and_forms_are_not_a_500(client, bearer, login, event, text):
    lookups = [
        (f"{API}/delegates/search", {"q": text}),
        (f"{API}/roster", {"since": text}),
    ]
    for url, query in lookups:
        assert client.get(url, query_string=query, headers=bearer).status_code < 500, url
    scan = {"code": text, "gate": text, "scan_id": text, "substitute_name": text}
    assert client.post(f"{API}/checkins", json=scan, headers=bearer).status_code < 500
    assert client.post("/login", data={"username": text, "password": text}).status_code < 500
    login("admin")
    pages = [
        (f"/e/{SLUG}/admin/delegates", {"q": text, "status": text}),
        (f"/e/{SLUG}/admin/scans", {"q": text, "gate": text, "result": text, "since": text}),
        (f"/e/{SLUG}/admin/invitations/status", {"q": text, "ormas": text, "status": text}),
    ]
    for url, query in pages:
        assert client.get(url, query_string=query).status_code < 500, (url, query)
    settings = {"name": f"Rakor {text}", "timezone": text, "doors": f"Pintu {text}"}
    assert client.post(f"/e/{SLUG}/admin/settings", data=settings).status_code < 500
