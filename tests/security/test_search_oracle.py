"""The door's search is no phone-number oracle: phones never match at the door, even in part.

Delegates come in through the real importer, so their search keys are the ones production
stores. Whether a door search answers tells nothing about a number: a query of phone digits
gets exactly the answer of a nonsense query, from every kind of door account.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from checkin.accounts import create_token, issue_pass
from checkin.importing import import_delegates

SEARCH = "/api/events/rakor-ormas-2024/delegates/search"
ADMIN_LIST = "/e/rakor-ormas-2024/admin/delegates"
PHONE = "+6281234567890"
LIST = (
    "Nama;Jabatan;Ormas;Kabupaten/Kota;No. HP;Email\r\n"
    "Siti Rahmawati;Ketua;Pemuda Pancasila;Kota Samarinda;0812-3456-7890;siti@example.id\r\n"
    "Budi Santoso;Sekretaris;Karang Taruna;Berau;+62 852 1111 2222;\r\n"
)
#: The number written every way a searcher might try it, whole or in part.
PHONE_QUERIES = [
    "+6281234567890",
    "6281234567890",
    "081234567890",
    "81234567890",
    "0812-3456-7890",
    "+62 812 3456 7890",
    "62 812",
    "7890",
    "3456",
    "345678",
    "234567",
]
NONSENSE = "qxzvw"


@pytest.fixture
def delegates(db, event):
    event.starts_at = datetime.now(UTC) - timedelta(hours=1)
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    import_delegates(db, event, LIST.encode(), "peserta.csv")
    db.commit()
    return event


@pytest.fixture(params=["door pass", "door token", "door account", "organiser"])
def search(request, client, db, login, make_user, delegates):
    """GET the door's search as one kind of account; returns (status, JSON)."""
    headers: dict = {}
    if request.param == "door pass":
        issued = issue_pass(db, delegates.doors[0])
        db.commit()
        assert client.post(f"/door/{issued.secret}", data={"pin": issued.pin}).status_code == 302
    elif request.param == "door token":
        make_user("skrip-pintu", "door")
        headers = {"Authorization": f"Bearer {create_token(db, 'skrip-pintu')}"}
        db.commit()
    else:
        login("door" if request.param == "door account" else "admin")

    def get(q: str) -> tuple[int, dict]:
        response = client.get(SEARCH, query_string={"q": q}, headers=headers)
        return response.status_code, response.get_json()

    return get


@pytest.mark.parametrize("q", PHONE_QUERIES)
def test_door_search_by_phone_digits_answers_as_a_nonsense_query(search, q):
    nothing = search(NONSENSE)
    assert nothing == (200, {"results": [], "total": 0, "limit": 20})
    assert search(q) == nothing


def test_door_search_cannot_tell_whose_number_it_is(search):
    # The reverse lookup: every delegate's full number, in both written forms, finds nobody.
    for number in ("081234567890", "+6281234567890", "085211112222", "+6285211112222"):
        assert search(number)[1]["total"] == 0


@pytest.mark.parametrize(
    "q",
    ["siti@example.id", "siti@exampel.id", "sit1@example.id", "example.id", "7980", "0812345678"],
)
def test_door_search_corrects_no_typo_into_a_phone_or_an_e_mail(search, q):
    # Typo tolerance (a word that finds nobody is taken one slip off) looks only at names,
    # ormas, positions and regions: an e-mail, or a number one digit off, still finds nobody.
    assert search(q) == search(NONSENSE)


def test_door_search_still_finds_names_ormas_and_regions(search):
    for q in ("rahmawati", "pemuda pancasila", "samarinda", "kota smd", "rahmawti"):
        status, body = search(q)
        assert status == 200 and [r["name"] for r in body["results"]] == ["Siti Rahmawati"]


@pytest.mark.parametrize("q", ["0812-3456-7890", "+62 812 3456 7890", "81234567890", "7890"])
def test_organiser_still_finds_a_delegate_by_phone_in_the_delegates_list(
    client, login, delegates, q
):
    login("admin")
    page = client.get(ADMIN_LIST, query_string={"q": q}).get_data(as_text=True)
    assert "Siti Rahmawati" in page and PHONE in page
    assert "Budi Santoso" not in page
