"""Phones shown to organisers are grouped for reading (+62 812-3456-7890), one formatter
(checkin.events.format_phone, the `phone` filter) for every page; links keep the E.164 form."""

from __future__ import annotations

import pytest


@pytest.fixture
def delegate(make_delegate):
    return make_delegate(name="Siti Rahmah", phone="+6281234567890")


def test_delegate_list_groups_the_number(client, login, event, delegate):
    login("admin")
    page = client.get(f"/e/{event.slug}/admin/delegates").get_data(as_text=True)
    assert 'href="tel:+6281234567890">+62 812-3456-7890</a>' in page


def test_no_show_list_groups_the_number(client, login, event, delegate):
    login("admin")
    page = client.get(f"/e/{event.slug}/admin/reports/no-shows").get_data(as_text=True)
    assert 'href="tel:+6281234567890">+62 812-3456-7890</a>' in page


def test_delegate_page_groups_the_number(client, login, event, delegate):
    login("admin")
    url = f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation"
    page = client.get(url).get_data(as_text=True)
    assert "(+62 812-3456-7890)" in page


def test_an_unreadable_stored_number_is_shown_as_stored(client, login, event, make_delegate):
    make_delegate(name="Lama", phone="+62 lama")
    login("admin")
    page = client.get(f"/e/{event.slug}/admin/delegates").get_data(as_text=True)
    assert ">+62 lama</a>" in page
