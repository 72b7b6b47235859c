"""The public address of an event's links (checkin/invitations/links.py public_base) and the
check of the address an organiser types in Pengaturan (checkin/events/events.py)."""

from __future__ import annotations

import pytest

from checkin.errors import InvalidInput
from checkin.events import clean_public_url
from checkin.invitations import public_base
from checkin.models import Event

EVENT_URL = "https://undangan.kaltim.example"
DEPLOYMENT = "https://checkin.example.id"
SERVED = "https://192.168.1.10:5000/"


@pytest.mark.parametrize(
    ("event_url", "public_url", "served_url", "base"),
    [
        (EVENT_URL, DEPLOYMENT, SERVED, EVENT_URL),
        (None, DEPLOYMENT, SERVED, DEPLOYMENT),
        (None, "  ", SERVED, SERVED),
        (None, "", "", None),
        (None, None, None, None),
    ],
)
def test_the_event_then_the_deployment_then_the_served_address(
    event_url, public_url, served_url, base
):
    config = {"PUBLIC_URL": public_url, "SERVED_URL": served_url}
    assert public_base(Event(public_url=event_url), config) == base


def test_without_an_event_the_deployment_address_serves():
    assert public_base(None, {"PUBLIC_URL": DEPLOYMENT, "SERVED_URL": SERVED}) == DEPLOYMENT


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("", None),
        ("   ", None),
        (None, None),
        (" https://undangan.kaltim.example/ ", "https://undangan.kaltim.example"),
        ("http://192.168.1.10:5000", "http://192.168.1.10:5000"),
        ("https://kesbangpol.example.id/checkin/", "https://kesbangpol.example.id/checkin"),
        ("HTTPS://Undangan.Example.id", "HTTPS://Undangan.Example.id"),
    ],
)
def test_a_good_public_address_is_kept_without_its_last_slash(text, stored):
    assert clean_public_url(text) == stored


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("undangan.kaltim.example", "http"),
        ("ftp://undangan.kaltim.example", "http"),
        ("javascript:alert(1)", "http"),
        ("https://", "http"),
        ("https:///i/", "http"),
        ("https://undangan.kaltim.example/?a=1", "?"),
        ("https://undangan.kaltim.example/#x", "#"),
        ("https://undangan.kaltim.example?", "?"),
        ("https://user:pw@undangan.kaltim.example", "@"),
        ("https://undangan.kaltim.example:99999", "port"),
        ("https://[::1", "http"),
        ("https://undangan kaltim.example", "spasi"),
        ("https://undangan.kaltim.example/\x00", "spasi"),
        ("https://undangan.kaltim.example/" + "a" * 270, "300"),
    ],
)
def test_a_bad_public_address_is_refused_with_a_reason(text, why):
    with pytest.raises(InvalidInput) as raised:
        clean_public_url(text)
    assert raised.value.message.startswith("Alamat publik")
    assert why in raised.value.message
