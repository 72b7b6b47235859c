"""The check-in API through the test client: shapes, auth, CSRF, limits, batches."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from checkin.accounts import create_token
from checkin.models import CheckIn, Scan
from tests.conftest import csrf_token, sign_in

SLUG = "rakor-ormas-2024"
CHECKINS = f"/api/events/{SLUG}/checkins"
BATCH = f"/api/events/{SLUG}/checkins/batch"
MANUAL = f"/api/events/{SLUG}/checkins/manual"
WALKINS = f"/api/events/{SLUG}/walkins"
URL = "https://checkin.example.id/i/{}"
SHAPE = {"result", "delegate", "checked_in_at", "gate", "scan_id"}
DELEGATE_KEYS = {"id", "name", "ormas", "region", "level", "position"}


@pytest.fixture
def bearer(db, make_user):
    """Headers of a door account's API token."""

    def make(role: str = "door", username: str | None = None) -> dict:
        user = make_user(username or f"token-{role}", role)
        token = create_token(db, user.username)
        db.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


def _count(db, model) -> int:
    # The test's session is a writer: end its transaction (commit, which expires nothing)
    # so the app's requests can write.
    count = db.scalar(select(func.count()).select_from(model))
    db.commit()
    return count


def test_checkin_admits_with_exact_shape(client, login, event, make_delegate):
    login("door")
    delegate = make_delegate(phone="+6281234567890", email="a@example.id")
    response = client.post(
        CHECKINS, json={"code": URL.format(delegate.secret), "gate": "Pintu Utama", "scan_id": "s1"}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert SHAPE <= set(body)
    assert set(body["delegate"]) == DELEGATE_KEYS
    assert body["result"] == "admitted"
    assert body["gate"] == "Pintu Utama" and body["scan_id"] == "s1"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", body["checked_in_at"])
    assert "conflict" not in body
    text = response.get_data(as_text=True)
    assert "6281234567890" not in text and "a@example.id" not in text


def test_checkin_repeat_answers_first_admission(client, login, event, make_delegate):
    login("door")
    delegate = make_delegate()
    first = client.post(CHECKINS, json={"code": delegate.secret, "gate": "Pintu Utama"})
    again = client.post(CHECKINS, json={"code": delegate.secret, "gate": "Pintu Samping"})
    assert again.status_code == 200
    assert again.get_json()["result"] == "already_checked_in"
    assert again.get_json()["gate"] == "Pintu Utama"
    assert again.get_json()["checked_in_at"] == first.get_json()["checked_in_at"]


@pytest.mark.parametrize("code", ["", "halo", "\u0000\u00ff", "x" * 100_000, "https://x.example/y"])
def test_checkin_junk_code_is_unknown_answer(client, login, event, db, code):
    login("door")
    response = client.post(CHECKINS, json={"code": code, "gate": "Pintu Utama"})
    assert response.status_code == 200
    assert response.get_json() == {
        **response.get_json(),
        "result": "unknown_code",
        "delegate": None,
        "checked_in_at": None,
    }
    assert _count(db, Scan) == 1


def test_checkin_same_scan_id_twice_same_answer(client, login, event, make_delegate, db):
    login("door")
    delegate = make_delegate()
    payload = {"code": delegate.secret, "gate": "Pintu Utama", "scan_id": "hp-3:17"}
    first = client.post(CHECKINS, json=payload).get_json()
    second = client.post(CHECKINS, json=payload).get_json()
    assert first == second and first["result"] == "admitted"
    assert _count(db, CheckIn) == 1


def test_checkin_revoked_answer(client, login, event, make_delegate):
    from checkin.db import utcnow

    login("door")
    delegate = make_delegate(revoked_at=utcnow())
    body = client.post(CHECKINS, json={"code": delegate.secret, "gate": "Pintu Utama"}).get_json()
    assert body["result"] == "revoked"


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"code": "x"}, "invalid_gate"),
        ({"code": "x", "gate": ""}, "invalid_gate"),
        ({"code": "x", "gate": "P" * 81}, "invalid_gate"),
        ({"gate": "Pintu Utama"}, "invalid_code"),
        ({"code": 123, "gate": "Pintu Utama"}, "invalid_code"),
        ({"code": "x", "gate": "Pintu Utama", "scanned_at": "15/10/2024"}, "invalid_scanned_at"),
        ({"code": "x", "gate": "Pintu Utama", "scanned_at": "besok"}, "invalid_scanned_at"),
        ({"code": "x", "gate": "Pintu Utama", "scan_id": "s" * 81}, "invalid_scan_id"),
    ],
)
def test_checkin_malformed_fields_are_422(client, login, event, db, payload, code):
    login("door")
    response = client.post(CHECKINS, json=payload)
    assert response.status_code == 422
    assert response.get_json()["error"] == code
    assert response.get_json()["message"]
    assert _count(db, Scan) == 0


