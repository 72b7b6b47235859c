"""Organiser pages: access, events, dashboard, settings and regions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from checkin.models import Delegate, Event, Region
from tests.conftest import sign_in

SLUG = "rakor-ormas-2024"

#: Every admin page: (method, URL). {d} is a delegate id, {u} a user id, {t} a token id.
ADMIN_ROUTES = [
    ("GET", "/admin/"),
    ("GET", "/admin/events"),
    ("GET", "/admin/events/new"),
    ("POST", "/admin/events/new"),
    ("GET", f"/e/{SLUG}/admin/"),
    ("GET", f"/e/{SLUG}/admin/settings"),
    ("POST", f"/e/{SLUG}/admin/settings"),
    ("GET", f"/e/{SLUG}/admin/regions"),
    ("POST", f"/e/{SLUG}/admin/regions"),
    ("GET", f"/e/{SLUG}/admin/delegates"),
    ("GET", f"/e/{SLUG}/admin/delegates/{{d}}/edit"),
    ("POST", f"/e/{SLUG}/admin/delegates/{{d}}/edit"),
    ("GET", "/admin/users"),
    ("POST", "/admin/users"),
    ("POST", "/admin/users/{u}/active"),
    ("POST", "/admin/users/{u}/tokens"),
    ("POST", "/admin/tokens/{t}/revoke"),
]


@pytest.fixture
def targets(db, event, make_delegate, make_user):
    """Ids the parametrised URLs point at: a delegate, another user and their token."""
    from checkin.accounts import create_token

    delegate = make_delegate(name="Ahmad")
    other = make_user("petugas", "door")
    create_token(db, "petugas", name="usb")
    db.commit()
    return {"d": delegate.id, "u": other.id, "t": other.tokens[0].id}


def _url(template: str, targets: dict) -> str:
    return template.format(**targets)


@pytest.mark.parametrize(("method", "url"), ADMIN_ROUTES)
def test_admin_route_redirects_anonymous_to_login(client, targets, method, url):
    response = client.open(_url(url, targets), method=method)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["door", "viewer", "liaison"])
@pytest.mark.parametrize(("method", "url"), ADMIN_ROUTES)
def test_admin_route_is_forbidden_to_other_roles(client, login, targets, role, method, url):
    login(role)
    assert client.open(_url(url, targets), method=method).status_code == 403


@pytest.mark.parametrize(("method", "url"), [r for r in ADMIN_ROUTES if r[0] == "GET"])
def test_admin_page_renders_for_admin(client, login, targets, method, url):
    login("admin")
    response = client.get(_url(url, targets), follow_redirects=True)
    assert response.status_code == 200
    assert "<h1" in response.get_data(as_text=True)


def test_admin_post_without_csrf_token_is_refused(csrf_client, make_user, db, event):
    make_user("boss", "admin")
    assert sign_in(csrf_client, "boss").status_code == 302
    response = csrf_client.post(f"/e/{SLUG}/admin/settings", data={"name": "Diganti", "doors": "A"})
    assert response.status_code == 400
    db.expire_all()
    assert db.scalar(select(Event.name).where(Event.slug == SLUG)) != "Diganti"


# --- events ------------------------------------------------------------------------------


def _fresh(db, model, ident):
    db.expire_all()
    return db.get(model, ident)


def test_events_page_lists_events_with_dashboard_links(client, login, event):
    login("admin")
    page = client.get("/admin/events").get_data(as_text=True)
    assert event.name in page
    assert f"/e/{SLUG}/admin/" in page


def test_new_event_form_creates_event_in_its_time_zone(client, login, db):
    login("admin")
    response = client.post(
        "/admin/events/new",
        data={
            "name": "Rakor 2025",
            "slug": "rakor-2025",
            "venue": "Hotel Bumi Senyiur",
            "starts_at": "2025-03-04T09:00",
            "timezone": "Asia/Makassar",
            "doors": "Pintu Utama, Pintu Samping\nPintu VIP",
            "allow_door_walkin": "y",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/e/rakor-2025/admin/"
    event = db.scalar(select(Event).where(Event.slug == "rakor-2025"))
    assert event.starts_at == datetime(2025, 3, 4, 1, 0, tzinfo=UTC)
    assert [d.name for d in event.doors] == ["Pintu Utama", "Pintu Samping", "Pintu VIP"]
    assert event.allow_door_walkin is True
    assert len(event.regions) == 11
    assert "Rakor 2025" in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("slug", "Rakor 2025!", "huruf kecil"),
        ("slug", SLUG, "sudah ada"),
        ("name", "", "wajib diisi"),
        ("timezone", "Asia/Atlantis", "tidak dikenal"),
        ("starts_at", "besok pagi", "Tulis tanggal dan jam"),
        ("doors", "", "wajib diisi"),
    ],
)
def test_new_event_with_bad_input_explains_and_creates_nothing(
    client, login, db, event, field, value, message
):
    login("admin")
    data = {"name": "Rakor 2025", "slug": "rakor-2025", "timezone": "Asia/Makassar"}
    data.update({"doors": "Pintu Utama", field: value})
    response = client.post("/admin/events/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.expire_all()
    assert db.scalars(select(Event.slug)).all() == [SLUG]


# --- dashboard ---------------------------------------------------------------------------


def test_dashboard_counts_invited_and_arrived_by_level(client, login, db, event, make_delegate):
    from checkin.models import CheckIn

    province, regency = event.regions[0], event.regions[1]
    arrived = make_delegate(region=province)
    make_delegate(region=province)
    make_delegate(region=regency)
    db.add(
        CheckIn(
            event_id=event.id,
            delegate_id=arrived.id,
            checked_in_at=datetime(2024, 10, 15, 0, 5, tzinfo=UTC),
            gate="Pintu Utama",
        )
    )
    db.commit()
    login("admin")
    page = client.get(f"/e/{SLUG}/admin/").get_data(as_text=True)
    assert "1 / 2" in page  # provinsi
    assert "0 / 1" in page  # kabupaten/kota
    assert "33%" in page


def test_dashboard_links_only_to_pages_that_exist(client, login, event, app):
    login("admin")
    page = client.get(f"/e/{SLUG}/admin/").get_data(as_text=True)
    assert f"/e/{SLUG}/admin/delegates" in page
    assert f"/e/{SLUG}/admin/settings" in page
    for endpoint, path in [("imports.upload", "/admin/import"), ("reports.index", "/reports")]:
        if endpoint not in app.view_functions:
            assert path not in page


def test_admin_nav_marks_the_current_page(client, login, event):
    login("admin")
    page = client.get(f"/e/{SLUG}/admin/regions").get_data(as_text=True)
    nav = page.split('<ul class="subnav__links">')[1].split("</ul>")[0]
    assert f'href="/e/{SLUG}/admin/regions" aria-current="page"' in nav
    assert nav.count("aria-current") == 1


def test_admin_page_of_unknown_event_is_404(client, login):
    login("admin")
    assert client.get("/e/tidak-ada/admin/").status_code == 404


# --- settings ----------------------------------------------------------------------------


def _settings(**changes) -> dict:
    data = {
        "name": "Rakor Ormas 2024",
        "theme": "Mewujudkan Kondusifitas Daerah",
        "venue": "Hotel Mercure Samarinda",
        "address": "Jl. Mulawarman No. 58",
        "map_url": "https://maps.example.id/mercure",
        "starts_at": "2024-10-15T08:00",
        "ends_at": "2024-10-15T16:00",
        "timezone": "Asia/Makassar",
        "organizer": "Badan Kesbangpol Provinsi Kalimantan Timur",
        "contact_name": "Budi",
        "contact_phone": "0812-3456-7890",
        "doors": "Pintu Utama\nPintu Ballroom",
    }
    data.update(changes)
    return data


def test_settings_form_shows_current_values_in_local_time(client, login, event):
    login("admin")
    page = client.get(f"/e/{SLUG}/admin/settings").get_data(as_text=True)
    assert 'value="2024-10-15T08:00"' in page
    assert "Pintu Utama\nPintu Samping" in page


def test_settings_form_saves_event_and_doors(client, login, db, event):
    door_id = event.doors[0].id
    login("admin")
    response = client.post(f"/e/{SLUG}/admin/settings", data=_settings(allow_door_walkin="y"))
    assert response.status_code == 302
    saved = _fresh(db, Event, event.id)
    assert saved.name == "Rakor Ormas 2024"
    assert saved.ends_at == datetime(2024, 10, 15, 8, 0, tzinfo=UTC)
    assert saved.contact_phone == "+6281234567890"
    assert saved.allow_door_walkin is True
    assert [d.name for d in saved.doors] == ["Pintu Utama", "Pintu Ballroom"]
    assert saved.doors[0].id == door_id
    assert "disimpan" in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "wajib diisi"),
        ({"ends_at": "2024-10-15T07:00"}, "sesudah waktu mulai"),
        ({"timezone": "Mars/Olympus"}, "tidak dikenal"),
        ({"map_url": "javascript:alert(1)"}, "http"),
        ({"contact_phone": "12ab"}, "Telepon narahubung"),
        ({"doors": ""}, "wajib diisi"),
    ],
)
def test_settings_with_bad_input_explains_and_changes_nothing(
    client, login, db, event, changes, message
):
    login("admin")
    response = client.post(f"/e/{SLUG}/admin/settings", data=_settings(**changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    saved = _fresh(db, Event, event.id)
    assert saved.name == "Rapat Koordinasi Ormas se-Kalimantan Timur 2024"
    assert [d.name for d in saved.doors] == ["Pintu Utama", "Pintu Samping"]


# --- regions -----------------------------------------------------------------------------


def test_regions_page_lists_regions_with_aliases(client, login, event):
    login("admin")
    page = client.get(f"/e/{SLUG}/admin/regions").get_data(as_text=True)
    assert "Kabupaten Kutai Kartanegara" in page
    assert "Kukar" in page
    assert "Kota Bpp" in page


def test_region_edit_renames_and_keeps_search_in_step(client, login, db, event, make_delegate):
    from checkin.events import search_delegates

    bontang = next(r for r in event.regions if r.name == "Kota Bontang")
    make_delegate(name="Ahmad", region=bontang)
    login("admin")
    response = client.post(
        f"/e/{SLUG}/admin/regions",
        data={
            "region_id": str(bontang.id),
            "name": "Kota Taman Bontang",
            "level": "kabupaten_kota",
            "aliases": "Bontang\n  BTG  \n",
        },
    )
    assert response.status_code == 302
    region = _fresh(db, Region, bontang.id)
    assert (region.name, region.alias_list) == ("Kota Taman Bontang", ["Bontang", "BTG"])
    assert search_delegates(db, event, q="taman bontang").total == 1
    delegate = db.scalar(select(Delegate).where(Delegate.region_id == bontang.id))
    assert delegate.match_key.endswith("|kota taman bontang")


def test_region_form_adds_a_region(client, login, db, event):
    login("admin")
    response = client.post(
        f"/e/{SLUG}/admin/regions",
        data={"region_id": "", "name": "Luar Provinsi", "level": "provinsi", "aliases": ""},
    )
    assert response.status_code == 302
    db.expire_all()
    names = db.scalars(select(Region.name).where(Region.event_id == event.id)).all()
    assert "Luar Provinsi" in names and len(names) == 12


def test_region_form_refuses_a_duplicate_name(client, login, db, event):
    berau = event.regions[1]
    login("admin")
    response = client.post(
        f"/e/{SLUG}/admin/regions",
        data={"region_id": str(berau.id), "name": "kota samarinda", "level": "kabupaten_kota"},
    )
    assert response.status_code == 422
    assert "sudah ada" in response.get_data(as_text=True)
    assert _fresh(db, Region, berau.id).name == "Kabupaten Berau"


def test_region_edit_of_another_events_region_is_404(client, login, db, event):
    from checkin.events import create_event

    other = create_event(db, "acara-lain", name="Acara lain")
    db.commit()
    login("admin")
    url = f"/e/{SLUG}/admin/regions?edit={other.regions[0].id}"
    assert client.get(url).status_code == 404


def test_home_page_offers_admins_event_creation_and_accounts(client, login, event):
    login("admin")
    page = client.get("/").get_data(as_text=True)
    assert "/admin/events/new" in page and "/admin/users" in page


def test_home_page_hides_admin_menu_from_door_staff(client, login, event):
    login("door")
    page = client.get("/").get_data(as_text=True)
    assert "/admin/events/new" not in page and "/admin/users" not in page
