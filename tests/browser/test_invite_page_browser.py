"""The invitation page in a phone browser: the QR scans from a screenshot in light and dark mode."""

from __future__ import annotations

from datetime import timedelta

import pytest
import zxingcpp
from PIL import Image

from checkin.db import utcnow

PUBLIC = "https://checkin.example.id"


@pytest.fixture
def delegate(db, event, make_delegate):
    event.starts_at = utcnow() + timedelta(days=5)
    db.commit()
    return make_delegate(name="Drs. H. Ahmad Syarifuddin, M.Si.", ormas="Pemuda Pancasila")


def phone_page(browser, scheme: str):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, color_scheme=scheme
    )
    return context.new_page()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_qr_scans_from_a_screenshot(browser, live_url, delegate, tmp_path, scheme):
    page = phone_page(browser, scheme)
    page.goto(f"{live_url}/i/{delegate.secret}")
    shot = tmp_path / f"invite-{scheme}.png"
    page.screenshot(path=str(shot))
    results = zxingcpp.read_barcodes(Image.open(shot).convert("L"))
    assert [r.text for r in results] == [f"{PUBLIC}/i/{delegate.secret}"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_qr_stays_black_on_white_in_dark_mode(browser, live_url, delegate, scheme):
    page = phone_page(browser, scheme)
    page.goto(f"{live_url}/i/{delegate.secret}")
    background = page.eval_on_selector(
        ".invite-qr__image", "img => getComputedStyle(img).backgroundColor"
    )
    assert background == "rgb(255, 255, 255)"


def test_substitute_fields_appear_only_for_diwakilkan(browser, live_url, delegate):
    page = phone_page(browser, "light")
    page.goto(f"{live_url}/i/{delegate.secret}")
    assert not page.is_visible("input[name=substitute_mandate]")
    page.check("input[value=diwakilkan]")
    assert page.is_visible("input[name=substitute_mandate]")


def test_delegate_confirms_as_substitute_in_the_browser(browser, live_url, delegate):
    page = phone_page(browser, "light")
    page.goto(f"{live_url}/i/{delegate.secret}")
    page.check("input[value=diwakilkan]")
    page.fill("input[name=substitute_name]", "Hj. Nurul Hidayah, S.E.")
    page.fill("input[name=substitute_position]", "Sekretaris")
    page.fill("input[name=substitute_mandate]", "045/ST/PP-KT/X/2024")
    page.click("button.invite-confirm__submit")
    page.wait_for_selector(".invite-answer--diwakilkan")
    assert "Hj. Nurul Hidayah, S.E." in page.inner_text(".invite-answer")
