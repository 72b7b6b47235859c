"""Offline door scanning in a real Chromium: the network goes away (or the server is too
slow to answer), the scanner judges from its encrypted roster, queues in IndexedDB,
survives reloads (the service worker serves the page), and syncs each scan exactly once,
with its original time, when the network comes back.

"The network goes away" is Playwright's offline emulation (navigator.onLine turns false,
the page's own requests fail) plus a cut cable: Chromium's emulation does not cover the
requests a service worker makes, or those it lets through, so the browser talks to the app
through a small TCP relay that the test can cut and restore on the same port.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from datetime import UTC, datetime

import pytest
from flask import request
from playwright.sync_api import expect
from sqlalchemy import select

from checkin.models import CheckIn, Scan
from tests.browser.verdicts import record_verdicts, verdicts
from tests.browser.y4m import Shot, write_y4m
from tests.conftest import PASSWORD
from tests.servers import threaded_server

SLUG = "rakor-ormas-2024"

#: The scans waiting in the phone's IndexedDB queue, oldest first.
READ_QUEUE = """
async (slug) => {
  const queue = await import("/static/js/lib/queue.js");
  const db = await queue.openOfflineDb(slug);
  const items = await queue.queuedScans(db);
  db.close();
  return items;
}
"""


class Relay:
    """A TCP relay in front of the app; down() cuts every connection, up() listens again."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener: socket.socket | None = None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self.lock:
            doomed, self.sockets = self.sockets, set()
        for sock in doomed:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def relay(app):
    """The app behind a relay the test can cut; the relay's URL is what the browser opens."""
    with threaded_server(app) as url:
        relay = Relay(int(url.rsplit(":", 1)[1]))
        relay.up()
        relay.url = f"http://127.0.0.1:{relay.port}"  # type: ignore[attr-defined]
        yield relay
        relay.down()


@pytest.fixture
def live_url(relay):
    return relay.url


def go_offline(context, page, relay) -> None:
    """The wifi goes: the browser knows it is offline and the server cannot be reached."""
    context.set_offline(True)
    relay.down()
    page.wait_for_function(
        "() => document.getElementById('scanner')?.dataset.network === 'offline'"
    )


def go_online(context, relay) -> None:
    relay.up()
    context.set_offline(False)


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True, "DOOR_VERDICT_MS": 1200}


@pytest.fixture
def slow_checkins(app):
    """While set, the check-in API answers only after 3 seconds (the server is swamped)."""
    slow = threading.Event()

    @app.before_request
    def _slow_down():
        if slow.is_set() and request.path.endswith("/checkins"):
            time.sleep(3)

    return slow


@pytest.fixture
def server_hits(app):
    """Every path the server was asked for, in order."""
    hits: list[str] = []

    @app.before_request
    def _record():
        hits.append(request.path)

    return hits


def sign_in(page, live_url, username):
    page.goto(f"{live_url}/login?next=/e/{SLUG}/scan")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit], section.login button[type=submit]")
    page.wait_for_url(f"{live_url}/e/{SLUG}/scan")


def wait_ready(page):
    page.wait_for_function("() => document.getElementById('scanner')?.dataset.ready === '1'")


def wait_offline_ready(page):
    """The roster is on the phone and the service worker controls the page."""
    wait_ready(page)
    page.wait_for_function(
        """() => document.getElementById('scanner')?.dataset.roster === 'ready'
                 && document.getElementById('scanner')?.dataset.sw === 'ready'
                 && navigator.serviceWorker.controller !== null""",
        timeout=20_000,
    )


def open_context(browser, *, door=None, mode=None):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    record_verdicts(page, "result", "offline", "title", "name", "detail", "band")
    if door:
        # The door (and mode) this phone chose earlier, as the page keeps them.
        page.add_init_script(
            f"localStorage.setItem('checkin.door.{SLUG}', {door!r});"
            f"localStorage.setItem('checkin.door.{SLUG}.mode', {mode or 'wedge'!r});"
        )
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, page, errors


def pending(page) -> str:
    return page.locator("#scanner").get_attribute("data-pending")


def wait_pending(page, n: int, timeout: int = 20_000):
    page.wait_for_function(
        f"() => document.getElementById('scanner')?.dataset.pending === '{n}'", timeout=timeout
    )


def as_utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(UTC)


