"""The scanner page without a camera: door chooser, keyboard-wedge scanners, manual search
with check-in and substitutes, and what it says when the camera cannot be used."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from checkin.models import CheckIn, Scan
from tests.browser.verdicts import record_verdicts, shown_verdicts, verdicts
from tests.conftest import PASSWORD

PHONE = "+6281234567890"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def door_user(make_user):
    return make_user("petugas-pintu", "door")


def sign_in(page, live_url, user, next_path):
    page.goto(f"{live_url}/login?next={next_path}")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit], section.login button[type=submit]")


def open_scanner(browser, live_url, user, event, *, permissions=None):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        permissions=permissions if permissions is not None else [],
    )
    page = context.new_page()
    record_verdicts(page, "result", "name", "detail")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, live_url, user, f"/e/{event.slug}/scan")
    page.wait_for_url(f"{live_url}/e/{event.slug}/scan")
    page.wait_for_function("() => document.getElementById('scanner')?.dataset.ready === '1'")
    return page, errors


def test_door_is_chosen_once_and_remembered(browser, live_url, door_user, event):
    page, errors = open_scanner(browser, live_url, door_user, event)
    expect(page.locator("#door-chooser")).to_be_visible()
    expect(page.locator("#workspace")).to_be_hidden()
    page.get_by_role("button", name="Pintu Samping").click()
    expect(page.locator("#door-chooser")).to_be_hidden()
    expect(page.locator("#door-current-name")).to_have_text("Pintu Samping")
    page.reload()
    page.wait_for_function("() => document.getElementById('scanner')?.dataset.ready === '1'")
    expect(page.locator("#door-chooser")).to_be_hidden()
    expect(page.locator("#door-current-name")).to_have_text("Pintu Samping")
    page.locator("#door-current").click()
    expect(page.locator("#door-chooser")).to_be_visible()
    page.get_by_role("button", name="Pintu Utama").click()
    expect(page.locator("#door-current-name")).to_have_text("Pintu Utama")
    assert errors == []


def test_keyboard_wedge_with_and_without_enter_and_control_prefix(
    browser, live_url, door_user, event, make_delegate, db
):
    people = [make_delegate(name=f"Tamu Wedge {n}") for n in range(4)]
    page, errors = open_scanner(browser, live_url, door_user, event)
    page.get_by_role("button", name="Pintu Samping").click()
    page.locator(".modes__tab[data-mode=wedge]").click()
    expect(page.locator("#wedge-input")).to_be_focused()

    # 1. the invitation URL, then Enter
    page.keyboard.type(f"{live_url}/i/{people[0].secret}\n")
    assert verdicts(page, 1)[0] == {
        "result": "admitted",
        "name": "Tamu Wedge 0",
        "detail": "",
    }
    # 2. the bare secret, no Enter: sent after the scanner's burst ends
    page.keyboard.type(people[1].secret)
    assert verdicts(page, 2)[1]["name"] == "Tamu Wedge 1"
    # 3. a control character and an AIM symbology prefix before the code, Enter after
    page.keyboard.type(f"\x02]Q1{live_url}/i/{people[2].secret}\x03\n")
    assert verdicts(page, 3)[2]["name"] == "Tamu Wedge 2"
    # 4. Tab as the suffix, and the same code again: already checked in
    page.keyboard.type(f"{people[2].secret}\t")
    repeat = verdicts(page, 4)[3]
    assert repeat["result"] == "already_checked_in" and "Pintu Samping" in repeat["detail"]
    # Focus lost (a tap somewhere): the scanner's keys still reach the code field.
    page.locator("#recent").click()
    page.keyboard.type(f"{people[1].secret}\n")
    assert verdicts(page, 5)[4]["result"] == "already_checked_in"
    # A person typing slowly is not cut off: nothing is sent until Enter.
    page.keyboard.type(people[3].secret[:8], delay=400)
    page.wait_for_timeout(800)
    assert len(shown_verdicts(page)) == 5
    page.keyboard.type(people[3].secret[8:] + "\n")
    assert verdicts(page, 6)[5]["name"] == "Tamu Wedge 3"
    assert errors == []
    page.context.close()

    db.rollback()
    admitted = db.scalars(select(CheckIn.delegate_id).order_by(CheckIn.id)).all()
    assert admitted == [p.id for p in people]
    assert set(db.scalars(select(CheckIn.gate))) == {"Pintu Samping"}
    assert len(db.scalars(select(Scan)).all()) == 6


def test_manual_search_lists_nothing_until_typed_and_checks_in(
    browser, live_url, door_user, event, make_delegate, db
):
    ahmad = make_delegate(name="Ahmad Fauzi", ormas="Pemuda Pancasila", phone=PHONE)
    ahmad_two = make_delegate(name="Ahmad Rifai", ormas="Pemuda Pancasila", phone=PHONE)
    make_delegate(name="Budi Santoso", ormas="KNPI", phone=PHONE)
    page, errors = open_scanner(browser, live_url, door_user, event)
    page.get_by_role("button", name="Pintu Utama").click()
    page.locator(".modes__tab[data-mode=search]").click()
    results = page.locator("#search-results li")
    expect(page.locator("#search-input")).to_be_focused()
    expect(results).to_have_count(0)
    expect(page.locator("#search-status")).to_contain_text("2 huruf")

    page.keyboard.type("a")
    page.wait_for_timeout(700)
    expect(results).to_have_count(0)
    page.keyboard.type("hmad")
    expect(results).to_have_count(2)
    expect(results.first).to_contain_text("Ahmad Fauzi")
    expect(results.first).to_contain_text("Pemuda Pancasila")
    body = page.content()
    assert "81234567890" not in body and "Budi" not in body

    results.filter(has_text="Ahmad Fauzi").get_by_role(
        "button", name="Masukkan", exact=True
    ).click()
    first = verdicts(page, 1)[0]
    assert first["result"] == "admitted" and first["name"] == "Ahmad Fauzi"
    expect(results.filter(has_text="Ahmad Fauzi")).to_contain_text("Sudah masuk")

    # A substitute from the same ormas comes with Ahmad Rifai's invitation.
    row = results.filter(has_text="Ahmad Rifai")
    row.get_by_role("button", name="Pengganti").click()
    row.get_by_label(re.compile("Nama pengganti")).fill("Joko Susilo")
    row.get_by_role("button", name="Masukkan pengganti").click()
    second = verdicts(page, 2)[1]
    assert second["result"] == "admitted" and "Joko Susilo" in second["detail"]
    assert errors == []
    page.context.close()

    db.rollback()
    rows = {c.delegate_id: c for c in db.scalars(select(CheckIn))}
    assert set(rows) == {ahmad.id, ahmad_two.id}
    assert rows[ahmad.id].substitute_name is None
    assert rows[ahmad_two.id].substitute_name == "Joko Susilo"
    assert {c.gate for c in rows.values()} == {"Pintu Utama"}


def test_walkin_registered_and_admitted_by_organiser(browser, live_url, make_user, event, db):
    from checkin.models import Delegate

    organiser = make_user("panitia", "admin")
    page, errors = open_scanner(browser, live_url, organiser, event)
    page.get_by_role("button", name="Pintu Samping").click()
    page.locator(".modes__tab[data-mode=walkin]").click()
    form = page.locator("#walkin-form")
    form.get_by_label("Nama", exact=True).fill("Rudi Hartono")
    form.get_by_label("Ormas").fill("Karang Taruna")
    form.get_by_role("button", name="Daftarkan dan masukkan").click()
    expect(page.locator("#walkin-error")).to_be_visible()
    assert shown_verdicts(page) == []
    form.get_by_label("Wilayah").select_option(label="Kota Samarinda")
    form.get_by_role("button", name="Daftarkan dan masukkan").click()
    first = verdicts(page, 1)[0]
    assert first["result"] == "admitted" and first["name"] == "Rudi Hartono"
    expect(form.get_by_label("Nama", exact=True)).to_have_value("")
    assert errors == []
    page.context.close()

    db.rollback()
    walkin = db.scalars(select(Delegate).where(Delegate.is_walkin.is_(True))).one()
    assert walkin.name == "Rudi Hartono" and walkin.region.name == "Kota Samarinda"
    assert db.scalars(select(CheckIn.gate)).all() == ["Pintu Samping"]


def test_camera_refused_says_how_to_fix_and_offers_other_modes(
    launch_browser, live_url, door_user, event
):
    browser = launch_browser("--use-fake-device-for-media-stream")
    page, errors = open_scanner(browser, live_url, door_user, event, permissions=[])
    page.get_by_role("button", name="Pintu Utama").click()
    problem = page.locator("#camera-problem")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("Izin kamera ditolak")
    expect(problem).to_contain_text("muat ulang")
    assert page.locator("#scanner").get_attribute("data-camera") == "denied"
    problem.get_by_role("button", name="Cari nama").click()
    expect(page.locator("#search-input")).to_be_visible()
    assert errors == []


def test_plain_http_on_a_lan_address_explains_https(launch_browser, app, door_user, event):
    from tests.servers import threaded_server

    # A host name that is not localhost makes http:// an insecure context, like a phone
    # opening http://192.168.1.10:8000 at the venue.
    browser = launch_browser(
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        "--host-resolver-rules=MAP pintu.test 127.0.0.1",
    )
    with threaded_server(app) as url:
        lan_url = url.replace("127.0.0.1", "pintu.test")
        page, errors = open_scanner(browser, lan_url, door_user, event)
        page.get_by_role("button", name="Pintu Utama").click()
        problem = page.locator("#camera-problem")
        expect(problem).to_be_visible()
        expect(problem).to_contain_text("HTTPS")
        expect(problem).to_contain_text("checkin serve --https")
        assert page.locator("#scanner").get_attribute("data-camera") == "insecure"
        assert errors == []
        page.context.close()
