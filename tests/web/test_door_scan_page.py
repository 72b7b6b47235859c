"""The scanner page as HTML: who may open it, what it hands the script, no phone numbers,
and the locally served decoder (ponyfill + its matching .wasm, no CDN)."""

from __future__ import annotations

import hashlib
import json
import re
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor"
URL = "/e/rakor-ormas-2024/scan"


def data_attr(page: str, name: str) -> str:
    match = re.search(rf"data-{name}=(['\"])(.*?)\1", page, re.S)
    assert match, name
    return unescape(match.group(2))


def test_scan_page_anonymous_is_sent_to_login(client, event):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response.location


@pytest.mark.parametrize("role", ["viewer", "liaison"])
def test_scan_page_forbidden_to_other_roles(client, login, event, role):
    login(role)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("role", ["door", "admin"])
def test_scan_page_opens_for_door_staff_and_organisers(client, login, event, role):
    login(role)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert json.loads(data_attr(page, "doors")) == ["Pintu Utama", "Pintu Samping"]
    assert data_attr(page, "checkin-url") == "/api/events/rakor-ormas-2024/checkins"
    assert data_attr(page, "search-url") == "/api/events/rakor-ormas-2024/delegates/search"
    messages = json.loads(data_attr(page, "messages"))
    assert "HTTPS" in messages["insecure"] and "checkin serve --https" in messages["insecure"]
    assert "izinkan Kamera" in messages["camera_denied"]


def test_scan_page_unknown_event_is_404(client, login, event):
    login("door")
    assert client.get("/e/tidak-ada/scan").status_code == 404


def test_scan_page_has_no_inline_script_or_style(client, login, event):
    login("door")
    page = client.get(URL).get_data(as_text=True)
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag
    assert " style=" not in page
    assert 'type="module"' in page


def test_scan_page_never_shows_phone_numbers(client, login, event, make_delegate):
    make_delegate(name="Hadi", phone="+6281299988877")
    login("door")
    page = client.get(URL).get_data(as_text=True)
    assert "81299988877" not in page


def test_walkin_form_hidden_from_door_staff_by_default(client, login, event):
    login("door")
    page = client.get(URL).get_data(as_text=True)
    assert 'id="walkin-form"' not in page and 'data-mode="walkin"' not in page


def test_walkin_form_shown_to_door_staff_when_event_allows(client, login, db, event):
    event.allow_door_walkin = True
    db.commit()
    login("door")
    page = client.get(URL).get_data(as_text=True)
    assert 'id="walkin-form"' in page
    assert 'name="region_id"' in page and event.regions[0].name in page


def test_walkin_form_always_shown_to_organisers(client, login, event):
    login("admin")
    assert 'id="walkin-form"' in client.get(URL).get_data(as_text=True)


def test_decoder_modules_and_wasm_are_served_locally(client, login, event):
    login("door")
    page = client.get(URL).get_data(as_text=True)
    with client.get(data_attr(page, "ponyfill-url")) as ponyfill:
        assert ponyfill.status_code == 200
        assert "javascript" in ponyfill.mimetype
        source = ponyfill.get_data(as_text=True)
    # The ES build must load in a browser as is: relative imports only, no bare specifiers.
    imports = re.findall(r"""from\s*["']([^"']+)["']""", source)
    assert imports and all(spec.startswith("./") for spec in imports)
    with client.get(data_attr(page, "wasm-url")) as wasm:
        assert wasm.status_code == 200 and wasm.mimetype == "application/wasm"
        assert wasm.data[:4] == b"\0asm"


def test_decoder_worker_is_served_as_a_module_the_page_may_start(client, login, event):
    login("door")
    response = client.get(URL)
    page = response.get_data(as_text=True)
    worker_url = data_attr(page, "decoder-worker-url")
    assert worker_url == "/static/js/decoder-worker.js"
    with client.get(worker_url) as worker:
        assert worker.status_code == 200 and "javascript" in worker.mimetype
        # The worker compiles the .wasm under its own response's policy.
        assert "'wasm-unsafe-eval'" in worker.headers["Content-Security-Policy"]
    assert "worker-src 'self'" in response.headers["Content-Security-Policy"]


def test_service_worker_keeps_every_scanner_module_and_the_decoder_worker():
    # Offline, the page and its decoder worker load only what the service worker kept.
    js = ROOT / "static" / "js"
    shell = set(re.findall(r'"(static/[^"]+)"', (js / "sw.js").read_text()))
    todo, reached = [js / "scanner.js", js / "decoder-worker.js"], set()
    while todo:
        path = todo.pop()
        reached.add(path.relative_to(ROOT).as_posix())
        for spec in re.findall(r"""^import .*? from "(\./[^"]+)";""", path.read_text(), re.M):
            target = (path.parent / spec).resolve()
            if target.relative_to(ROOT).as_posix() not in reached:
                todo.append(target)
    assert len(reached) > 10
    assert reached <= shell, sorted(reached - shell)


def test_wasm_is_the_build_the_ponyfill_expects():
    glue = (VENDOR / "barcode-detector" / "zxing-exported.js").read_text()
    expected = re.search(r'"([0-9a-f]{64})"', glue).group(1)
    actual = hashlib.sha256((VENDOR / "zxing-wasm" / "zxing_reader.wasm").read_bytes()).hexdigest()
    assert actual == expected


def test_vendor_modules_import_only_local_files():
    for path in (VENDOR / "barcode-detector").glob("*.js"):
        text = path.read_text()
        statements = r"""^\s*(?:import|export)\b[^;"']*?(?:from\s*)?["']([^"']+)["']"""
        for spec in re.findall(statements, text, re.M):
            assert spec.startswith("./"), (path.name, spec)


def test_verdict_and_repeat_times_come_from_config(app, client, login, event):
    app.config.update(DOOR_VERDICT_MS=4000, DOOR_REPEAT_MS=5000)
    login("door")
    page = client.get(URL).get_data(as_text=True)
    assert data_attr(page, "verdict-ms") == "4000"
    assert data_attr(page, "repeat-ms") == "5000"


DOOR_TIMINGS = {
    "DOOR_ONLINE_TIMEOUT_MS": "online-timeout-ms",
    "DOOR_WEDGE_IDLE_MS": "wedge-idle-ms",
    "DOOR_SCAN_INTERVAL_MS": "scan-interval-ms",
    "DOOR_SEARCH_DELAY_MS": "search-delay-ms",
}


@pytest.mark.parametrize("key", sorted(DOOR_TIMINGS))
def test_every_scanner_timing_comes_from_config(app, client, login, event, key):
    app.config[key] = 4321
    login("door")
    page = client.get(URL).get_data(as_text=True)
    assert data_attr(page, DOOR_TIMINGS[key]) == "4321"


def test_scanner_scripts_hold_no_timing_defaults_of_their_own():
    # The server is the one home of the door timings: no script may keep a fallback copy.
    js = Path(__file__).resolve().parents[2] / "static" / "js"
    scanner_modules = ("camera", "verdict", "search", "offline-status", "sending", "doors")
    paths = [js / "scanner.js", *(js / "lib" / f"{name}.js" for name in scanner_modules)]
    for path in [*paths, js / "lib" / "walkin.js", js / "lib" / "wedge.js"]:
        text = path.read_text()
        for number in ("2500", "3000", "1500", "300", "120", "250"):
            assert not re.search(rf"\b{number}\b", text), (path.name, number)
