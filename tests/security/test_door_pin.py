"""Wrong door-pass PINs slow down the address that typed them, never the real door.

Issue 11, item 9: a "30 per hour" limit keyed on the pass once counted everyone's attempts,
so 30 wrong PINs from six addresses made the right PIN from a new address wait an hour. Now
each address has its own backoff, kept in the database (so it holds across processes), and
a pass under attack slows down every wrong PIN while a new address's first try is always
checked. The organiser clears the lockouts in one click.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from checkin import create_app
from checkin.accounts import issue_pass, pin_wait_seconds
from checkin.db import database
from checkin.models import AuditLog, PinAttempt
from tests.conftest import PASSWORD

ALICE, BOB, CAROL = "203.0.113.10", "198.51.100.20", "192.0.2.30"
ATTACKERS = [f"203.0.113.{n}" for n in range(101, 107)]


class Clock:
    """The time the door-pass rules see; tests move it instead of sleeping."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr("checkin.accounts.door_passes.utcnow", clock)
    return clock


@pytest.fixture
def running_event(db, event):
    event.starts_at = datetime.now(UTC) - timedelta(hours=1)
    event.ends_at = datetime.now(UTC) + timedelta(days=2)
    db.commit()
    return event


@pytest.fixture
def door_pass(db, running_event):
    issued = issue_pass(db, running_event.doors[0])
    db.commit()
    return issued


def proxied_app(app_config: dict, **overrides):
    """The app behind one proxy, so X-Forwarded-For names each client."""
    return create_app({**app_config, "TRUSTED_PROXIES": 1, **overrides})


@pytest.fixture
def door_client(app_config, app):
    made = proxied_app(app_config)
    yield made.test_client()
    database(made).engine.dispose()


def wrong_pin(issued) -> str:
    return "000000" if issued.pin != "000000" else "111111"


def try_pin(client, issued, address: str, pin: str | None = None):
    return client.post(
        f"/door/{issued.secret}",
        data={"pin": pin or wrong_pin(issued)},
        headers={"X-Forwarded-For": address},
    )


def test_thirty_wrong_pins_from_six_addresses_do_not_lock_out_a_new_address(
    app_config, app, door_pass
):
    limited = proxied_app(app_config, RATELIMIT_ENABLED=True)
    client = limited.test_client()
    codes = [try_pin(client, door_pass, who).status_code for who in ATTACKERS for _ in range(6)]
    assert len(codes) == 36 and set(codes) <= {422, 429}
    response = try_pin(client, door_pass, CAROL, door_pass.pin)
    assert response.status_code == 302
    assert "/scan" in response.location
    database(limited).engine.dispose()


@pytest.mark.only_backend("sqlite", "postgres")
def test_wrong_pins_checked_from_six_addresses_never_block_a_new_address(
    door_client, door_pass, clock
):
    codes = []
    for who in ATTACKERS:
        for _ in range(5):
            clock.advance(3600)  # every lockout has run out: each of the 30 is checked
            codes.append(try_pin(door_client, door_pass, who).status_code)
    assert codes == [422] * 30
    assert try_pin(door_client, door_pass, CAROL, door_pass.pin).status_code == 302
    # Under attack a new address's first try is still checked; only its next one waits.
    assert try_pin(door_client, door_pass, BOB).status_code == 422
    waiting = try_pin(door_client, door_pass, BOB, door_pass.pin)
    assert waiting.status_code == 429
    clock.advance(int(waiting.headers["Retry-After"]))
    assert try_pin(door_client, door_pass, BOB, door_pass.pin).status_code == 302


@pytest.mark.only_backend("sqlite", "postgres")
def test_backoff_of_one_address_grows(door_client, door_pass, clock):
    first = [try_pin(door_client, door_pass, ALICE) for _ in range(3)]
    assert [r.status_code for r in first] == [422, 422, 422]
    assert "Retry-After" not in first[0].headers
    waits = [int(first[2].headers["Retry-After"])]
    for _ in range(3):
        # Before the wait is over even the right PIN is not checked.
        early = try_pin(door_client, door_pass, ALICE, door_pass.pin)
        assert early.status_code == 429
        clock.advance(waits[-1])
        response = try_pin(door_client, door_pass, ALICE)
        assert response.status_code == 422
        waits.append(int(response.headers["Retry-After"]))
    assert waits == [2, 4, 8, 16]
    # Other addresses are not slowed down by Alice's wrong PINs.
    assert try_pin(door_client, door_pass, BOB, door_pass.pin).status_code == 302


def test_waiting_is_a_sentence_on_the_form_with_how_long(door_client, door_pass, clock):
    for _ in range(3):
        wrong = try_pin(door_client, door_pass, ALICE)
    page = wrong.get_data(as_text=True)
    assert "PIN salah" in page and "2 detik" in page and 'name="pin"' in page
    locked = try_pin(door_client, door_pass, ALICE)
    text = locked.get_data(as_text=True)
    assert locked.status_code == 429
    assert 'name="pin"' in text and "Tunggu 2 detik" in text
    assert locked.headers["Retry-After"] == "2"


