"""The organisers' delegates page: search, filters, paging, statuses and the edit form."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from checkin.events import search_delegates
from checkin.models import CheckIn, Delegate

URL = "/e/rakor-ormas-2024/admin/delegates"


@pytest.fixture
def add(make_delegate):
    """Factory: a delegate by name and ormas (make_delegate stores the import's search text)."""

    def make(name: str, ormas: str = "Ormas", **fields):
        return make_delegate(name=name, ormas=ormas, **fields)

    return make


def _admit(db, event, delegate, minute: int = 5) -> None:
    db.add(
        CheckIn(
            event_id=event.id,
            delegate_id=delegate.id,
            checked_in_at=datetime(2024, 10, 15, 0, minute, tzinfo=UTC),
            gate="Pintu Utama",
        )
    )
    db.commit()


def test_delegates_page_shows_columns_status_in_wita_and_vip(client, login, db, event, add):
    arrived = add("Drs. H. Ahmad Syarifuddin, M.Si.", "Pemuda Pancasila", phone="+6281234567890")
    arrived.is_vip = True
    add("Budi Santoso", "Karang Taruna")
    add("Citra Lestari", revoked_at=datetime(2024, 10, 1, tzinfo=UTC))
    _admit(db, event, arrived, minute=7)
    login("admin")
    page = client.get(URL).get_data(as_text=True)
    for text in ("Drs. H. Ahmad Syarifuddin, M.Si.", "Pemuda Pancasila", "Kabupaten Berau"):
        assert text in page
    assert "+6281234567890" in page
    assert "Hadir 08:07 WITA" in page
    assert "VIP" in page
    assert "Dicabut" in page
    assert "3 peserta" in page


def test_delegates_page_escapes_script_in_names(client, login, add):
    add("<script>alert(1)</script>")
    login("admin")
    page = client.get(URL).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize("q", ["pancasila", "SYARIF", "berau", "0812-3456"])
def test_delegates_search_box_finds_by_any_field(client, login, add, q):
    add("Ahmad Syarifuddin", "Pemuda Pancasila", phone="+6281234567890")
    add("Budi Santoso", "Karang Taruna", region=None)
    login("admin")
    page = client.get(URL, query_string={"q": q}).get_data(as_text=True)
    assert "Ahmad Syarifuddin" in page
    if q != "berau":
        assert "Budi Santoso" not in page


def test_delegates_filters_by_region_and_status(client, login, db, event, add):
    samarinda = next(r for r in event.regions if r.name == "Kota Samarinda")
    ahmad = add("Ahmad", region=samarinda)
    add("Budi", region=samarinda)
    add("Citra")
    _admit(db, event, ahmad)
    login("admin")
    by_region = client.get(URL, query_string={"region": samarinda.id}).get_data(as_text=True)
    assert "Ahmad" in by_region and "Budi" in by_region and "Citra" not in by_region
    query = {"region": samarinda.id, "status": "belum_hadir"}
    not_yet = client.get(URL, query_string=query).get_data(as_text=True)
    assert "Budi" in not_yet and "Ahmad" not in not_yet


def test_delegates_page_pages_through_results(client, login, add):
    for i in range(55):
        add(f"Peserta {i:02d}")
    login("admin")
    first = client.get(URL, query_string={"q": "peserta"}).get_data(as_text=True)
    assert "Peserta 49" in first and "Peserta 50" not in first
    assert "Halaman 1 dari 2" in first
    assert "q=peserta&amp;page=2" in first
    second = client.get(URL, query_string={"q": "peserta", "page": 2}).get_data(as_text=True)
    assert "Peserta 50" in second and "Peserta 49" not in second


def test_delegates_page_without_match_says_so(client, login, add):
    add("Ahmad")
    login("admin")
    page = client.get(URL, query_string={"q": "zzz"}).get_data(as_text=True)
    assert "Tidak ada peserta yang cocok" in page


def test_delegates_page_ignores_unknown_status_and_bad_page(client, login, add):
    add("Ahmad")
    login("admin")
    response = client.get(URL, query_string={"status": "hacked", "page": "x", "region": "y"})
    assert response.status_code == 200
    assert "Ahmad" in response.get_data(as_text=True)


def test_delegates_rows_link_to_edit_and_invitation_pages(client, login, app, add):
    d = add("Ahmad")
    login("admin")
    page = client.get(URL).get_data(as_text=True)
    assert f"{URL}/{d.id}/edit" in page
    has_invitation = "invitations.delegate" in app.view_functions
    assert (f"{URL}/{d.id}/invitation" in page) is has_invitation


# --- edit --------------------------------------------------------------------------------


def _form(event, **changes) -> dict:
    data = {
        "name": "Drs. H. Ahmad Syarifuddin, M.Si.",
        "position": "Ketua Umum",
        "ormas": "Pemuda Pancasila",
        "region_id": str(event.regions[0].id),
        "level": "provinsi",
        "phone": "0812 3456 7890",
        "email": "ahmad@example.id",
        "is_vip": "y",
    }
    data.update(changes)
    return data


def test_delegate_edit_saves_normalised_phone_and_keeps_search_in_step(
    client, login, db, event, add
):
    d = add("Ahmad", "Ormas Lama")
    login("admin")
    response = client.post(f"{URL}/{d.id}/edit", data=_form(event))
    assert response.status_code == 302
    db.expire_all()
    saved = db.get(Delegate, d.id)
    assert saved.name == "Drs. H. Ahmad Syarifuddin, M.Si."
    assert saved.phone == "+6281234567890"
    assert (saved.region_id, saved.level, saved.is_vip) == (event.regions[0].id, "provinsi", True)
    assert saved.email == "ahmad@example.id"
    assert search_delegates(db, event, q="pancasila").total == 1
    assert search_delegates(db, event, q="0812345", match_phone=True).total == 1
    assert search_delegates(db, event, q="ormas lama").total == 0
    assert "disimpan" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_delegate_edit_form_shows_current_values(client, login, add):
    d = add("Ahmad Yusuf", "Karang Taruna", phone="+6281234567890")
    login("admin")
    page = client.get(f"{URL}/{d.id}/edit").get_data(as_text=True)
    assert 'value="Ahmad Yusuf"' in page
    assert 'value="+6281234567890"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "  "}, "wajib diisi"),
        ({"ormas": ""}, "wajib diisi"),
        ({"phone": "12345"}, "Nomor HP tidak dapat dipakai"),
        ({"email": "bukan-email"}, "tidak sah"),
        ({"level": "desa"}, "Pilih salah satu dari daftar"),
        ({"region_id": "abc"}, "Pilih salah satu dari daftar"),
    ],
)
def test_delegate_edit_with_bad_input_explains_and_changes_nothing(
    client, login, db, event, add, changes, message
):
    d = add("Ahmad", "Ormas Lama")
    login("admin")
    response = client.post(f"{URL}/{d.id}/edit", data=_form(event, **changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    db.expire_all()
    saved = db.get(Delegate, d.id)
    assert (saved.name, saved.ormas, saved.phone) == ("Ahmad", "Ormas Lama", None)


def test_delegate_edit_refuses_a_region_of_another_event(client, login, db, event, add):
    from checkin.events import create_event

    other = create_event(db, "acara-lain", name="Acara lain")
    db.commit()
    d = add("Ahmad")
    login("admin")
    response = client.post(
        f"{URL}/{d.id}/edit", data=_form(event, region_id=str(other.regions[0].id))
    )
    assert response.status_code == 422
    db.expire_all()
    assert db.get(Delegate, d.id).region_id == event.regions[1].id


def test_delegate_edit_of_another_events_delegate_is_404(client, login, db, event):
    from checkin.events import create_event
    from checkin.invitations import new_secret

    other = create_event(db, "acara-lain", name="Acara lain")
    stranger = Delegate(
        event_id=other.id,
        region_id=other.regions[0].id,
        name="Orang Lain",
        ormas="X",
        level="provinsi",
        secret=new_secret(),
        match_key="orang lain|x|provinsi kalimantan timur",
    )
    db.add(stranger)
    db.commit()
    login("admin")
    assert client.get(f"{URL}/{stranger.id}/edit").status_code == 404
