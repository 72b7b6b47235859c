"""The regional liaison's pages: their own kabupaten/kota and nothing of any other."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from checkin.events import create_event
from checkin.models import AuditLog, Delegate

SAMARINDA, BALIKPAPAN = 10, 8


@pytest.fixture
def people(event, make_delegate):
    """Two delegates in Kota Samarinda and two in Kota Balikpapan."""
    smd, bpp = event.regions[SAMARINDA], event.regions[BALIKPAPAN]
    return {
        SAMARINDA: [
            make_delegate(name="Andi Samarinda", region=smd, phone="+6281100000001"),
            make_delegate(name="Sari Samarinda", region=smd, phone=None),
        ],
        BALIKPAPAN: [
            make_delegate(name="Budi Balikpapan", region=bpp, phone="+6281100000002"),
            make_delegate(name="Wati Balikpapan", region=bpp, phone="+6281100000003"),
        ],
    }


def routes(slug: str, delegate_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", f"/e/{slug}/liaison/"),
        ("GET", f"/e/{slug}/liaison/cards.pdf"),
        ("POST", f"/e/{slug}/liaison/links.csv"),
        ("GET", f"/e/{slug}/liaison/whatsapp"),
        ("POST", f"/e/{slug}/liaison/whatsapp/{delegate_id}/sent"),
        ("POST", f"/e/{slug}/liaison/delegates/{delegate_id}/sent"),
    ]


def test_liaison_pages_send_anonymous_visitors_to_login(client, event, people):
    for method, path in routes(event.slug, people[SAMARINDA][0].id):
        response = client.open(path, method=method)
        assert response.status_code == 302, path
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["admin", "door", "viewer"])
def test_liaison_pages_are_forbidden_to_other_roles(client, db, login, event, people, role):
    login(role, region_id=event.regions[SAMARINDA].id)
    for method, path in routes(event.slug, people[SAMARINDA][0].id):
        assert client.open(path, method=method).status_code == 403, (role, path)
    db.expire_all()
    assert db.get(Delegate, people[SAMARINDA][0].id).sent_at is None


def test_liaison_without_a_region_finds_no_event_and_is_told_why(client, login, event, people):
    login("liaison")
    assert client.get(f"/e/{event.slug}/liaison/").status_code == 404  # as an unknown event
    home = client.get("/").get_data(as_text=True)
    assert event.name not in home
    assert "belum terhubung ke acara mana pun. Hubungi panitia." in home


def test_liaison_of_another_events_region_finds_no_such_event(client, db, login, event, people):
    other = create_event(db, "acara-lain", name="Acara Lain")
    db.commit()
    login("liaison", region_id=other.regions[SAMARINDA].id)
    for method, path in routes(event.slug, people[SAMARINDA][0].id):
        assert client.open(path, method=method).status_code == 404, path


@pytest.mark.parametrize("own, other", [(SAMARINDA, BALIKPAPAN), (BALIKPAPAN, SAMARINDA)])
def test_liaison_sees_only_their_regions_delegates(client, login, event, people, own, other):
    login("liaison", region_id=event.regions[own].id)
    page = client.get(f"/e/{event.slug}/liaison/").get_data(as_text=True)
    assert event.regions[own].name in page
    for d in people[own]:
        assert d.name in page
    for d in people[other]:
        assert d.name not in page


@pytest.mark.parametrize("own, other", [(SAMARINDA, BALIKPAPAN), (BALIKPAPAN, SAMARINDA)])
def test_liaison_cannot_touch_another_regions_delegate(
    client, db, login, event, people, own, other
):
    login("liaison", region_id=event.regions[own].id)
    stranger = people[other][0]
    for path in (
        f"/e/{event.slug}/liaison/whatsapp/{stranger.id}/sent",
        f"/e/{event.slug}/liaison/delegates/{stranger.id}/sent",
    ):
        assert client.post(path).status_code == 404, path
    assert client.post(f"/e/{event.slug}/liaison/delegates/999999/sent").status_code == 404
    db.expire_all()
    assert db.get(Delegate, stranger.id).sent_at is None


@pytest.mark.parametrize("own, other", [(SAMARINDA, BALIKPAPAN), (BALIKPAPAN, SAMARINDA)])
def test_liaison_links_csv_has_only_their_region_and_is_audited(
    client, db, login, event, people, own, other
):
    user = login("liaison", region_id=event.regions[own].id)
    response = client.post(f"/e/{event.slug}/liaison/links.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbfNama;")  # for Excel: BOM and ";"
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert {r["Nama"] for r in rows} == {d.name for d in people[own]}
    assert all(r["Wilayah"] == event.regions[own].name for r in rows)
    assert all(r["Tautan undangan"].startswith("https://checkin.example.id/i/") for r in rows)
    entry = db.scalar(select(AuditLog).where(AuditLog.action == "export_region_links"))
    assert (entry.user_id, entry.actor) == (user.id, user.username)
    assert event.regions[own].name in entry.detail


@pytest.mark.parametrize("own, other", [(SAMARINDA, BALIKPAPAN), (BALIKPAPAN, SAMARINDA)])
def test_liaison_cards_pdf_has_only_their_region(
    client, login, event, people, own, other, monkeypatch
):
    from checkin.invitations import cards

    printed: list[int] = []
    real = cards.cards_pdf

    def spy(event, delegates, base_url):
        delegates = list(delegates)
        printed.extend(d.id for d in delegates)
        return real(event, delegates, base_url)

    monkeypatch.setattr(cards, "cards_pdf", spy)
    login("liaison", region_id=event.regions[own].id)
    response = client.get(f"/e/{event.slug}/liaison/cards.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert sorted(printed) == sorted(d.id for d in people[own])


@pytest.mark.parametrize("own, other", [(SAMARINDA, BALIKPAPAN), (BALIKPAPAN, SAMARINDA)])
def test_liaison_whatsapp_queue_is_their_region_only(client, login, event, people, own, other):
    login("liaison", region_id=event.regions[own].id)
    page = client.get(f"/e/{event.slug}/liaison/whatsapp").get_data(as_text=True)
    assert "https://wa.me/62" in page
    for d in people[other]:
        assert d.name not in page and (d.phone is None or d.phone not in page)
    assert event.regions[other].name not in page


def test_liaison_marks_a_delegate_sent_via_liaison(client, db, login, event, people):
    user = login("liaison", region_id=event.regions[SAMARINDA].id)
    mine = people[SAMARINDA][1]
    response = client.post(f"/e/{event.slug}/liaison/delegates/{mine.id}/sent")
    assert response.status_code == 303
    db.expire_all()
    got = db.get(Delegate, mine.id)
    assert (got.sent_via, got.sent_by_id) == ("liaison", user.id)


def test_liaison_whatsapp_sent_goes_to_the_next_in_their_queue(client, db, login, event, people):
    login("liaison", region_id=event.regions[SAMARINDA].id)
    mine = people[SAMARINDA][0]
    response = client.post(
        f"/e/{event.slug}/liaison/whatsapp/{mine.id}/sent", data={"kind": "undangan"}
    )
    assert response.status_code == 303
    assert f"/e/{event.slug}/liaison/whatsapp" in response.headers["Location"]
    db.expire_all()
    assert db.get(Delegate, mine.id).sent_via == "whatsapp"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Semua sudah dikirimi" in page


def test_home_page_links_a_liaison_to_their_region(client, login, event, people):
    login("liaison", region_id=event.regions[SAMARINDA].id)
    page = client.get("/").get_data(as_text=True)
    assert f"/e/{event.slug}/liaison/" in page
