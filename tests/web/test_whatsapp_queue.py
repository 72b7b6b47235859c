"""The organiser's WhatsApp queue: next delegate, wa.me link, tandai terkirim, progress."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from checkin.models import Delegate
from tests.conftest import csrf_token, sign_in


@pytest.fixture
def people(event, make_delegate):
    smd, bpp = event.regions[10], event.regions[8]
    return {
        "andi": make_delegate(name="Andi", region=smd, ormas="KNPI", phone="+6281100000001"),
        "budi": make_delegate(name="Budi", region=smd, ormas="PMII", phone="+6281100000002"),
        "citra": make_delegate(name="Citra", region=bpp, ormas="GMNI", phone="+6281100000003"),
        "landline": make_delegate(name="Dedi", region=smd, ormas="HMI", phone="+62541123456"),
        "nophone": make_delegate(name="Eka", region=smd, ormas="LDII", phone=None),
    }


def wa_link(page: str) -> str:
    return re.search(r'href="(https://wa\.me/[^"]+)"', page).group(1).replace("&amp;", "&")


@pytest.mark.parametrize("role", ["door", "viewer", "liaison"])
def test_queue_is_for_organisers(client, login, event, people, role):
    login(role)
    assert client.get(f"/e/{event.slug}/admin/invitations/whatsapp").status_code == 403
    sent = f"/e/{event.slug}/admin/invitations/whatsapp/{people['andi'].id}/sent"
    assert client.post(sent).status_code == 403


def test_queue_opens_whatsapp_for_the_next_delegate_with_the_message(client, login, event, people):
    login("admin")
    page = client.get(
        f"/e/{event.slug}/admin/invitations/whatsapp?region={event.regions[10].id}"
    ).get_data(as_text=True)
    link = wa_link(page)
    number, _, text = link.removeprefix("https://wa.me/").partition("?text=")
    assert number == "6281100000001"
    assert unquote(text).startswith("Yth. Bapak/Ibu Andi\nKetua KNPI")
    assert f"https://checkin.example.id/i/{people['andi'].secret}" in unquote(text)
    assert "Tandai terkirim" in page


def test_tandai_terkirim_records_whatsapp_and_moves_to_the_next(client, db, login, event, people):
    user = login("admin")
    region = event.regions[10].id
    response = client.post(
        f"/e/{event.slug}/admin/invitations/whatsapp/{people['andi'].id}/sent",
        data={"kind": "undangan", "region": str(region)},
    )
    assert response.status_code == 303
    assert f"region={region}" in response.headers["Location"]
    db.expire_all()
    andi = db.get(Delegate, people["andi"].id)
    assert (andi.sent_via, andi.sent_by_id) == ("whatsapp", user.id)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert wa_link(page).startswith("https://wa.me/6281100000002?")


def test_skip_leaves_a_delegate_for_later_without_recording(client, db, login, event, people):
    login("admin")
    url = f"/e/{event.slug}/admin/invitations/whatsapp?region={event.regions[10].id}&skip=1"
    page = client.get(url).get_data(as_text=True)
    assert wa_link(page).startswith("https://wa.me/6281100000002?")
    db.expire_all()
    assert db.get(Delegate, people["andi"].id).sent_at is None


def test_queue_lists_delegates_without_whatsapp_apart(client, login, event, people):
    login("admin")
    page = client.get(f"/e/{event.slug}/admin/invitations/whatsapp").get_data(as_text=True)
    missing = page[page.index('id="missing-title"') :]
    assert "Tanpa nomor HP (1)" in missing
    assert "Eka" in missing
    assert "Andi" not in missing and "Dedi" not in missing


def test_queue_lists_office_lines_apart_with_no_chat(client, login, event, people):
    login("admin")
    page = client.get(f"/e/{event.slug}/admin/invitations/whatsapp").get_data(as_text=True)
    offices = page[page.index('id="office-title"') : page.index('id="missing-title"')]
    assert "Nomor telepon kantor (1)" in offices
    assert "bukan nomor HP/WhatsApp" in offices
    assert "Dedi" in offices and "Eka" not in offices and "Andi" not in offices
    assert '<a href="tel:+62541123456">+62 541 123456</a>' in offices
    assert "wa.me" not in offices


def test_queue_shows_the_next_number_grouped(client, login, event, people):
    login("admin")
    page = client.get(f"/e/{event.slug}/admin/invitations/whatsapp").get_data(as_text=True)
    assert "Citra" in page[page.index('id="next-title"') :]
    assert ">+62 811-0000-0003<" in page and "+6281100000003<" not in page


def test_queue_shows_progress_per_region(client, db, login, event, people):
    login("admin")
    client.post(f"/e/{event.slug}/admin/invitations/whatsapp/{people['andi'].id}/sent")
    page = client.get(f"/e/{event.slug}/admin/invitations/whatsapp").get_data(as_text=True)
    progress = page[page.index('id="progress-title"') : page.index('id="office-title"')]
    assert re.search(r"Kota Samarinda</a>\s*<span class=\"num\">1/2</span>", progress)
    assert re.search(r"Kota Balikpapan</a>\s*<span class=\"num\">0/1</span>", progress)


def test_reminder_queue_uses_the_reminder_and_records_it_apart(client, db, login, event, people):
    login("admin")
    page = client.get(
        f"/e/{event.slug}/admin/invitations/whatsapp?kind=pengingat&region={event.regions[8].id}"
    ).get_data(as_text=True)
    assert "mengingatkan" in unquote(wa_link(page))
    client.post(
        f"/e/{event.slug}/admin/invitations/whatsapp/{people['citra'].id}/sent",
        data={"kind": "pengingat"},
    )
    db.expire_all()
    citra = db.get(Delegate, people["citra"].id)
    assert citra.reminded_at is not None and citra.sent_at is None


def test_queue_of_another_events_region_is_not_found(client, login, event, people):
    login("admin")
    assert client.get(f"/e/{event.slug}/admin/invitations/whatsapp?region=99999").status_code == 404


def test_marking_another_events_delegate_is_not_found(client, db, login, event, people):
    from checkin.events import create_event

    other = create_event(db, "acara-lain", name="Acara Lain")
    db.commit()
    login("admin")
    response = client.post(f"/e/{other.slug}/admin/invitations/whatsapp/{people['andi'].id}/sent")
    assert response.status_code == 404


def test_tandai_terkirim_needs_the_csrf_token(csrf_client, db, make_user, event, people):
    make_user("panitia", "admin")
    sign_in(csrf_client, "panitia")
    url = f"/e/{event.slug}/admin/invitations/whatsapp/{people['andi'].id}/sent"
    assert csrf_client.post(url).status_code == 400
    page = csrf_client.get(f"/e/{event.slug}/admin/invitations/whatsapp").get_data(as_text=True)
    token = csrf_token(page)
    assert csrf_client.post(url, data={"csrf_token": token}).status_code == 303


def no_show_chats(page: str) -> dict[str, str | None]:
    """Each no-show row's name and the chat its WhatsApp button opens (None: no button)."""
    rows = re.findall(r'noshow-table__name"><strong>([^<]+)</strong>(.*?)</tr>', page, re.S)
    return {
        name: (m.group(1) if (m := re.search(r'href="(https://wa\.me/[^"?]+)', rest)) else None)
        for name, rest in rows
    }


def test_no_show_list_and_queue_open_the_same_chat(client, login, event, people, make_delegate):
    short = make_delegate(name="Fikri", region=event.regions[10], phone="+628123456")
    login("admin")
    queue = f"/e/{event.slug}/admin/invitations/whatsapp?region={event.regions[10].id}"
    chats = no_show_chats(client.get(f"/e/{event.slug}/admin/reports/no-shows").get_data(True))
    for name in ("andi", "budi"):
        page = client.get(queue).get_data(as_text=True)
        assert wa_link(page).partition("?")[0] == chats[people[name].name]
        client.post(f"/e/{event.slug}/admin/invitations/whatsapp/{people[name].id}/sent")
    # Neither surface offers a chat to a landline, a number too short for a mobile or none.
    page = client.get(queue).get_data(as_text=True)
    assert "wa.me" not in page
    unreachable = page[page.index('id="office-title"') :]
    for person in (people["landline"], short, people["nophone"]):
        assert chats[person.name] is None and person.name in unreachable