@pytest.mark.parametrize("data", [b"{not json", b"\xff\xfe", b'{"code": "x",'])
def test_checkin_broken_json_is_400(client, login, event, data):
    login("door")
    response = client.post(CHECKINS, data=data, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_json"


@pytest.mark.parametrize("data", [b"[]", b'"code"', b"42"])
def test_checkin_json_not_object_is_422(client, login, event, data):
    login("door")
    response = client.post(CHECKINS, data=data, content_type="application/json")
    assert response.status_code == 422
    assert response.get_json()["error"] == "invalid_input"


def test_checkin_unknown_event_is_404(client, login, event):
    login("door")
    response = client.post(
        "/api/events/tidak-ada/checkins", json={"code": "x", "gate": "Pintu Utama"}
    )
    assert response.status_code == 404
    assert response.get_json()["error"] == "event_not_found"


def test_checkin_anonymous_is_401_json(client, event):
    response = client.post(CHECKINS, json={"code": "x", "gate": "Pintu Utama"})
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_checkin_bad_token_is_401(client, event):
    response = client.post(
        CHECKINS,
        json={"code": "x", "gate": "Pintu Utama"},
        headers={"Authorization": "Bearer ck_nope"},
    )
    assert response.status_code == 401


@pytest.mark.parametrize("role", ["viewer", "liaison"])
@pytest.mark.parametrize("path", [CHECKINS, BATCH, MANUAL, WALKINS])
def test_checkin_routes_refuse_viewer_and_liaison(client, login, event, db, role, path):
    login(role)
    response = client.post(path, json={"code": "x", "gate": "Pintu Utama", "scans": []})
    assert response.status_code == 403
    assert response.get_json()["error"] == "forbidden"
    assert _count(db, Scan) == 0


@pytest.mark.parametrize("role", ["admin", "door"])
def test_checkin_bearer_token_works(client, bearer, event, make_delegate, role):
    delegate = make_delegate()
    response = client.post(
        CHECKINS, json={"code": delegate.secret, "gate": "Pintu Utama"}, headers=bearer(role)
    )
    assert response.status_code == 200
    assert response.get_json()["result"] == "admitted"


@pytest.fixture
def csrf_client(csrf_client, event, make_user):
    """A door signed in to an app that enforces CSRF, and its page's CSRF token."""
    make_user("pintu-csrf", "door")
    assert sign_in(csrf_client, "pintu-csrf").status_code == 302
    return csrf_client, csrf_token(csrf_client.get("/").get_data(as_text=True))


def test_checkin_session_without_csrf_header_is_refused(csrf_client, make_delegate, db):
    client, _token = csrf_client
    delegate = make_delegate()
    response = client.post(CHECKINS, json={"code": delegate.secret, "gate": "Pintu Utama"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf_failed"
    assert _count(db, CheckIn) == 0


def test_checkin_session_with_csrf_header_works(csrf_client, make_delegate):
    client, token = csrf_client
    delegate = make_delegate()
    response = client.post(
        CHECKINS,
        json={"code": delegate.secret, "gate": "Pintu Utama"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
    assert response.get_json()["result"] == "admitted"


def test_checkin_bearer_needs_no_csrf(csrf_app, event, make_delegate, bearer):
    delegate = make_delegate()
    response = csrf_app.test_client().post(
        CHECKINS, json={"code": delegate.secret, "gate": "Pintu Utama"}, headers=bearer()
    )
    assert response.status_code == 200


def test_checkin_body_over_limit_is_413(client, bearer, event, db):
    body = json.dumps({"code": "x" * (300 * 1024), "gate": "Pintu Utama"})
    response = client.post(CHECKINS, data=body, content_type="application/json", headers=bearer())
    assert response.status_code == 413
    assert response.get_json()["error"] == "body_too_large"
    assert _count(db, Scan) == 0


def test_batch_answers_each_scan_in_order(client, bearer, event, make_delegate, db):
    a, b = make_delegate(), make_delegate()
    scans = [
        {"code": a.secret, "gate": "Pintu Utama", "scan_id": "1"},
        {"code": "rubbish", "gate": "Pintu Utama", "scan_id": "2"},
        {"code": a.secret, "gate": "Pintu Samping", "scan_id": "3"},
        {"code": b.secret, "gate": "P" * 81, "scan_id": "4"},
        "not an object",
        {"gate": "Pintu Utama"},
        {"code": b.secret, "gate": "Pintu Samping", "scanned_at": "kemarin"},
        {
            "code": b.secret,
            "gate": "Pintu Samping",
            "scan_id": "8",
            "scanned_at": "2024-10-15T08:01:00+08:00",
        },
        {"code": a.secret, "gate": "Pintu Utama", "scan_id": "1"},
    ]
    response = client.post(BATCH, json={"scans": scans}, headers=bearer())
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["result"] for r in results] == [
        "admitted",
        "unknown_code",
        "already_checked_in",
        "invalid",
        "invalid",
        "invalid",
        "invalid",
        "admitted",
        "admitted",
    ]
    assert [r.get("error") for r in results if r["result"] == "invalid"] == [
        "invalid_gate",
        "invalid_input",
        "invalid_code",
        "invalid_scanned_at",
    ]
    assert all(r["message"] for r in results if r["result"] == "invalid")
    assert [r["scan_id"] for r in results if r["result"] != "invalid"] == ["1", "2", "3", "8", "1"]
    assert _count(db, CheckIn) == 2
    assert _count(db, Scan) == 4


def test_batch_offline_conflict_is_flagged(client, bearer, event, make_delegate, db):
    headers = bearer()
    delegate = make_delegate()
    client.post(CHECKINS, json={"code": delegate.secret, "gate": "Pintu Utama"}, headers=headers)
    scan = {
        "code": delegate.secret,
        "gate": "Pintu Samping",
        "scan_id": "off-1",
        "scanned_at": "2024-10-15T08:01:00+08:00",
        "offline_admitted": True,
    }
    result = client.post(BATCH, json={"scans": [scan]}, headers=headers).get_json()["results"][0]
    assert result["result"] == "already_checked_in"
    assert result["conflict"] is True
    assert _count(db, CheckIn) == 1


def test_batch_of_501_is_refused(client, bearer, event, db):
    scans = [{"code": "x", "gate": "Pintu Utama"}] * 501
    response = client.post(BATCH, json={"scans": scans}, headers=bearer())
    assert response.status_code == 413
    assert response.get_json()["error"] == "too_many_scans"
    assert _count(db, Scan) == 0


def test_batch_of_500_is_accepted(client, bearer, event, db):
    scans = [{"code": f"x{i}", "gate": "Pintu Utama"} for i in range(500)]
    response = client.post(BATCH, json={"scans": scans}, headers=bearer())
    assert response.status_code == 200
    assert len(response.get_json()["results"]) == 500


@pytest.mark.parametrize("payload", [{}, {"scans": "x"}, {"scans": {"a": 1}}])
def test_batch_without_scan_list_is_422(client, bearer, event, payload):
    response = client.post(BATCH, json=payload, headers=bearer())
    assert response.status_code == 422


def test_manual_checkin_admits_with_substitute(client, login, event, make_delegate, db):
    login("door")
    delegate = make_delegate()
    response = client.post(
        MANUAL,
        json={"delegate_id": delegate.id, "gate": "Pintu Samping", "substitute_name": "Budi"},
    )
    body = response.get_json()
    assert response.status_code == 200
    assert body["result"] == "admitted" and body["substitute_name"] == "Budi"
    assert body["delegate"]["id"] == delegate.id
    again = client.post(MANUAL, json={"delegate_id": delegate.id, "gate": "Pintu Utama"})
    assert again.get_json()["result"] == "already_checked_in"
    assert _count(db, CheckIn) == 1


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"gate": "Pintu Utama"}, 422),
        ({"delegate_id": "1", "gate": "Pintu Utama"}, 422),
        ({"delegate_id": 999999, "gate": "Pintu Utama"}, 404),
    ],
)
def test_manual_checkin_bad_delegate(client, login, event, payload, status):
    login("door")
    assert client.post(MANUAL, json=payload).status_code == status


