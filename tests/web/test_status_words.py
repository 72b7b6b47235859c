"""Pages speak one vocabulary: "Akan hadir" is an answer, "Hadir" an arrival, wherever shown."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from checkin.db import utcnow
from checkin.models import CheckIn


def _confirmation_facts(html: str) -> str:
    """The <dd> after the organiser's "Konfirmasi" fact on a delegate's invitation page."""
    match = re.search(r"<dt>Konfirmasi</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert match, "no Konfirmasi fact"
    return " ".join(match[1].split())


def test_organiser_sees_an_attending_answer_as_akan_hadir(client, db, login, event, make_delegate):
    delegate = make_delegate(confirmation="akan_hadir")
    login("admin")
    html = client.get(f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation").get_data(
        as_text=True
    )
    assert _confirmation_facts(html).startswith("Akan hadir")


def test_invitation_page_offers_akan_hadir_and_shows_the_answer(client, db, make_delegate):
    delegate = make_delegate(confirmation="akan_hadir")
    delegate.event.starts_at = utcnow() + timedelta(days=7)
    db.commit()
    html = client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    assert re.search(r'value="akan_hadir"[^>]*>\s*<span>Akan hadir</span>', html)
    assert "invite-answer invite-answer--akan_hadir" in html
    assert "Jawaban Anda: <strong>Akan hadir</strong>" in " ".join(html.split())


def test_delegates_filter_offers_the_arrival_words(client, db, login, event, make_delegate):
    make_delegate(name="Sudah Masuk")
    revoked = make_delegate(name="Tidak Berlaku", revoked_at=datetime(2024, 10, 1, tzinfo=UTC))
    login("admin")
    html = client.get(
        f"/e/{event.slug}/admin/delegates", query_string={"status": "dicabut"}
    ).get_data(as_text=True)
    assert '<option value="hadir">Hadir</option>' in html
    assert '<option value="belum_hadir">Belum hadir</option>' in html
    assert '<option value="dicabut" selected>Dicabut</option>' in html
    assert revoked.name in html and "Sudah Masuk" not in html


def test_arrived_delegate_counts_as_hadir_on_the_delivery_status_page(
    client, db, login, event, make_delegate
):
    attending, arrived = make_delegate(confirmation="akan_hadir"), make_delegate()
    db.add(CheckIn(event_id=event.id, delegate_id=arrived.id, checked_in_at=utcnow(), gate="A"))
    db.commit()
    login("admin")
    url = f"/e/{event.slug}/admin/invitations/status"
    listed = client.get(url, query_string={"status": "hadir"}).get_data(as_text=True)
    assert arrived.name in listed and attending.name not in listed
    answered = client.get(url, query_string={"status": "konfirmasi"}).get_data(as_text=True)
    assert attending.name in answered and arrived.name not in answered
