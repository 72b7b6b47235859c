"""The organisers' offline conflicts page (/e/<slug>/admin/conflicts) and its review action."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from checkin.errors import NotFound
from checkin.models import Scan, User
from checkin.scanning import check_in, list_conflicts, open_conflict_count, review_conflict

SLUG = "rakor-ormas-2024"
PAGE = f"/e/{SLUG}/admin/conflicts"
T1 = datetime.fromisoformat("2024-10-15T08:01:00+08:00")
T2 = datetime.fromisoformat("2024-10-15T08:03:00+08:00")
#: The server's clock when the phones synced: the scan times are within what it vouches for.
SYNCED = T2 + timedelta(minutes=5)


@pytest.fixture
def conflict(db, event, make_delegate, make_user):
    """Budi admitted offline at Pintu Utama (08:01), then offline at Pintu Samping (08:03)."""
    first_staff = make_user("pintu-utama", "door")
    second_staff = make_user("pintu-samping", "door")
    delegate = make_delegate(name="Budi Santoso", ormas="KNPI")
    check_in(
        db,
        event,
        delegate.secret,
        gate="Pintu Utama",
        by=first_staff,
        scan_id="a",
        scanned_at=T1,
        offline_admitted=True,
        now=SYNCED,
    )
    check_in(
        db,
        event,
        delegate.secret,
        gate="Pintu Samping",
        by=second_staff,
        scan_id="b",
        scanned_at=T2,
        offline_admitted=True,
        now=SYNCED,
    )
    db.commit()
    return db.scalar(select(Scan).where(Scan.scan_id == "b"))


def test_conflict_page_shows_both_doors_and_times(client, login, conflict):
    login("admin")
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Budi Santoso" in html and "KNPI" in html
    assert "Pintu Utama" in html and "Pintu Samping" in html
    assert "08:01:00" in html and "08:03:00" in html
    assert "pintu-utama" in html and "pintu-samping" in html
    assert "1 perlu diperiksa" in html


def test_conflict_page_empty_says_so(client, login, event):
    login("admin")
    assert "Tidak ada konflik" in client.get(PAGE).get_data(as_text=True)


@pytest.mark.parametrize("role", ["door", "viewer", "liaison"])
def test_conflict_page_for_organisers_only(client, login, event, role):
    login(role)
    assert client.get(PAGE).status_code == 403
    assert client.post(f"{PAGE}/1/review").status_code == 403


def test_conflict_page_anonymous_goes_to_login(client, event):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.location


def test_review_marks_conflict_and_moves_it_down(client, login, conflict, db):
    organiser = login("admin")
    response = client.post(f"{PAGE}/{conflict.id}/review")
    assert response.status_code == 302 and response.location.endswith(PAGE)
    db.expire_all()
    scan = db.get(Scan, conflict.id)
    assert scan.reviewed_at is not None and scan.reviewed_by_id == organiser.id
    db.commit()
    html = client.get(PAGE).get_data(as_text=True)
    assert "0 perlu diperiksa" in html and "Sudah diperiksa (1)" in html


def test_review_of_unknown_conflict_is_404(client, login, conflict, db):
    login("admin")
    not_conflict = db.scalar(select(Scan).where(Scan.scan_id == "a"))
    db.commit()
    assert client.post(f"{PAGE}/{not_conflict.id}/review").status_code == 404
    assert client.post(f"{PAGE}/99999/review").status_code == 404


def test_conflict_listing_and_review_domain(db, event, conflict, make_user):
    organiser = make_user("panitia", "admin")
    assert open_conflict_count(db, event) == 1
    (item,) = list_conflicts(db, event)
    assert item.scan.id == conflict.id
    assert item.first.gate == "Pintu Utama" and item.first.checked_in_at == T1
    review_conflict(db, event, conflict.id, by=db.get(User, organiser.id))
    db.commit()
    assert open_conflict_count(db, event) == 0
    assert [c.scan.id for c in list_conflicts(db, event, reviewed=True)] == [conflict.id]
    with pytest.raises(NotFound):
        review_conflict(db, event, conflict.id + 100, by=None)


def test_admin_nav_links_conflicts(client, login, event):
    login("admin")
    html = client.get(f"/e/{SLUG}/admin/conflicts").get_data(as_text=True)
    assert f'href="{PAGE}"' in html
