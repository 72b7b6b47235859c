"""Odd phone numbers typed into the pages and the API are refused in words (a 4xx), never a
500, and nothing is stored; numbers libphonenumber knows are stored as E.164."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from checkin.models import Delegate

SLUG = "rakor-ormas-2024"
WALKINS = f"/api/events/{SLUG}/walkins"
DELEGATES = f"/e/{SLUG}/admin/delegates"

ODD = [
    "+999 1234 5678",  # no such country code
    "\u0660\u0668\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660",  # Arabic digits
    "\U0001d7ce\U0001d7d6\U0001d7cf\U0001d7d0\U0001d7d1\U0001d7d2\U0001d7d3\U0001d7d4",
    "0812" + "9" * 60,
    "+",
    "++6281234567890",
    "0812\u202e34567890",
    "1e10",
    "0912-3456-789",  # no Indonesian number starts 09
    "+62 (0) (0) 812",
]


def _walkin(event, phone: str) -> dict:
    return {
        "name": "Siti Aminah",
        "ormas": "Fatayat NU",
        "region_id": event.regions[2].id,
        "gate": "Pintu Utama",
        "phone": phone,
    }


@pytest.mark.parametrize("phone", ODD)
def test_walkin_with_an_odd_phone_is_a_4xx_and_stores_nothing(client, login, event, db, phone):
    login("admin")
    response = client.post(WALKINS, json=_walkin(event, phone))
    assert 400 <= response.status_code < 500
    assert response.is_json
    assert db.scalar(select(func.count()).select_from(Delegate)) == 0


def test_walkin_with_an_office_line_is_stored_as_e164(client, login, event, db):
    login("admin")
    response = client.post(WALKINS, json=_walkin(event, "0541-736123"))
    assert response.status_code in (200, 201)
    db.expire_all()
    (walkin,) = db.scalars(select(Delegate)).all()
    assert walkin.phone == "+62541736123"
    assert walkin.phone_digits == "62541736123 0541736123"


@pytest.mark.parametrize("phone", ODD)
def test_delegate_edit_with_an_odd_phone_keeps_the_old_number(
    client, login, event, db, make_delegate, phone
):
    d = make_delegate(name="Ahmad", phone="+6281234567890")
    login("admin")
    data = {
        "name": "Ahmad",
        "ormas": "Ormas",
        "region_id": str(event.regions[0].id),
        "level": "provinsi",
        "phone": phone,
    }
    response = client.post(f"{DELEGATES}/{d.id}/edit", data=data)
    assert 400 <= response.status_code < 500 or response.status_code == 200
    db.expire_all()
    assert db.get(Delegate, d.id).phone == "+6281234567890"
