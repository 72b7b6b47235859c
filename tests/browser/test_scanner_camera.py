"""End to end with a fake camera: Chromium plays a Y4M video of QR codes into the real
scanner page (signed in with a door pass) and we check what the page showed and what the
database holds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from checkin.models import CheckIn, Scan
from tests.browser.camera import DECODER_PATHS, invitation, open_scanner_with_fake_camera
from tests.browser.verdicts import verdicts as wait_for_verdicts
from tests.browser.y4m import Shot, write_y4m

GARBAGE = "hello, ini bukan undangan"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def people(make_delegate, running_event):
    return {
        "first": make_delegate(name="Drs. H. Ahmad Syarifuddin, M.Si.", ormas="Pemuda Pancasila"),
        "second": make_delegate(name="Siti Rahmawati", ormas="Fatayat NU"),
        "revoked": make_delegate(name="Bambang", revoked_at=datetime.now(UTC)),
        "untouched": make_delegate(name="Tidak Datang"),
    }


@pytest.fixture
def codes_video(tmp_path, live_url, people):
    """valid, the same again, revoked, garbage, a second valid; blank frames between."""
    gap = Shot(None, 4.5)
    shots = [
        Shot(None, 3),
        Shot(invitation(live_url, people["first"]), 2),
        gap,
        Shot(invitation(live_url, people["first"]), 2),
        gap,
        Shot(invitation(live_url, people["revoked"]), 2),
        gap,
        Shot(GARBAGE, 2),
        gap,
        Shot(people["second"].secret, 2),
        # A long blank tail, so the loop does not start again before the test is done.
        Shot(None, 25),
    ]
    return write_y4m(tmp_path / "codes.y4m", shots)


@pytest.mark.parametrize("path", list(DECODER_PATHS))
def test_fake_camera_scans_show_verdicts_and_record_check_ins(
    launch_browser, db, live_url, running_event, people, codes_video, path
):
    page, errors = open_scanner_with_fake_camera(
        launch_browser,
        db,
        live_url,
        running_event,
        codes_video,
        init_script=DECODER_PATHS[path],
        fields=("result", "look", "title", "name", "ormas", "region", "detail"),
    )
    scanner = page.locator("#scanner")
    assert scanner.get_attribute("data-door") == "Pintu Utama"
    native = page.evaluate(
        """async () => 'BarcodeDetector' in window
            && (await BarcodeDetector.getSupportedFormats()).includes('qr_code')"""
    )
    expected = "zxing" if path == "zxing-main-thread" else "zxing-worker"
    assert scanner.get_attribute("data-decoder") == ("native" if native else expected)

    verdicts = wait_for_verdicts(page, 5, timeout=90_000)
    assert [v["result"] for v in verdicts] == [
        "admitted",
        "already_checked_in",
        "revoked",
        "unknown_code",
        "admitted",
    ], verdicts
    first, repeat, revoked, garbage, second = verdicts
    assert first["name"] == "Drs. H. Ahmad Syarifuddin, M.Si."
    assert first["ormas"] == "Pemuda Pancasila" and first["region"]
    assert "verdict--admitted" in first["look"]
    assert "verdict--already" in repeat["look"] and "Pintu Utama" in repeat["detail"]
    assert "WITA" in repeat["detail"]
    assert "verdict--refused" in revoked["look"] and "dicabut" in revoked["detail"]
    assert "verdict--refused" in garbage["look"] and garbage["name"] == ""
    assert second["name"] == "Siti Rahmawati"
    assert errors == []
    page.context.close()

    db.rollback()
    check_ins = db.scalars(select(CheckIn).order_by(CheckIn.id)).all()
    assert [c.delegate_id for c in check_ins] == [people["first"].id, people["second"].id]
    assert {c.gate for c in check_ins} == {"Pintu Utama"}
    assert all(c.by_user_id is not None for c in check_ins)
    scans = db.scalars(select(Scan).order_by(Scan.id)).all()
    assert [s.result for s in scans] == [
        "admitted",
        "already_checked_in",
        "revoked",
        "unknown_code",
        "admitted",
    ]
    assert scans[3].code == GARBAGE
    assert {s.gate for s in scans} == {"Pintu Utama"}