def _walkin(event, **extra):
    return {
        "name": "Siti Aminah",
        "ormas": "Fatayat NU",
        "region_id": event.regions[2].id,
        "position": "Bendahara",
        "phone": "0812 5555 1234",
        "gate": "Pintu Utama",
        **extra,
    }


def test_walkin_by_admin_is_admitted(client, login, event, db):
    login("admin")
    response = client.post(WALKINS, json=_walkin(event))
    assert response.status_code == 201
    body = response.get_json()
    assert body["result"] == "admitted" and body["delegate"]["name"] == "Siti Aminah"
    assert body["invitation_url"].startswith("https://checkin.example.id/i/")
    assert "5555" not in response.get_data(as_text=True)
    assert _count(db, CheckIn) == 1


def test_walkin_by_door_refused_unless_allowed(client, login, event, db):
    login("door")
    response = client.post(WALKINS, json=_walkin(event))
    assert response.status_code == 403
    assert response.get_json()["error"] == "forbidden"
    event.allow_door_walkin = True
    db.commit()
    assert client.post(WALKINS, json=_walkin(event)).status_code == 201


def test_walkin_missing_name_is_422(client, login, event):
    login("admin")
    assert client.post(WALKINS, json=_walkin(event, name="")).status_code == 422


def test_undo_by_admin_then_readmit(client, login, event, make_delegate, db):
    login("admin")
    delegate = make_delegate()
    client.post(CHECKINS, json={"code": delegate.secret, "gate": "Pintu Utama"})
    undo = f"/api/events/{SLUG}/checkins/{delegate.id}/undo"
    assert client.post(undo, json={}).status_code == 422
    response = client.post(undo, json={"reason": "Tercatat salah orang"})
    assert response.status_code == 200
    assert _count(db, CheckIn) == 0
    assert client.post(undo, json={"reason": "lagi"}).status_code == 409
    again = client.post(CHECKINS, json={"code": delegate.secret, "gate": "Pintu Samping"})
    assert again.get_json()["result"] == "admitted"


def test_undo_by_door_is_403(client, login, event, make_delegate, db):
    login("door")
    delegate = make_delegate()
    client.post(CHECKINS, json={"code": delegate.secret, "gate": "Pintu Utama"})
    response = client.post(f"/api/events/{SLUG}/checkins/{delegate.id}/undo", json={"reason": "x"})
    assert response.status_code == 403
    assert _count(db, CheckIn) == 1