def test_offline_camera_scans_survive_reload_and_sync_once_with_their_times(
    launch_browser, tmp_path, live_url, relay, make_user, make_delegate, event, db, server_hits
):
    people = [make_delegate(name=f"Tamu Luring {n}") for n in range(3)]
    staff = make_user("pintu-utama", "door")
    shots = [Shot(None, 3)]
    for person in people:
        shots += [Shot(f"{live_url}/i/{person.secret}", 2), Shot(None, 3)]
    video = write_y4m(tmp_path / "offline.y4m", [*shots, Shot(None, 120)])
    browser = launch_browser(
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    )
    context, page, errors = open_context(browser)
    sign_in(page, live_url, staff.username)
    wait_offline_ready(page)

    # The wifi goes; the page is reloaded with no network: the service worker serves it.
    go_offline(context, page, relay)
    hits_before = len(server_hits)
    page.reload()
    wait_ready(page)
    expect(page.locator("#offline-banner")).to_contain_text("MODE LURING")
    page.get_by_role("button", name="Pintu Utama").click()

    seen = verdicts(page, 3, timeout=60_000)
    assert [v["result"] for v in seen] == ["admitted"] * 3, seen
    # The decoder worker came from the service worker's cache too (unless the browser decodes).
    assert page.locator("#scanner").get_attribute("data-decoder") in {"zxing-worker", "native"}
    assert [v["name"] for v in seen] == [p.name for p in people]
    assert all(v["offline"] and "LURING" in v["band"] for v in seen)
    expect(page.locator("#offline-banner")).to_contain_text("3 menunggu dikirim")
    queued = page.evaluate(READ_QUEUE, SLUG)
    assert [q["offline_admitted"] for q in queued] == [True] * 3

    # Stop the camera (wedge mode), reload again while offline: nothing is lost.
    page.locator(".modes__tab[data-mode=wedge]").click()
    page.reload()
    wait_ready(page)
    wait_pending(page, 3)
    expect(page.locator("#offline-banner")).to_contain_text("3 menunggu dikirim")
    # The phone remembers whom it let in: the first guest again is "already in", offline.
    page.locator("#wedge-input").fill(people[0].secret)
    page.keyboard.press("Enter")
    again = verdicts(page, 1)[0]
    assert again["result"] == "already_checked_in" and again["offline"]
    assert "ponsel ini" in again["detail"] and "Pintu Utama" in again["detail"]
    wait_pending(page, 4)
    queued = page.evaluate(READ_QUEUE, SLUG)
    # Two reloads, three camera scans and a wedge scan, and not one request reached the server.
    assert server_hits[hits_before:] == []

    go_online(context, relay)
    wait_pending(page, 0)
    page.wait_for_function("() => document.getElementById('scanner')?.dataset.network === 'online'")
    result = page.locator("#sync-result")
    expect(result).to_be_visible()
    expect(result).to_contain_text("Terkirim 4 pindaian luring: 3 masuk, 1 sudah masuk")
    expect(page.locator("#offline-banner")).to_be_hidden()
    assert errors == []
    context.close()

    db.rollback()
    check_ins = db.scalars(select(CheckIn).order_by(CheckIn.checked_in_at)).all()
    assert [c.delegate_id for c in check_ins] == [p.id for p in people]
    times = {q["scan_id"]: as_utc(q["scanned_at"]) for q in queued}
    assert [c.checked_in_at for c in check_ins] == [times[q["scan_id"]] for q in queued[:3]]
    assert all(c.is_offline and c.gate == "Pintu Utama" for c in check_ins)
    scans = {s.scan_id: s for s in db.scalars(select(Scan))}
    assert set(scans) == set(times)
    assert all(scans[sid].scanned_at == at for sid, at in times.items())
    assert [scans[q["scan_id"]].result for q in queued] == ["admitted"] * 3 + ["already_checked_in"]
    assert not any(s.is_conflict for s in scans.values())


def test_two_doors_offline_admit_one_delegate_one_check_in_one_conflict(
    browser, live_url, relay, make_user, make_delegate, event, db
):
    delegate = make_delegate(name="Hj. Dua Pintu", ormas="Aisyiyah")
    phones = []
    for username, door in (("pintu-utama", "Pintu Utama"), ("pintu-samping", "Pintu Samping")):
        make_user(username, "door")
        context, page, errors = open_context(browser, door=door)
        sign_in(page, live_url, username)
        wait_offline_ready(page)
        phones.append((context, page, errors))
    relay.down()
    for context, page, _errors in phones:
        go_offline(context, page, relay)
        page.locator("#wedge-input").fill(f"{live_url}/i/{delegate.secret}")
        page.keyboard.press("Enter")
        shown = verdicts(page, 1)[0]
        assert shown["result"] == "admitted" and shown["offline"]
        assert shown["name"] == "Hj. Dua Pintu"
        wait_pending(page, 1)

    relay.up()
    for context, page, _errors in phones:
        context.set_offline(False)
        wait_pending(page, 0)
        expect(page.locator("#sync-result")).to_be_visible()
    # Whichever phone reached the server first admitted; the other reports a conflict.
    results = [page.locator("#sync-result") for _, page, _ in phones]
    assert sorted(r.get_attribute("data-conflicts") for r in results) == ["0", "1"]
    first, second = sorted(results, key=lambda r: r.get_attribute("data-conflicts"))
    expect(first).to_contain_text("1 masuk")
    expect(second).to_contain_text("KONFLIK")
    expect(second).to_contain_text("Hj. Dua Pintu")
    page_of = {id(r): page for r, (_, page, _) in zip(results, phones, strict=True)}
    winner_door = page_of[id(first)].locator("#door-current-name").text_content()
    loser_door = page_of[id(second)].locator("#door-current-name").text_content()
    expect(second).to_contain_text(winner_door)
    for context, _page, errors in phones:
        assert errors == []
        context.close()

    db.rollback()
    check_ins = db.scalars(select(CheckIn)).all()
    assert [(c.delegate_id, c.gate) for c in check_ins] == [(delegate.id, winner_door)]
    conflicts = db.scalars(select(Scan).where(Scan.is_conflict.is_(True))).all()
    assert [(s.delegate_id, s.gate) for s in conflicts] == [(delegate.id, loser_door)]


