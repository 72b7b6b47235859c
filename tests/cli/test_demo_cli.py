"""CLI: `checkin demo` loads the Rakor event, its 750 delegates and one user per role."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from checkin.demo import DEMO_SLUG
from checkin.models import Delegate, Event, Region, User


@pytest.fixture
def demo_app(app, tmp_path):
    # The demo keeps its passwords in the instance folder: keep the repository's out of it.
    app.instance_path = str(tmp_path / "instance")
    return app


@pytest.fixture
def run_demo(demo_app):
    runner = demo_app.test_cli_runner()

    def run():
        result = runner.invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        return result.output

    return run


def _logins(output: str) -> dict[str, tuple[str, str]]:
    """{username: (role, password)} from the printed log-ins."""
    found = re.findall(r"^\s+(\S+)\s+role (\S+)\s+password ([^\s(]\S*)", output, re.MULTILINE)
    return {user: (role, password) for user, role, password in found}


def _snapshot(db) -> tuple:
    delegates = db.execute(
        select(Delegate.id, Delegate.name, Delegate.secret, Delegate.updated_at).order_by(
            Delegate.id
        )
    ).all()
    users = db.execute(select(User.id, User.username, User.password_hash)).all()
    events = db.execute(select(Event.id, Event.slug)).all()
    return delegates, users, events


def test_demo_creates_the_rakor_event_with_doors_and_times(demo_app, db):
    result = demo_app.test_cli_runner().invoke(args=["demo", "--date", "2024-10-15"])
    assert result.exit_code == 0, result.output
    event = db.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    assert event.name == "Rapat Koordinasi Ormas se-Kalimantan Timur 2024"
    assert event.venue == "Hotel Mercure Samarinda"
    assert "Mulawarman" in event.address
    assert event.timezone == "Asia/Makassar"
    assert event.starts_at == datetime(2024, 10, 15, 0, 0, tzinfo=UTC)  # 08:00 WITA
    assert event.ends_at == datetime(2024, 10, 15, 8, 0, tzinfo=UTC)  # 16:00 WITA
    assert [d.name for d in event.doors] == ["Pintu Utama", "Pintu Samping", "Pintu Ballroom"]
    assert event.organizer == "Badan Kesbangpol Provinsi Kalimantan Timur"
    assert event.contact_name and event.contact_phone


def test_demo_creates_750_delegates_200_province_550_regencies(run_demo, db):
    run_demo()
    by_level = dict(db.execute(select(Delegate.level, func.count()).group_by(Delegate.level)).all())
    assert by_level == {"provinsi": 200, "kabupaten_kota": 550}


def test_demo_delegates_use_all_eleven_regions_and_hundreds_of_ormas(run_demo, db):
    run_demo()
    regions = db.scalar(select(func.count(func.distinct(Delegate.region_id))))
    ormas = db.scalar(select(func.count(func.distinct(Delegate.ormas))))
    assert regions == 11
    assert ormas >= 300


def test_demo_samarinda_biggest_and_mahakam_ulu_smallest(run_demo, db):
    run_demo()
    counts = dict(
        db.execute(
            select(Region.name, func.count(Delegate.id))
            .join(Delegate, Delegate.region_id == Region.id)
            .where(Region.level == "kabupaten_kota")
            .group_by(Region.name)
        ).all()
    )
    ranked = sorted(counts, key=counts.get, reverse=True)
    assert ranked[0] == "Kota Samarinda"
    assert ranked[-1] == "Kabupaten Mahakam Ulu"


def test_demo_delegates_have_secrets_phones_and_vips(run_demo, db):
    run_demo()
    delegates = db.scalars(select(Delegate)).all()
    assert len({d.secret for d in delegates}) == 750
    assert all(len(d.secret) >= 22 for d in delegates)
    assert all(d.match_key and d.search_text for d in delegates)
    phones = [d.phone for d in delegates if d.phone]
    assert 500 < len(phones) < 750
    assert all(p.startswith("+62") for p in phones)
    assert 0 < sum(d.is_vip for d in delegates) <= 12
    assert any(d.email for d in delegates)


def test_demo_creates_one_user_per_role_and_a_samarinda_liaison(run_demo, db):
    run_demo()
    users = {u.username: u for u in db.scalars(select(User))}
    assert {u: users[u].role for u in users} == {
        "admin": "admin",
        "pintu": "door",
        "layar": "viewer",
        "liaison": "liaison",
    }
    assert db.get(Region, users["liaison"].region_id).name == "Kota Samarinda"


def test_demo_limits_its_door_and_screen_accounts_to_the_demo_event(run_demo, db):
    run_demo()
    event = db.scalar(select(Event))
    users = {u.username: u for u in db.scalars(select(User))}
    assert users["pintu"].scoped_event_ids == users["layar"].scoped_event_ids == {event.id}
    assert users["admin"].scoped_event_ids == frozenset()


def test_demo_prints_the_login_url_and_a_warning(run_demo):
    output = run_demo()
    assert "Log in at https://checkin.example.id/login" in output  # CHECKIN_PUBLIC_URL
    assert "do not use them for a real event" in output
    assert set(_logins(output)) == {"admin", "pintu", "layar", "liaison"}


@pytest.mark.parametrize("username", ["admin", "pintu", "layar", "liaison"])
def test_demo_printed_password_logs_in(run_demo, demo_app, username):
    role, password = _logins(run_demo())[username]
    client = demo_app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302
    assert "/login" not in response.headers["Location"]


def test_demo_printed_wrong_password_is_refused(run_demo, demo_app):
    _role, password = _logins(run_demo())["admin"]
    client = demo_app.test_client()
    response = client.post("/login", data={"username": "admin", "password": password + "x"})
    assert response.status_code == 200


def test_demo_twice_changes_nothing(run_demo, db):
    run_demo()
    before = _snapshot(db)
    db.rollback()
    output = run_demo()
    db.rollback()
    assert _snapshot(db) == before
    assert "already exists" in output


def test_demo_twice_prints_the_same_working_passwords(run_demo, demo_app):
    first = _logins(run_demo())
    second = _logins(run_demo())
    assert first == second
    client = demo_app.test_client()
    response = client.post("/login", data={"username": "pintu", "password": second["pintu"][1]})
    assert response.status_code == 302


def test_demo_passwords_differ_per_user(run_demo):
    passwords = [p for _r, p in _logins(run_demo()).values()]
    assert len(set(passwords)) == 4
    assert all(len(p) >= 16 for p in passwords)


def test_demo_without_kept_passwords_prints_none_for_existing_users(run_demo, demo_app, tmp_path):
    run_demo()
    demo_app.instance_path = str(tmp_path / "other")  # the kept passwords are not there
    again = run_demo()
    assert _logins(again) == {}
    assert again.count("(set before the demo; unchanged)") == 4


def test_demo_leaves_an_existing_user_alone(demo_app, make_user, db):
    make_user("admin", "admin")
    hash_before = db.scalar(select(User.password_hash).where(User.username == "admin"))
    db.rollback()
    result = demo_app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "(set before the demo; unchanged)" in result.output
    assert db.scalar(select(User.password_hash).where(User.username == "admin")) == hash_before
    assert db.scalar(select(func.count(User.id))) == 4
