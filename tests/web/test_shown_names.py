"""People's names, not account names (product issue 13, item 6).

Every surface that names the account behind a scan, a check-in or an audit entry shows
checkin.accounts.shown_name: the display name, else the door of a door-pass account, else
the username. Never the hidden `pintu-1-d6acc7c3` a door pass signs in as.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from checkin import audit, scanning
from checkin.accounts import create_user, issue_pass, shown_name
from checkin.errors import InvalidInput
from checkin.models import User
from tests.conftest import PASSWORD

SLUG = "rakor-ormas-2024"
HIDDEN = "pintu-1-d6acc7c3"
PERSON = "petugas-budi-07"
T1 = datetime.fromisoformat("2024-10-15T08:01:00+08:00")
T2 = datetime.fromisoformat("2024-10-15T08:03:00+08:00")


def test_shown_name_prefers_display_name_then_door_then_username(db, event, make_user):
    door = event.doors[0]
    assert shown_name(make_user("biasa", "door")) == "biasa"
    assert shown_name(make_user("pintu-x-1", "door", door_id=door.id)) == "Pintu Utama"
    named = make_user("pintu-x-2", "door", door_id=door.id, display_name="Tim Pintu A")
    assert shown_name(named) == "Tim Pintu A"
    assert shown_name(None) is None


def test_create_user_keeps_a_display_name_and_refuses_a_long_one(db):
    assert create_user(db, "andi", role="door", display_name="  Andi  Wijaya ").display_name == (
        "Andi Wijaya"
    )
    assert create_user(db, "tanpa-nama", role="door", display_name="   ").display_name is None
    with pytest.raises(InvalidInput):
        create_user(db, "panjang", role="door", display_name="x" * 81)


def test_cli_create_user_takes_a_display_name(runner, db):
    result = runner.invoke(
        args=["create-user", "rina", "--role", "door", "--password", PASSWORD]
        + ["--display-name", "Rina Kartika"]
    )
    assert result.exit_code == 0, result.output
    user = db.scalar(select(User).where(User.username == "rina"))
    assert user is not None and user.display_name == "Rina Kartika"


def test_organiser_sets_a_display_name_on_the_account_page(client, login, make_user, db):
    login("admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert 'name="display_name"' in page  # in the new-account form
    created = client.post(
        "/admin/users",
        data={"username": "dewi", "role": "door", "password": PASSWORD}
        | {"display_name": "Dewi Lestari", "region_id": "0"},
    )
    assert created.status_code == 302
    dewi = db.scalar(select(User).where(User.username == "dewi"))
    assert dewi is not None and dewi.display_name == "Dewi Lestari"
    db.commit()
    renamed = client.post(f"/admin/users/{dewi.id}/name", data={"display_name": "Dewi L."})
    assert renamed.status_code == 302
    db.expire_all()
    assert db.get(User, dewi.id).display_name == "Dewi L."
    db.commit()
    assert "Dewi L." in client.get("/admin/users").get_data(as_text=True)
    client.post(f"/admin/users/{dewi.id}/name", data={"display_name": ""})
    db.expire_all()
    assert db.get(User, dewi.id).display_name is None
    db.commit()
    too_long = client.post(f"/admin/users/{dewi.id}/name", data={"display_name": "x" * 81})
    assert too_long.status_code == 302
    db.expire_all()
    assert db.get(User, dewi.id).display_name is None


@pytest.fixture
def scene(db, event, make_delegate, make_user):
    """Budi admitted offline by the door pass of Pintu Utama, then offline again by a person
    with a display name at Pintu Samping (a conflict); an organiser's audit entry."""
    door_account = make_user(HIDDEN, "door", door_id=event.doors[0].id, event_id=event.id)
    person = make_user(PERSON, "door", display_name="Budi Hartono")
    delegate = make_delegate(name="Budi Santoso", ormas="KNPI")
    common = {"offline_admitted": True, "now": T2 + timedelta(minutes=5)}
    scanning.check_in(
        db, event, delegate.secret, gate="Pintu Utama", by=door_account, scan_id="a",
        scanned_at=T1, **common,
    )  # fmt: skip
    scanning.check_in(
        db, event, delegate.secret, gate="Pintu Samping", by=person, scan_id="b",
        scanned_at=T2, **common,
    )  # fmt: skip
    audit.record(db, event=event, user=person, actor=PERSON, action=audit.VIEW_NO_SHOWS)
    db.commit()
    return {"delegate": delegate, "door": door_account, "person": person}


@pytest.mark.parametrize(
    "page", ["/admin/scans", "/admin/scans?user={door}", "/admin/conflicts", "/admin/audit"]
)
def test_pages_show_people_and_doors_not_account_names(client, login, scene, page):
    login("admin", "panitia-utama")
    html = client.get(f"/e/{SLUG}{page.format(door=scene['door'].id)}").get_data(as_text=True)
    assert HIDDEN not in html and PERSON not in html
    if "audit" in page:
        assert "Budi Hartono" in html
    else:
        assert "Pintu Utama" in html and "Budi Hartono" in html


def test_scan_log_filter_lists_shown_names(client, login, scene):
    login("admin")
    html = client.get(f"/e/{SLUG}/admin/scans").get_data(as_text=True)
    staff = html[html.index('name="user"') : html.index("</select>", html.index('name="user"'))]
    assert f'value="{scene["door"].id}"' in staff and ">Pintu Utama</option>" in staff
    assert ">Budi Hartono</option>" in staff


def test_verdict_names_whoever_admitted_first(client, login, scene, db, event):
    login("door", "pintu-lain")
    body = client.post(
        f"/api/events/{SLUG}/checkins",
        json={"code": scene["delegate"].secret, "gate": "Pintu Samping"},
    ).get_json()
    assert body["result"] == "already_checked_in"
    assert body["checked_in_by"] == "Pintu Utama"


def test_surfaces_agree_on_the_name(client, login, scene, db, event):
    """The scan log, its filter, conflicts, audit and verdict all say shown_name."""
    login("admin")
    for account in (scene["door"], scene["person"]):
        expected = shown_name(account)
        again = scanning.check_in(
            db, event, scene["delegate"].secret, gate="Pintu Samping", by=account
        )
        db.commit()
        log = client.get(f"/e/{SLUG}/admin/scans?user={account.id}").get_data(as_text=True)
        assert f">{expected}</option>" in log
        assert f'data-label="Petugas"><div class="scanlog__cell">{expected}<' in log
        if account is scene["door"]:
            assert again.checked_in_by == expected
    assert "Budi Hartono" in client.get(f"/e/{SLUG}/admin/audit").get_data(as_text=True)
    conflicts = client.get(f"/e/{SLUG}/admin/conflicts").get_data(as_text=True)
    assert "petugas Pintu Utama" in conflicts and "petugas Budi Hartono" in conflicts


def test_pass_page_names_the_door_a_phone_is_signed_in_at(client, db, event):
    event.starts_at = datetime.now(UTC) - timedelta(hours=1)
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    side, main = issue_pass(db, event.doors[1]), issue_pass(db, event.doors[0])
    db.commit()
    assert client.post(f"/door/{side.secret}", data={"pin": side.pin}).status_code == 302
    page = client.get(f"/door/{main.secret}").get_data(as_text=True)
    assert "sedang masuk sebagai Pintu Samping" in page
    hidden = db.scalar(select(User.username).where(User.door_id == event.doors[1].id))
    assert hidden and hidden not in page
