"""Control and bidi characters typed into the API and the pages: a 4xx JSON error with a
code, or the page's sentence in Indonesian, and nothing stored; the organiser's switch
between free-text gates and the event's doors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from checkin.db import utcnow
from checkin.models import CheckIn, Delegate, Event, Scan

SLUG = "rakor-ormas-2024"
CHECKINS = f"/api/events/{SLUG}/checkins"
BATCH = f"/api/events/{SLUG}/checkins/batch"
MANUAL = f"/api/events/{SLUG}/checkins/manual"
WALKINS = f"/api/events/{SLUG}/walkins"
SETTINGS = f"/e/{SLUG}/admin/settings"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE


def count(db, model) -> int:
    n = db.scalar(select(func.count()).select_from(model))
    db.commit()
    return n


def fresh_event(db, event) -> Event:
    db.expire_all()
    saved = db.get(Event, event.id)
    db.commit()
    return saved


def test_checkin_gate_with_bidi_override_is_422_invalid_gate(
    client, login, event, make_delegate, db
):
    login("door")
    response = client.post(
        CHECKINS, json={"code": make_delegate().secret, "gate": f"Pintu {RLO}amatU"}
    )
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid_gate"
    assert "karakter yang tidak boleh dipakai" in body["message"] and "U+202E" in body["message"]
    assert count(db, Scan) == 0


@pytest.mark.parametrize("url", [CHECKINS, MANUAL])
def test_substitute_name_with_bidi_is_422_invalid_text(
    client, login, event, make_delegate, db, url
):
    login("door")
    delegate = make_delegate()
    payload = {"code": delegate.secret, "delegate_id": delegate.id, "gate": "Pintu Utama"}
    response = client.post(url, json={**payload, "substitute_name": f"Budi{RLO}"})
    assert response.status_code == 422
    assert response.get_json()["error"] == "invalid_text"
    assert count(db, CheckIn) == 0


@pytest.mark.parametrize("field", ["name", "ormas", "position"])
def test_walkin_field_with_control_character_is_422(client, login, event, db, field):
    login("admin")
    walkin = {
        "name": "Siti Aminah",
        "ormas": "Fatayat NU",
        "position": "Bendahara",
        "region_id": event.regions[2].id,
        "gate": "Pintu Utama",
        field: "Fatayat\x1b[2J NU",
    }
    response = client.post(WALKINS, json=walkin)
    assert response.status_code == 422
    assert response.get_json()["error"] == "invalid_text"
    assert count(db, Delegate) == 0


def test_batch_scan_with_bidi_gate_stands_alone(client, login, event, make_delegate, db):
    login("door")
    a, b = make_delegate(), make_delegate()
    scans = [
        {"code": a.secret, "gate": f"{RLO}Pintu Utama", "scan_id": "1"},
        {"code": b.secret, "gate": "Pintu Utama", "scan_id": "2"},
    ]
    results = client.post(BATCH, json={"scans": scans}).get_json()["results"]
    assert [r["result"] for r in results] == ["invalid", "admitted"]
    assert results[0]["error"] == "invalid_gate"
    assert count(db, CheckIn) == 1


def test_gate_outside_the_doors_is_422_when_free_text_is_off(
    client, login, event, make_delegate, db
):
    event.allow_free_gate = False
    db.commit()
    login("door")
    delegate = make_delegate()
    response = client.post(CHECKINS, json={"code": delegate.secret, "gate": "Lobi Timur"})
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid_gate"
    assert "Pintu Utama, Pintu Samping" in body["message"]
    admitted = client.post(CHECKINS, json={"code": delegate.secret, "gate": "Pintu Samping"})
    assert admitted.get_json()["result"] == "admitted"


def test_any_gate_text_is_recorded_while_free_text_is_allowed(
    client, login, event, make_delegate, db
):
    login("door")
    response = client.post(CHECKINS, json={"code": make_delegate().secret, "gate": "Lobi Timur"})
    assert response.status_code == 200
    assert response.get_json()["gate"] == "Lobi Timur"


def test_settings_page_shows_and_saves_the_free_gate_switch(client, login, event, db):
    login("admin")
    page = client.get(SETTINGS).get_data(as_text=True)
    assert 'name="allow_free_gate"' in page
    assert "Pemindai boleh mencatat pintu di luar daftar pintu" in page
    form = {
        "name": event.name,
        "starts_at": "2024-10-15T08:00",
        "timezone": "Asia/Makassar",
        "doors": "Pintu Utama\nPintu Samping",
    }
    assert client.post(SETTINGS, data=form).status_code == 302
    assert fresh_event(db, event).allow_free_gate is False
    assert client.post(SETTINGS, data={**form, "allow_free_gate": "y"}).status_code == 302
    assert fresh_event(db, event).allow_free_gate is True


def test_settings_door_name_with_bidi_is_refused_in_words(client, login, event, db):
    login("admin")
    form = {
        "name": event.name,
        "starts_at": "2024-10-15T08:00",
        "timezone": "Asia/Makassar",
        "doors": f"Pintu Utama\n{RLO}Pintu Samping",
        "allow_free_gate": "y",
    }
    response = client.post(SETTINGS, data=form)
    assert response.status_code == 422
    assert "Nama pintu berisi karakter yang tidak boleh dipakai" in response.get_data(as_text=True)
    assert [d.name for d in fresh_event(db, event).doors] == ["Pintu Utama", "Pintu Samping"]


def test_konfirmasi_substitute_with_bidi_gets_a_sentence_and_saves_nothing(
    client, db, event, make_delegate
):
    delegate = make_delegate(name="Drs. H. Ahmad Syarifuddin, M.Si.")
    event.starts_at = utcnow() + timedelta(days=7)
    db.commit()
    response = client.post(
        f"/i/{delegate.secret}/konfirmasi",
        data={
            "answer": "diwakilkan",
            "substitute_name": f"Budi {RLO}otnaS",
            "substitute_position": "Sekretaris",
            "substitute_mandate": "045/ST/PP-KT/X/2024",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nama pengganti berisi karakter yang tidak boleh dipakai" in page
    db.expire_all()
    assert db.get(Delegate, delegate.id).confirmation is None
