"""The organiser resets another account's password and changes its role; the liaison's
regions come from the chosen event; the token hint shows its header."""

from __future__ import annotations

from sqlalchemy import select

from checkin.events import create_event
from checkin.models import AuditLog, User
from tests.conftest import PASSWORD

NEW = "sandi-dari-panitia-1"


def _user(db, username: str) -> User:
    db.expire_all()
    user = db.scalar(select(User).where(User.username == username))
    db.commit()
    return user


def _actions(db) -> list[str]:
    db.expire_all()
    actions = list(db.scalars(select(AuditLog.action)))
    db.commit()
    return actions


def test_reset_password_signs_the_account_out_and_the_new_one_works(
    client, login, make_user, app, db
):
    target = make_user("layar-1", "viewer")
    phone = app.test_client()
    assert (
        phone.post("/login", data={"username": "layar-1", "password": PASSWORD}).status_code == 302
    )
    login("admin")
    response = client.post(f"/admin/users/{target.id}/password", data={"password": NEW})
    assert response.status_code == 302
    assert phone.get("/").status_code == 302  # signed out
    fresh = app.test_client()
    assert fresh.post("/login", data={"username": "layar-1", "password": NEW}).status_code == 302
    assert "account.password_reset" in _actions(db)


def test_reset_password_refuses_a_short_one_and_ones_own(client, login, make_user):
    target = make_user("layar-1", "viewer")
    me = login("admin")
    short = client.post(f"/admin/users/{target.id}/password", data={"password": "pendek"})
    assert short.status_code == 302
    page = client.get("/admin/users").get_data(as_text=True)
    assert "8" in page and "karakter" in page
    own = client.post(
        f"/admin/users/{me.id}/password", data={"password": NEW}, follow_redirects=True
    )
    assert "/account/password" in own.get_data(as_text=True)


def test_change_role_takes_effect_and_is_audited(client, login, make_user, app, db, event):
    target = make_user("staf-1", "viewer")
    phone = app.test_client()
    phone.post("/login", data={"username": "staf-1", "password": PASSWORD})
    assert phone.get(f"/e/{event.slug}/scan").status_code == 403
    login("admin")
    response = client.post(f"/admin/users/{target.id}/role", data={"role": "door"})
    assert response.status_code == 302
    assert _user(db, "staf-1").role == "door"
    assert phone.get(f"/e/{event.slug}/scan").status_code == 200
    assert "account.role" in _actions(db)


def test_change_role_to_liaison_needs_a_region_and_away_clears_it(
    client, login, make_user, db, event
):
    target = make_user("staf-2", "viewer")
    login("admin")
    client.post(f"/admin/users/{target.id}/role", data={"role": "liaison"})
    assert _user(db, "staf-2").role == "viewer"
    region_id, event_id = event.regions[3].id, event.id
    db.commit()  # end the read that loaded the regions, so the next sees the app's write
    client.post(f"/admin/users/{target.id}/role", data={"role": "liaison", "region_id": region_id})
    changed = _user(db, "staf-2")
    assert (changed.role, changed.region_id, changed.event_id) == ("liaison", region_id, event_id)
    client.post(f"/admin/users/{target.id}/role", data={"role": "viewer"})
    back = _user(db, "staf-2")
    assert (back.role, back.region_id, back.event_id) == ("viewer", None, None)


def test_own_role_cannot_be_changed(client, login, db):
    me = login("admin")
    client.post(f"/admin/users/{me.id}/role", data={"role": "viewer"})
    assert _user(db, me.username).role == "admin"


def _region_options(page: str, event) -> set[int]:
    """The event's regions offered by the new account's region list."""
    select = page[page.index('id="region_id"') :]
    select = select[: select.index("</select>")]
    return {r.id for r in event.regions if f'<option value="{r.id}"' in select}


def test_region_list_shows_only_the_chosen_events_regions(client, login, db, event):
    other = create_event(db, "acara-lain", name="Acara Lain")
    db.commit()
    login("admin")
    page = client.get(f"/admin/users?event={other.id}").get_data(as_text=True)
    assert _region_options(page, other) == {r.id for r in other.regions}
    assert _region_options(page, event) == set()
    first = client.get(f"/admin/users?event={event.id}").get_data(as_text=True)
    assert _region_options(first, event) == {r.id for r in event.regions}
    assert _region_options(first, other) == set()


def test_liaison_region_of_another_event_than_the_chosen_is_refused(client, login, db, event):
    other = create_event(db, "acara-lain", name="Acara Lain")
    db.commit()
    login("admin")
    data = {"username": "lo-x", "role": "liaison", "password": PASSWORD}
    data |= {"region_id": str(other.regions[0].id)}
    response = client.post(f"/admin/users?event={event.id}", data=data)
    assert response.status_code == 422
    assert _user(db, "lo-x") is None


def test_token_hint_shows_the_header_with_its_placeholder(client, login, make_user):
    target = make_user("pemindai", "door")
    login("admin")
    page = client.post(f"/admin/users/{target.id}/tokens", data={"name": "USB"})
    text = page.get_data(as_text=True)
    assert "Authorization: Bearer &lt;token&gt;" in text
