"""A door phone whose pass the organiser revoked: the next scan says so, with a sign-in
button, instead of a generic "no valid API token"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from checkin.accounts import issue_pass, revoke_pass
from tests.browser.verdicts import record_verdicts, verdicts


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def test_scan_after_revocation_says_the_pass_was_revoked(browser, live_url, db, event):
    event.starts_at = datetime.now(UTC) - timedelta(hours=1)
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    issued = issue_pass(db, event.doors[0])
    db.commit()
    context = browser.new_context(viewport={"width": 390, "height": 844}, permissions=[])
    page = context.new_page()
    record_verdicts(page, "result", "title", "detail")
    page.goto(f"{live_url}/door/{issued.secret}")
    page.fill("input[name=pin]", issued.pin)
    page.get_by_role("button", name="Masuk dan mulai memindai").click()
    page.wait_for_function("() => document.getElementById('scanner')?.dataset.ready === '1'")
    revoke_pass(db, event.doors[0])
    db.commit()
    page.locator(".modes__tab[data-mode=wedge]").click()
    page.keyboard.type("BUKAN-UNDANGAN-APAPUN\n")
    shown = verdicts(page, 1)[0]
    assert shown["title"] == "PASS DICABUT"
    assert shown["detail"] == "Pass pintu ini dicabut panitia — pindai QR pass baru"
    signin = page.locator("#verdict-signin")
    expect(signin).to_be_visible()
    assert signin.get_attribute("href").endswith("/login")
    context.close()
