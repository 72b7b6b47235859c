"""Public addresses (checkin/web/urls.py): invitation URLs, door passes and share links are all
built on one base: the event's public address, else CHECKIN_PUBLIC_URL, else the address
`checkin serve` announced; never the request's own host (tests/web/test_public_address.py)."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from checkin.invitations import invitation_url, new_secret
from checkin.web.urls import public_base_url, public_url_for, require_public_base

#: The app served under a mount point (SCRIPT_NAME=/checkin) on a laptop at the venue.
MOUNTED = "http://192.168.1.10:5000/checkin/"


@pytest.mark.parametrize(
    ("public_url", "base"),
    [
        ("https://kesbangpol.example.id/checkin", "https://kesbangpol.example.id/checkin"),
        ("https://kesbangpol.example.id/checkin/", "https://kesbangpol.example.id/checkin"),
    ],
)
def test_page_links_and_invitation_urls_share_one_base(app, event, public_url, base):
    app.config["PUBLIC_URL"] = public_url
    secret = new_secret()
    with app.test_request_context("/", base_url=MOUNTED):
        assert public_base_url(event).rstrip("/") == base
        assert invitation_url(public_base_url(event), secret) == f"{base}/i/{secret}"
        assert public_url_for(event, "invite.page", secret=secret) == f"{base}/i/{secret}"
        assert public_url_for(event, "door.pass_signin", secret="p4ss") == f"{base}/door/p4ss"


def test_without_a_mount_point_links_are_base_plus_path(app, event):
    app.config["PUBLIC_URL"] = "http://192.168.1.10:5000"
    with app.test_request_context("/", base_url="http://127.0.0.1:5000"):
        assert public_url_for(event, "door.pass_signin", secret="p") == (
            "http://192.168.1.10:5000/door/p"
        )


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_a_blank_public_url_never_falls_back_to_the_request(app, event, blank):
    app.config["PUBLIC_URL"] = blank
    with app.test_request_context("/", base_url="http://192.168.1.10:5000"):
        assert public_base_url(event) is None
        assert public_url_for(event, "door.pass_signin", secret="p") is None
        with pytest.raises(Exception, match="Alamat publik"):
            require_public_base(event)
        app.config["SERVED_URL"] = "https://192.168.1.20:5000/"
        assert public_base_url(event) == "https://192.168.1.20:5000/"


def test_the_configured_public_url_wins_over_the_request(app, event):
    with app.test_request_context("/", base_url="http://127.0.0.1:5000"):
        assert public_base_url(event) == "https://checkin.example.id"


def test_a_walkin_gets_the_invitation_url_its_qr_carries(app, client, login, event):
    # The walk-in answer and the QR were built two ways: under a mount point they differed.
    mounted = "http://localhost/checkin/"
    app.config["PUBLIC_URL"] = mounted
    login("admin")
    walkin = {"name": "Siti Aminah", "ormas": "Fatayat NU", "region_id": event.regions[2].id}
    response = client.post(
        f"/api/events/{event.slug}/walkins", json={**walkin, "gate": "Pintu Utama"},
        base_url=mounted,
    )  # fmt: skip
    url = response.get_json()["invitation_url"]
    assert url.startswith(f"{mounted}i/")
    qr = client.get(f"/i/{url.rsplit('/', 1)[1]}/qr.png", base_url=mounted)
    [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.data)).convert("L"))
    assert found.text == url
