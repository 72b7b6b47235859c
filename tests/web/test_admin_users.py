"""Account management: create people's accounts, deactivate them, API tokens."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from checkin.events import create_event
from checkin.models import ApiToken, User
from tests.conftest import PASSWORD


def _user(db, username: str) -> User | None:
    db.expire_all()
    user = db.scalar(select(User).where(User.username == username))
    db.commit()  # end the read, so the next one sees what the app wrote since
    return user


def test_users_page_lists_accounts_with_roles(client, login, make_user):
    make_user("layar-ballroom", "viewer")
    login("admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "layar-ballroom" in page
    assert "Penonton layar" in page
    assert "admin-user" in page


def test_users_page_hides_door_pass_accounts(client, login, db, event, make_user):
    make_user("door-pass-hidden", "door", door_id=event.doors[0].id, event_id=event.id)
    login("admin")
    assert "door-pass-hidden" not in client.get("/admin/users").get_data(as_text=True)


def test_create_user_form_adds_an_account_that_can_sign_in(client, login, db, app):
    login("admin")
    response = client.post(
        "/admin/users", data={"username": "pintu2", "role": "door", "password": "panjang-sekali"}
    )
    assert response.status_code == 302
    assert "pintu2" in client.get("/admin/users").get_data(as_text=True)
    user = _user(db, "pintu2")
    assert user.role == "door" and user.password_hash != "panjang-sekali"
    other = app.test_client()
    signed_in = other.post("/login", data={"username": "pintu2", "password": "panjang-sekali"})
    assert signed_in.status_code == 302


def test_create_liaison_keeps_region_and_its_event(client, login, db, event):
    kutim = next(r for r in event.regions if r.name == "Kabupaten Kutai Timur")
    login("admin")
    data = {"username": "lo-kutim", "role": "liaison", "password": PASSWORD}
    response = client.post("/admin/users", data={**data, "region_id": str(kutim.id)})
    assert response.status_code == 302
    user = _user(db, "lo-kutim")
    assert (user.region_id, user.event_id) == (kutim.id, event.id)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "", "role": "door", "password": PASSWORD}, "wajib diisi"),
        ({"username": "x", "role": "door", "password": "pendek"}, "8 sampai 200"),
        ({"username": "x", "role": "raja", "password": PASSWORD}, "Pilih salah satu"),
        ({"username": "x", "role": "liaison", "password": PASSWORD}, "harus memilih wilayahnya"),
        ({"username": "admin-user", "role": "door", "password": PASSWORD}, "sudah ada"),
        ({"username": "x", "role": "door", "password": PASSWORD, "event_ids": "999"}, "Pilih"),
    ],
)
def test_create_user_with_bad_input_explains_and_creates_nothing(
    client, login, db, event, data, message
):
    login("admin")
    response = client.post("/admin/users", data={"region_id": "0", **data})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.expire_all()
    assert db.scalars(select(User.username)).all() == ["admin-user"]


def test_deactivated_user_is_signed_out_and_can_be_reactivated(client, login, db, app, make_user):
    door = make_user("pintu1", "door")
    other = app.test_client()
    other.post("/login", data={"username": "pintu1", "password": PASSWORD})
    assert other.get("/").status_code == 200
    login("admin")
    response = client.post(f"/admin/users/{door.id}/active", data={"active": "0"})
    assert response.status_code == 302
    assert _user(db, "pintu1").is_active is False
    assert other.get("/").status_code == 302
    client.post(f"/admin/users/{door.id}/active", data={"active": "1"})
    assert _user(db, "pintu1").is_active is True


def test_admin_cannot_deactivate_own_account(client, login, db):
    me = login("admin")
    response = client.post(f"/admin/users/{me.id}/active", data={"active": "0"})
    assert response.status_code == 422
    assert _user(db, "admin-user").is_active is True


def test_token_is_shown_once_and_works_until_revoked(client, login, db, app, make_user):
    door = make_user("pemindai", "door")
    login("admin")
    response = client.post(f"/admin/users/{door.id}/tokens", data={"name": "Skrip rekap"})
    assert response.status_code == 200  # shown in the answer itself, never via the session
    page = response.get_data(as_text=True)
    token = re.search(r"(ck_[A-Za-z0-9_\-]+)", page).group(1)
    assert "Skrip rekap" in page
    assert token not in client.get("/admin/users").get_data(as_text=True)
    api = app.test_client()
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/html"}
    assert api.get("/", headers=headers).status_code == 200
    db.expire_all()
    token_id = db.scalar(select(ApiToken.id).where(ApiToken.name == "Skrip rekap"))
    db.commit()
    assert client.post(f"/admin/tokens/{token_id}/revoke").status_code == 302
    assert api.get("/", headers=headers).status_code == 302
    assert "Skrip rekap" not in client.get("/admin/users").get_data(as_text=True)


def test_token_for_unknown_user_is_404(client, login):
    login("admin")
    assert client.post("/admin/users/9999/tokens", data={"name": "x"}).status_code == 404


def test_users_page_shows_the_events_of_each_account(client, login, db, event, make_user):
    make_user("layar-rakor", "viewer", scoped_events=[event])
    login("admin")
    page = client.get("/admin/users").get_data(as_text=True)
    card = page[page.index("layar-rakor") : page.index("</li>", page.index("layar-rakor"))]
    assert event.name in card
    mine = page[page.index("admin-user") :]
    assert "Semua acara" in mine[: mine.index("</li>")]


def test_create_liaison_limited_to_another_event_is_refused(client, login, db, event):
    other = create_event(db, "acara-lain", name="Acara Lain")
    db.commit()
    login("admin")
    data = {"username": "lo", "role": "liaison", "password": PASSWORD}
    data |= {"region_id": str(event.regions[1].id), "event_ids": str(other.id)}
    response = client.post("/admin/users", data=data)
    assert response.status_code == 422
    assert "acara wilayahnya" in response.get_data(as_text=True)
    assert _user(db, "lo") is None


def test_admin_cannot_limit_own_account(client, login, db, event):
    me = login("admin")
    response = client.post(f"/admin/users/{me.id}/events", data={"event_ids": str(event.id)})
    assert response.status_code == 422
    assert _user(db, "admin-user").scoped_event_ids == set()