def test_pin_wait_grows_as_powers_of_two_and_is_capped():
    assert [pin_wait_seconds(n, n) for n in range(1, 8)] == [0, 0, 2, 4, 8, 16, 32]
    assert pin_wait_seconds(40, 40) == pin_wait_seconds(10_000, 10_000) == 15 * 60
    # A pass under attack: a new address's first wrong PIN waits already, for a while.
    assert pin_wait_seconds(1, 19) == 0
    assert 0 < pin_wait_seconds(1, 20) < pin_wait_seconds(1, 60) <= 15 * 60
    assert pin_wait_seconds(0, 10_000) == 0


def test_backoff_is_kept_in_the_database_for_every_process(app_config, app, door_pass):
    one, two = proxied_app(app_config), proxied_app(app_config)
    for _ in range(3):
        assert try_pin(one.test_client(), door_pass, ALICE).status_code == 422
    assert try_pin(two.test_client(), door_pass, ALICE, door_pass.pin).status_code == 429
    database(one).engine.dispose()
    database(two).engine.dispose()


def test_addresses_of_one_ipv6_network_share_a_backoff(door_client, door_pass, clock):
    for n in range(3):
        assert try_pin(door_client, door_pass, f"2001:db8:1:2::{n + 1}").status_code == 422
    assert try_pin(door_client, door_pass, "2001:db8:1:2::99", door_pass.pin).status_code == 429
    assert try_pin(door_client, door_pass, "2001:db8:1:3::1", door_pass.pin).status_code == 302


def test_right_pin_clears_the_addresses_failures(db, door_client, door_pass, clock):
    for _ in range(2):
        try_pin(door_client, door_pass, ALICE)
    assert try_pin(door_client, door_pass, ALICE, door_pass.pin).status_code == 302
    assert db.scalars(select(PinAttempt)).all() == []


def test_rate_limit_past_the_backoff_still_shows_the_form(app_config, app, door_pass):
    limited = proxied_app(app_config, RATELIMIT_ENABLED=True, DOOR_PASS_RATE_LIMIT="2 per minute")
    client = limited.test_client()
    assert [try_pin(client, door_pass, ALICE).status_code for _ in range(2)] == [422, 422]
    refused = try_pin(client, door_pass, ALICE, door_pass.pin)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert 'name="pin"' in text and "Terlalu banyak percobaan" in text and "menit" in text
    assert int(refused.headers["Retry-After"]) > 0
    database(limited).engine.dispose()


# --- the organiser's reset -----------------------------------------------------------------


def admin_client(app_config, make_user):
    made = proxied_app(app_config)
    client = made.test_client()
    make_user("panitia", "admin")
    response = client.post("/login", data={"username": "panitia", "password": PASSWORD})
    assert response.status_code == 302
    return made, client


@pytest.mark.only_backend("sqlite", "postgres")
def test_reset_button_clears_the_lockout(
    app_config, db, make_user, door_client, running_event, door_pass, clock
):
    for _ in range(3):
        try_pin(door_client, door_pass, ALICE)
    assert try_pin(door_client, door_pass, ALICE, door_pass.pin).status_code == 429
    made, organiser = admin_client(app_config, make_user)
    base = f"/e/{running_event.slug}/admin/door-passes"
    page = organiser.get(base).get_data(as_text=True)
    door = running_event.doors[0]
    assert f"{base}/{door.id}/reset" in page and "3 PIN salah" in page
    response = organiser.post(f"{base}/{door.id}/reset")
    assert response.status_code == 302 and response.location.endswith(base)
    assert "Kunci PIN" in organiser.get(base).get_data(as_text=True)
    # The same PIN works at once from the address that was waiting.
    assert try_pin(door_client, door_pass, ALICE, door_pass.pin).status_code == 302
    action = db.scalar(select(AuditLog.action).where(AuditLog.action == "door_pass.reset"))
    assert action == "door_pass.reset"
    database(made).engine.dispose()


def test_reset_keeps_the_pin_and_the_phones_signed_in(
    app_config, make_user, door_client, running_event, door_pass
):
    phone = door_client.application.test_client()
    assert try_pin(phone, door_pass, BOB, door_pass.pin).status_code == 302
    made, organiser = admin_client(app_config, make_user)
    door = running_event.doors[0]
    organiser.post(f"/e/{running_event.slug}/admin/door-passes/{door.id}/reset")
    assert phone.get(f"/e/{running_event.slug}/scan").status_code == 200
    database(made).engine.dispose()


def test_new_pass_starts_without_failures(db, door_client, running_event, door_pass, clock):
    for _ in range(3):
        try_pin(door_client, door_pass, ALICE)
    fresh = issue_pass(db, running_event.doors[0])
    db.commit()
    assert try_pin(door_client, fresh, ALICE, fresh.pin).status_code == 302