def test_slow_server_switches_to_offline_and_the_scan_counts_once(
    browser, live_url, make_user, make_delegate, event, db, slow_checkins
):
    delegate = make_delegate(name="Tamu Lambat")
    make_user("pintu-utama", "door")
    context, page, errors = open_context(browser, door="Pintu Utama")
    sign_in(page, live_url, "pintu-utama")
    wait_offline_ready(page)

    slow_checkins.set()
    started = time.monotonic()
    page.locator("#wedge-input").fill(delegate.secret)
    page.keyboard.press("Enter")
    shown = verdicts(page, 1)[0]
    assert time.monotonic() - started < 3
    assert shown["result"] == "admitted" and shown["offline"]
    expect(page.locator("#offline-banner")).to_contain_text("MODE LURING")

    # The slow request still reached the server; the sync sends the same scan_id again.
    slow_checkins.clear()
    page.locator("#offline-retry").click()
    wait_pending(page, 0)
    expect(page.locator("#sync-result")).to_contain_text("Terkirim 1 pindaian luring")
    assert errors == []
    context.close()

    db.rollback()
    assert len(db.scalars(select(CheckIn)).all()) == 1
    scans = db.scalars(select(Scan)).all()
    assert len(scans) == 1 and scans[0].result == "admitted" and not scans[0].is_conflict


def test_offline_refuses_revoked_and_unknown_and_explains_search(
    browser, live_url, relay, make_user, make_delegate, event, db
):
    revoked = make_delegate(name="Undangan Dicabut", revoked_at=datetime.now(UTC))
    make_user("pintu-samping", "door")
    context, page, errors = open_context(browser, door="Pintu Samping")
    sign_in(page, live_url, "pintu-samping")
    wait_offline_ready(page)
    go_offline(context, page, relay)

    page.locator("#wedge-input").fill(revoked.secret)
    page.keyboard.press("Enter")
    first = verdicts(page, 1)[0]
    assert first["result"] == "revoked" and first["offline"] and first["name"] == ""
    page.locator("#verdict").click()
    page.locator("#wedge-input").fill("A" * 32)
    page.keyboard.press("Enter")
    second = verdicts(page, 2)[1]
    assert second["result"] == "unknown_code" and "meja panitia" in second["detail"]
    page.locator("#verdict").click()
    # The revoked scan is queued for the log; the unknown one is not (it could be valid).
    wait_pending(page, 1)

    page.locator(".modes__tab[data-mode=search]").click()
    expect(page.locator("#search-offline")).to_be_visible()
    expect(page.locator("#search-offline")).to_contain_text("tidak tersedia saat luring")
    expect(page.locator("#search-input")).to_be_disabled()
    assert errors == []
    context.close()


def test_invitation_page_opens_offline_after_one_visit(
    browser, live_url, relay, make_delegate, event
):
    delegate = make_delegate(name="Delegasi Basement")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_url}/i/{delegate.secret}")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)
    # The page marks itself once the worker has kept it and everything it loaded (QR too).
    page.wait_for_function(
        "() => document.documentElement.dataset.offlineReady === 'true'", timeout=20_000
    )
    # The relay going down is the network loss (Chromium's offline emulation sometimes
    # refuses the navigation itself before the service worker can answer it).
    relay.down()
    page.reload()
    # The worker waits up to 3 s for the network before it answers from its copy.
    expect(page.get_by_text("Delegasi Basement").first).to_be_visible(timeout=15_000)
    qr = page.locator("img[src*='/qr.svg']").first
    expect(qr).to_be_visible()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=qr.element_handle(), timeout=10_000
    )
    context.close()


def test_page_never_seen_offline_says_so(browser, live_url, relay, event):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_url}/login")
    page.evaluate("() => navigator.serviceWorker.register('/sw.js')")
    page.wait_for_function("async () => (await navigator.serviceWorker.ready).active !== null")
    context.set_offline(True)
    relay.down()
    response = page.goto(f"{live_url}/i/{'B' * 32}")
    assert response.status == 503
    expect(page.get_by_text("Tidak ada sambungan")).to_be_visible()
    context.close()
