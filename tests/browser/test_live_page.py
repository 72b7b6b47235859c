"""The live page and the welcome screen in Chromium, fed by check-ins made through the API."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
import requests

from checkin import create_app
from checkin.accounts import create_token
from checkin.db import database
from checkin.live import stop_feeds
from tests.conftest import PASSWORD, open_share_link
from tests.servers import threaded_server

SLUG = "rakor-ormas-2024"


@pytest.fixture(autouse=True)
def _stop_feeds(app):
    yield
    stop_feeds(database(app))


@pytest.fixture
def door_token(db, make_user) -> str:
    make_user("pintu-1", "door")
    token = create_token(db, "pintu-1")
    db.commit()
    return token


def scan(base: str, token: str, code: str, gate: str = "Pintu Utama") -> dict:
    response = requests.post(
        f"{base}/api/events/{SLUG}/checkins",
        json={"code": code, "gate": gate},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_live_page_numbers_follow_check_ins_within_two_seconds(
    browser, live_url, event, make_delegate, make_user, door_token
):
    delegates = [make_delegate(ormas="Pemuda Pancasila") for _ in range(3)]
    make_user("layar", "viewer")
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{live_url}/login?next=/e/{SLUG}/live")
    page.fill("input[name=username]", "layar")
    page.fill("input[name=password]", PASSWORD)
    page.click(".login button[type=submit]")
    page.wait_for_url(f"**/e/{SLUG}/live")
    page.wait_for_selector("#live[data-state=live]", timeout=10_000)
    assert page.text_content("#arrived") == "0"
    assert page.text_content("#invited") == "3"
    assert page.text_content("#live-state") == "Terhubung"

    for expected, delegate in enumerate(delegates, start=1):
        assert scan(live_url, door_token, delegate.secret)["result"] == "admitted"
        answered = time.monotonic()
        page.wait_for_function(
            "n => document.getElementById('arrived').textContent === String(n)",
            arg=expected,
            timeout=2_000,
        )
        assert time.monotonic() - answered < 2

    assert page.text_content("#percent") == "100%"
    assert "Pemuda Pancasila" in page.text_content("#ormas-list")
    assert delegates[-1].name in page.text_content("#latest")
    # A repeat scan changes nothing: counts are of delegates, not scans.
    assert scan(live_url, door_token, delegates[0].secret)["result"] == "already_checked_in"
    page.wait_for_timeout(800)
    assert page.text_content("#arrived") == "3"


def test_live_page_ormas_search_sort_and_not_arrived_filter(
    browser, live_url, db, event, make_delegate, door_token
):
    arrived = make_delegate(ormas="Ansor Samarinda")
    make_delegate(ormas="KNPI Berau")
    make_delegate(ormas="Fatayat NU Paser")
    _link, share = open_share_link(db, event)
    scan(live_url, door_token, arrived.secret)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_url}/e/{SLUG}/live?share={share}")
    page.wait_for_selector("#live[data-state=live]", timeout=10_000)

    rows = page.locator("#ormas-list .ormas-row__name")
    assert rows.first.text_content() == "Ansor Samarinda"  # most arrived first
    page.click("[data-sort=name]")
    assert rows.all_text_contents() == ["Ansor Samarinda", "Fatayat NU Paser", "KNPI Berau"]
    page.check("#ormas-missing")
    assert rows.all_text_contents() == ["Fatayat NU Paser", "KNPI Berau"]
    page.fill("#ormas-search", "knpi")
    assert rows.all_text_contents() == ["KNPI Berau"]


def test_live_page_can_hide_names(browser, live_url, db, event, make_delegate, door_token):
    delegate = make_delegate(name="Siti Rahmawati")
    _link, share = open_share_link(db, event)
    scan(live_url, door_token, delegate.secret)
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{live_url}/e/{SLUG}/live?share={share}")
    page.wait_for_selector("#live[data-state=live]", timeout=10_000)
    assert page.is_visible("text=Siti Rahmawati")

    page.click("#toggle-names")

    assert not page.is_visible("text=Siti Rahmawati")
    assert page.is_visible("#latest >> text=Nama disembunyikan")


def test_live_page_falls_back_to_polling_when_streaming_is_blocked(
    browser, live_url, db, event, make_delegate, door_token
):
    delegate = make_delegate()
    _link, share = open_share_link(db, event)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    # A proxy that never lets the stream through.
    page.route("**/stats/stream*", lambda route: route.abort())
    page.goto(f"{live_url}/e/{SLUG}/live?share={share}")
    page.wait_for_selector("#live[data-state=polling]", timeout=10_000)
    assert page.text_content("#arrived") == "0"

    scan(live_url, door_token, delegate.secret)

    page.wait_for_function(
        "() => document.getElementById('arrived').textContent === '1'", timeout=5_000
    )


def test_live_page_says_when_access_is_revoked(browser, live_url, db, event):
    from checkin.accounts import revoke_share_link

    link, share = open_share_link(db, event)
    page = browser.new_page()
    page.route("**/stats/stream*", lambda route: route.abort())
    page.goto(f"{live_url}/e/{SLUG}/live?share={share}")
    page.wait_for_selector("#live[data-state=polling]", timeout=10_000)

    revoke_share_link(db, event, link.id, by=None)
    db.commit()

    page.wait_for_selector("#live[data-state=denied]", timeout=8_000)
    assert "Akses ditolak" in page.text_content("#live-state")


def test_welcome_screen_greets_an_admitted_delegate(
    browser, live_url, db, event, make_delegate, door_token
):
    first = make_delegate(name="Drs. H. Ahmad Syarifuddin, M.Si.", ormas="FKUB Kaltim")
    vip = make_delegate(name="Dr. Hj. Rusmini", ormas="DPRD Provinsi", is_vip=True)
    _link, share = open_share_link(db, event, label="TV pintu")
    region = first.region.name
    db.rollback()  # end the read, so the next one sees what the app wrote since
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{live_url}/e/{SLUG}/welcome?share={share}")
    page.wait_for_selector("#welcome[data-state=live]", timeout=10_000)
    assert page.is_hidden("#welcome-greeting")

    scan(live_url, door_token, first.secret)
    scan(live_url, door_token, vip.secret)

    page.wait_for_selector("#welcome-greeting:not([hidden])", timeout=2_000)
    assert page.text_content("#greet-name") == first.name
    assert page.text_content("#greet-ormas") == "FKUB Kaltim"
    assert page.text_content("#greet-region") == region
    assert page.is_hidden("#greet-vip")
    # The second arrival waits its turn, then stands out as a guest of honour.
    page.wait_for_function(
        "name => document.getElementById('greet-name').textContent === name",
        arg=vip.name,
        timeout=8_000,
    )
    assert page.is_visible("#greet-vip")
    assert "+" not in page.text_content("#welcome-queue")


@pytest.fixture
def screen_url(app_config, app) -> Iterator[Callable[..., str]]:
    """Serve the test database from an app with these extra settings; yields a URL maker."""
    stack = ExitStack()

    def serve(**settings) -> str:
        other = create_app({**app_config, **settings})
        stack.callback(lambda: database(other).engine.dispose())
        stack.callback(lambda: stop_feeds(database(other)))
        return stack.enter_context(threaded_server(other))

    with stack:
        yield serve


def test_live_page_refused_a_stream_polls_slowly_and_shows_new_check_ins(
    browser, screen_url, db, event, make_delegate, door_token
):
    # A full server: every stream is refused with 503; the screen polls every ~0.3 s here.
    base = screen_url(LIVE_MAX_STREAMS=0, LIVE_BUSY_POLL_MS=300)
    delegate = make_delegate()
    _link, share = open_share_link(db, event)
    refused = []
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.on(
        "response",
        lambda response: "/stats/stream" in response.url and refused.append(response.status),
    )
    page.goto(f"{base}/e/{SLUG}/live?share={share}")
    page.wait_for_selector("#live[data-state=busy]", timeout=10_000)
    page.wait_for_function("() => document.getElementById('arrived').textContent === '0'")
    assert "Server ramai" in page.text_content("#live-state")

    scan(base, door_token, delegate.secret)

    page.wait_for_function(
        "() => document.getElementById('arrived').textContent === '1'", timeout=10_000
    )
    assert page.get_attribute("#live", "data-state") == "busy"
    assert refused and set(refused) == {503}


def test_live_page_streaming_says_when_its_link_is_revoked(browser, screen_url, db, event):
    from checkin.accounts import revoke_share_link

    base = screen_url(LIVE_RECHECK_INTERVAL=0.2)
    link, share = open_share_link(db, event)
    page = browser.new_page()
    page.goto(f"{base}/e/{SLUG}/live?share={share}")
    page.wait_for_selector("#live[data-state=live]", timeout=10_000)

    revoke_share_link(db, event, link.id, by=None)
    db.commit()

    # The stream ends, the browser reconnects into a 403, the screen says so.
    page.wait_for_selector("#live[data-state=denied]", timeout=10_000)
    assert "Akses ditolak" in page.text_content("#live-state")


def test_stream_refusals_are_read_from_the_status_and_retry_after(browser, live_url, event):
    page = browser.new_page()
    page.goto(f"{live_url}/login")
    answers = page.evaluate(
        """async () => {
            const { refusal, jittered } = await import('/static/js/lib/stream.js');
            return {
                full: refusal(503, '30'),
                limited: refusal(429, '600'),
                denied: refusal(403, null),
                failed: refusal(500, null),
                spread: [0, 0.5, 1].map((r) => jittered(15000, 1 / 3, () => r)),
            };
        }"""
    )
    assert answers["full"] == {"kind": "busy", "retryMs": 60_000}  # never sooner than a minute
    assert answers["limited"] == {"kind": "busy", "retryMs": 600_000}
    assert answers["denied"] == {"kind": "denied"}
    assert answers["failed"] == {"kind": "failed"}
    assert answers["spread"] == [10_000, 15_000, 20_000]
