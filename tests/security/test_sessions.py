"""Signed-in sessions live on the server: a copy of the cookie stops working once its session
ends (logging out, deactivation, a new password, "Akhiri semua sesi", `checkin end-sessions`),
and a cookie from before server-side sessions signs nobody in."""

from __future__ import annotations

from sqlalchemy import select

from checkin.accounts import set_password
from checkin.models import AuditLog, LoginSession, User
from tests.conftest import PASSWORD
from tests.web.test_door_passes import sign_in as pin_sign_in

USERS = "/admin/users"


def _signed_in(app, username: str, password: str = PASSWORD):
    """A new browser signed in as this account."""
    browser = app.test_client()
    answer = browser.post("/login", data={"username": username, "password": password})
    assert answer.status_code == 302, answer.data
    return browser


def _replay(app, browser):
    """Another browser holding a copy of this browser's session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie("session", browser.get_cookie("session").value)
    return thief


def _refused(browser, page: str = USERS) -> bool:
    answer = browser.get(page)
    api = browser.get("/api/events/rakor-ormas-2024/stats")
    return answer.status_code == 302 and "/login" in answer.location and api.status_code == 401


def _user(db, username: str) -> User:
    db.expire_all()
    user = db.scalar(select(User).where(User.username == username))
    db.commit()
    return user


def test_saved_cookie_is_refused_after_logout(app, make_user, event):
    make_user("panitia", "admin")
    browser = _signed_in(app, "panitia")
    thief = _replay(app, browser)
    assert thief.get(USERS).status_code == 200
    assert browser.post("/logout").status_code == 302
    assert _refused(thief)
    assert _refused(browser)


def test_logout_on_one_door_phone_keeps_the_other_phones_signed_in(app, running_event, door_pass):
    scan = f"/e/{running_event.slug}/scan"
    phones = [app.test_client() for _ in range(3)]
    for phone in phones:
        assert pin_sign_in(phone, door_pass).status_code == 302
    saved = _replay(app, phones[0])
    assert phones[0].post("/logout").status_code == 302
    assert _refused(saved, scan)
    for phone in phones[1:]:
        assert phone.get(scan).status_code == 200


def test_session_ids_are_random_per_sign_in_and_stored_only_hashed(app, db, make_user):
    make_user("panitia", "admin")
    browsers = [_signed_in(app, "panitia") for _ in range(2)]
    serializer = app.session_interface.get_signing_serializer(app)
    ids = [serializer.loads(b.get_cookie("session").value)["login_session"] for b in browsers]
    assert len(set(ids)) == 2 and all(len(i) >= 43 for i in ids)
    db.expire_all()
    stored = [row.secret_hash for row in db.scalars(select(LoginSession))]
    db.commit()
    assert len(stored) == 2 and not any(i in h or h in i for i in ids for h in stored)


def test_cookie_without_a_session_id_signs_nobody_in(app, make_user, event):
    """Cookies from before server-side sessions (Flask-Login's keys alone) are signed out."""
    user = make_user("panitia", "admin")
    serializer = app.session_interface.get_signing_serializer(app)
    old = serializer.dumps({"_user_id": str(user.id), "_fresh": True})
    browser = app.test_client()
    browser.set_cookie("session", old)
    assert _refused(browser)


def test_deactivating_an_account_ends_its_sessions_for_good(app, client, login, db, make_user):
    viewer = make_user("layar", "viewer")
    screen = _signed_in(app, "layar")
    login("admin")
    client.post(f"{USERS}/{viewer.id}/active", data={"active": "0"})
    client.post(f"{USERS}/{viewer.id}/active", data={"active": "1"})
    assert _user(db, "layar").is_active
    assert _refused(screen, "/")
    assert _signed_in(app, "layar").get("/").status_code == 200


def test_new_password_ends_the_accounts_sessions(app, db, make_user, event):
    user = make_user("panitia", "admin")
    browsers = [_signed_in(app, "panitia") for _ in range(2)]
    set_password(db, user, "sandi-baru-456", by=None)
    db.commit()
    assert all(_refused(b) for b in browsers)
    assert _signed_in(app, "panitia", "sandi-baru-456").get(USERS).status_code == 200


def test_end_all_sessions_button_signs_the_account_out_everywhere(
    app, client, login, db, make_user, event
):
    make_user("pintu1", "door")
    phones = [_signed_in(app, "pintu1") for _ in range(2)]
    admin = login("admin")
    page = client.get(USERS).get_data(as_text=True)
    door = _user(db, "pintu1")
    assert f"{USERS}/{door.id}/sessions/end" in page and "Akhiri semua sesi" in page
    answer = client.post(f"{USERS}/{door.id}/sessions/end")
    assert answer.status_code == 302
    assert "semua sesi" in client.get(answer.location).get_data(as_text=True).lower()
    assert all(_refused(phone, "/") for phone in phones)
    assert client.get(USERS).status_code == 200  # the organiser's own session goes on
    entry = db.scalar(select(AuditLog).where(AuditLog.action == "sessions.end"))
    assert entry.user_id == admin.id and "pintu1" in entry.detail
    db.commit()


def test_ending_ones_own_sessions_keeps_the_current_one(app, client, login, make_user, event):
    me = login("admin", username="panitia")
    laptop = _signed_in(app, "panitia")
    answer = client.post(f"{USERS}/{me.id}/sessions/end")
    assert answer.status_code == 302
    assert "sesi ini tetap berjalan" in client.get(answer.location).get_data(as_text=True)
    assert _refused(laptop)
