"""`checkin demo` dates the Rakor event to the coming day, so door passes, konfirmasi and the
live screen all work on the day it is run; `--date` gives another day (the historical
15 October 2024); the printed login URL is the address the app is served on."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from checkin.demo import DEMO_SLUG, LOGINS_FILE
from checkin.models import Delegate, Event

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def demo_app(app, tmp_path):
    # The demo keeps its passwords in the instance folder: keep the repository's out of it.
    app.instance_path = str(tmp_path / "instance")
    return app


def run_demo(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def signed_in(app, output: str, username: str):
    """A test client signed in with the password `checkin demo` printed for this user."""
    password = re.search(rf"^\s+{username}\s+role \S+\s+password (\S+)", output, re.M)[1]
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def _tomorrow_in_wita() -> date:
    return (datetime.now(WITA) + timedelta(days=1)).date()


def test_demo_dates_the_event_tomorrow_08_to_16_wita(demo_app, db):
    before = _tomorrow_in_wita()
    run_demo(demo_app)
    after = _tomorrow_in_wita()  # the same day unless midnight fell in between
    event = db.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    starts = event.starts_at.astimezone(WITA)
    assert starts.date() in {before, after}
    assert (starts.hour, starts.minute) == (8, 0)
    assert event.ends_at.astimezone(WITA) == starts.replace(hour=16)


def test_demo_today_issuing_a_door_pass_works(demo_app, db):
    client = signed_in(demo_app, run_demo(demo_app), "admin")
    event = db.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    door = event.doors[0]
    response = client.post(
        f"/e/{DEMO_SLUG}/admin/door-passes/{door.id}/issue", follow_redirects=True
    )
    assert response.status_code == 200
    assert re.search(rf'id="pin-{door.id}">\d{{6}}<', response.get_data(as_text=True))


def test_demo_today_konfirmasi_is_open(demo_app, db):
    run_demo(demo_app)
    delegate_id, secret = db.execute(select(Delegate.id, Delegate.secret).limit(1)).one()
    db.rollback()  # end the read, so the answer saved below is seen
    client = demo_app.test_client()
    page = client.get(f"/i/{secret}").get_data(as_text=True)
    assert f'action="/i/{secret}/konfirmasi"' in page
    response = client.post(f"/i/{secret}/konfirmasi", data={"answer": "akan_hadir"})
    assert response.status_code == 303
    assert db.get(Delegate, delegate_id).confirmation == "akan_hadir"


def test_demo_today_live_screen_shows_the_event(demo_app):
    client = signed_in(demo_app, run_demo(demo_app), "layar")
    page = client.get(f"/e/{DEMO_SLUG}/live")
    assert page.status_code == 200
    assert "Rapat Koordinasi Ormas" in page.get_data(as_text=True)
    stats = client.get(f"/api/events/{DEMO_SLUG}/stats").get_json()
    assert stats["invited"] == 750 and stats["checked_in"] == 0


def test_demo_date_option_recreates_the_historical_day(demo_app, db):
    run_demo(demo_app, "--date", "2024-10-15")
    event = db.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    assert event.starts_at == datetime(2024, 10, 15, 0, 0, tzinfo=UTC)  # 08:00 WITA
    assert event.ends_at == datetime(2024, 10, 15, 8, 0, tzinfo=UTC)  # 16:00 WITA


def test_demo_date_option_refuses_a_malformed_date(demo_app, db):
    result = demo_app.test_cli_runner().invoke(args=["demo", "--date", "15-10-2024"])
    assert result.exit_code == 2
    assert "Invalid value for '--date'" in result.output
    assert db.scalar(select(Event).where(Event.slug == DEMO_SLUG)) is None


def test_demo_prints_the_date_of_the_event(demo_app):
    output = run_demo(demo_app, "--date", "2024-10-15")
    assert "2024-10-15 08:00-16:00 Asia/Makassar" in output


def test_demo_keeps_its_passwords_readable_by_the_owner_only(demo_app):
    run_demo(demo_app)
    kept = Path(demo_app.instance_path) / LOGINS_FILE
    assert kept.stat().st_mode & 0o077 == 0


def test_demo_prints_the_login_url_of_the_default_server(demo_app):
    demo_app.config["PUBLIC_URL"] = ""
    assert "Log in at http://127.0.0.1:5000/login\n" in run_demo(demo_app)


def test_demo_prints_the_login_url_of_the_public_url(demo_app):
    demo_app.config["PUBLIC_URL"] = "https://checkin.example.id/"
    assert "Log in at https://checkin.example.id/login\n" in run_demo(demo_app)


def test_demo_prints_the_login_url_of_the_base_url_given(demo_app):
    output = run_demo(demo_app, "--base-url", "http://127.0.0.1:5123")
    assert "Log in at http://127.0.0.1:5123/login\n" in output


def _move_demo_event(db, starts_at: datetime) -> None:
    event = db.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    event.starts_at, event.ends_at = starts_at, starts_at + timedelta(hours=8)
    db.commit()


def test_demo_again_after_the_event_started_moves_it_to_tomorrow(demo_app, db):
    run_demo(demo_app)
    _move_demo_event(db, datetime.now(UTC) - timedelta(days=1))
    before = _tomorrow_in_wita()
    output = run_demo(demo_app)
    after = _tomorrow_in_wita()
    assert "already exists (750 delegates): its start had passed, moved to" in output
    event = db.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    assert event.starts_at.astimezone(WITA).date() in {before, after}
    assert event.starts_at > datetime.now(UTC)


def test_demo_again_before_the_event_leaves_its_day(demo_app, db):
    run_demo(demo_app)
    later = datetime(2099, 1, 5, 1, 0, tzinfo=UTC)
    _move_demo_event(db, later)
    output = run_demo(demo_app)
    assert "already exists (750 delegates): left as it is" in output
    db.expire_all()
    assert db.scalar(select(Event.starts_at).where(Event.slug == DEMO_SLUG)) == later


def test_demo_again_with_date_moves_it_to_that_day(demo_app, db):
    run_demo(demo_app)
    db.rollback()
    output = run_demo(demo_app, "--date", "2024-10-15")
    assert "already exists (750 delegates): moved to 2024-10-15 08:00-16:00" in output
    assert db.scalar(select(Event.starts_at).where(Event.slug == DEMO_SLUG)) == datetime(
        2024, 10, 15, 0, 0, tzinfo=UTC
    )
