"""The door's manual lookup API: a query is required, at most 20 results, never phones."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from checkin.models import CheckIn

URL = "/api/events/rakor-ormas-2024/delegates/search"


@pytest.mark.parametrize("query", ["", "?q=", "?q=a", "?q=%20%20a%20", "?q=%20%20%20"])
def test_search_without_a_two_character_query_is_422(client, login, event, make_delegate, query):
    make_delegate(name="Ahmad")
    login("door")
    response = client.get(URL + query)
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid_input" and body["message"]
    assert "results" not in body


def test_search_never_returns_phone_email_or_secret(client, login, event, make_delegate):
    delegate = make_delegate(
        name="Drs. H. Ahmad Syarifuddin, M.Si.",
        ormas="Pemuda Pancasila",
        phone="+6281234567890",
        email="ahmad@example.id",
        is_vip=True,
    )
    login("door")
    response = client.get(URL + "?q=ahmad")
    assert response.status_code == 200
    raw = response.get_data(as_text=True)
    for secret_thing in ("6281234567890", "81234567890", "ahmad@example.id", delegate.secret):
        assert secret_thing not in raw
    (hit,) = response.get_json()["results"]
    assert set(hit) == {
        "id",
        "name",
        "ormas",
        "region",
        "level",
        "position",
        "vip",
        "revoked",
        "checked_in_at",
        "gate",
    }
    assert hit["name"] == "Drs. H. Ahmad Syarifuddin, M.Si."
    assert hit["region"] == event.regions[1].name
    assert hit["vip"] is True and hit["checked_in_at"] is None


def test_search_by_ormas_finds_its_delegates(client, login, event, make_delegate):
    make_delegate(name="Budi", ormas="Gerakan Pemuda Ansor")
    make_delegate(name="Citra", ormas="Gerakan Pemuda Ansor")
    make_delegate(name="Dedi", ormas="KNPI")
    login("door")
    names = [r["name"] for r in client.get(URL + "?q=ansor").get_json()["results"]]
    assert names == ["Budi", "Citra"]


def test_search_returns_at_most_twenty(client, login, event, make_delegate):
    for n in range(25):
        make_delegate(name=f"Peserta Sama {n:02d}")
    login("door")
    body = client.get(URL + "?q=sama").get_json()
    assert len(body["results"]) == 20
    assert body["total"] == 25


def test_search_shows_when_and_where_someone_came_in(client, login, db, event, make_delegate):
    delegate = make_delegate(name="Eka")
    db.add(
        CheckIn(
            event_id=event.id,
            delegate_id=delegate.id,
            checked_in_at=datetime(2024, 10, 15, 0, 5, tzinfo=UTC),
            gate="Pintu Samping",
        )
    )
    db.commit()
    login("door")
    (hit,) = client.get(URL + "?q=eka").get_json()["results"]
    assert hit["gate"] == "Pintu Samping"
    assert datetime.fromisoformat(hit["checked_in_at"]) == datetime(2024, 10, 15, 0, 5, tzinfo=UTC)


def test_search_marks_revoked_invitations(client, login, event, make_delegate):
    make_delegate(name="Fajar", revoked_at=datetime(2024, 10, 1, tzinfo=UTC))
    login("door")
    (hit,) = client.get(URL + "?q=fajar").get_json()["results"]
    assert hit["revoked"] is True


def test_search_anonymous_is_401_json(client, event):
    response = client.get(URL + "?q=ahmad")
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


@pytest.mark.parametrize("role", ["viewer", "liaison"])
def test_search_forbidden_to_other_roles(client, login, event, role):
    login(role)
    assert client.get(URL + "?q=ahmad").status_code == 403


def test_search_allowed_to_admin(client, login, event, make_delegate):
    make_delegate(name="Gita")
    login("admin")
    assert [r["name"] for r in client.get(URL + "?q=gita").get_json()["results"]] == ["Gita"]


def test_search_unknown_event_is_404(client, login, event):
    login("door")
    response = client.get("/api/events/tidak-ada/delegates/search?q=ahmad")
    assert response.status_code == 404
    assert json.loads(response.data)["error"] == "event_not_found"


def test_door_search_finds_by_region_alias_and_despite_a_typo_name_matches_first(
    client, login, event, make_delegate
):
    kukar = next(r for r in event.regions if r.name == "Kabupaten Kutai Kartanegara")
    make_delegate(name="Abdul Karim", ormas="Forum Hidayat", region=kukar)
    make_delegate(name="Ahmad Hidayat", ormas="Karang Taruna", region=kukar)
    make_delegate(name="Budi Santoso", ormas="KNPI")
    login("door")
    kukar_body = client.get(URL, query_string={"q": "kukar"}).get_json()
    assert kukar_body["total"] == 2
    typo = client.get(URL, query_string={"q": "Hidayt"}).get_json()
    assert typo["total"] == 2
    assert [r["name"] for r in typo["results"]] == ["Ahmad Hidayat", "Abdul Karim"]
