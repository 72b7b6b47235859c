"""The scan log is findable (navigation, dashboard, search) and never shows a raw code
(product issue 13, item 5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from checkin import scanning

SLUG = "rakor-ormas-2024"
PAGE = f"/e/{SLUG}/admin/scans"
T0 = datetime(2024, 10, 15, 0, 5, tzinfo=UTC)
URL = "https://checkin.example.id/i/{}"


@pytest.fixture
def log(db, event, make_delegate, make_user):
    """Ahmad (KNPI) admitted from his QR's URL, then undone; Siti (Fatayat NU) admitted;
    one unknown code that is someone's URL."""
    staff = make_user("petugas-1", "door")
    admin = make_user("panitia-1", "admin")
    ahmad = make_delegate(name="Ahmad Syarifuddin", ormas="KNPI Kaltim")
    siti = make_delegate(name="Siti Rahmah", ormas="Fatayat NU")
    scanning.check_in(db, event, URL.format(ahmad.secret), gate="Pintu Utama", by=staff, now=T0)
    scanning.undo_check_in(
        db, event, ahmad.id, reason="salah orang", by=admin, now=T0 + timedelta(minutes=1)
    )
    scanning.check_in(
        db, event, siti.secret, gate="Pintu Samping", by=staff, now=T0 + timedelta(minutes=2)
    )
    scanning.check_in(
        db,
        event,
        URL.format("rahasia-acara-lain-0123456789"),
        gate="Pintu Samping",
        by=staff,
        now=T0 + timedelta(minutes=3),
    )
    db.commit()
    return {"ahmad": ahmad, "siti": siti}


def _rows(page: str) -> int:
    return page.count('class="scanlog-row ')


def test_scanlog_is_in_the_event_navigation_with_conflicts_and_audit(client, login, event):
    login("admin")
    page = client.get(f"/e/{SLUG}/admin/delegates").get_data(as_text=True)
    nav = page[page.index('class="subnav') :]
    nav = nav[: nav.index("</nav>")]
    for href in (PAGE, f"/e/{SLUG}/admin/conflicts", f"/e/{SLUG}/admin/audit"):
        assert f'href="{href}"' in nav, href
    assert "Log pindai" in nav


def test_scanlog_page_marks_its_navigation_link_current(client, login, event):
    login("admin")
    page = client.get(PAGE).get_data(as_text=True)
    assert f'href="{PAGE}" aria-current="page"' in page


def test_dashboard_has_tiles_for_scan_log_conflicts_and_audit(client, login, event):
    login("admin")
    page = client.get(f"/e/{SLUG}/admin/").get_data(as_text=True)
    tiles = page[page.index('class="tiles"') :]
    for href in (PAGE, f"/e/{SLUG}/admin/conflicts", f"/e/{SLUG}/admin/audit"):
        assert f'href="{href}"' in tiles, href
    assert "Log pindai" in tiles


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=ahmad", 2),  # his admission and its undo
        ("q=AHMAD+syarifuddin", 2),
        ("q=fatayat", 1),  # by ormas
        ("q=knpi&result=undone", 1),  # with the other filters
        ("q=siti&gate=Pintu+Utama", 0),
        ("q=tidak-ada-orangnya", 0),
        ("q=%25", 0),  # a LIKE wildcard is a character
        ("q=", 4),
    ],
)
def test_scanlog_searches_delegate_name_and_ormas(client, login, log, query, expected):
    login("admin")
    response = client.get(f"{PAGE}?{query}")
    assert response.status_code == 200
    assert _rows(response.get_data(as_text=True)) == expected


def test_scanlog_search_is_kept_by_the_pager_and_the_form(client, login, log):
    login("admin")
    page = client.get(f"{PAGE}?q=ahmad").get_data(as_text=True)
    assert 'name="q" value="ahmad"' in page
    assert "2 pindaian cocok" in page


def test_scanlog_domain_search_matches_name_and_ormas(db, event, log):
    assert {s.delegate_id for s in scanning.scan_log(db, event, q="rahmah").items} == {
        log["siti"].id
    }
    assert scanning.scan_log(db, event, q="knpi kaltim").total == 2
    assert scanning.scan_log(db, event, q="ahmad", result=scanning.UNDONE).total == 1


def test_read_column_names_the_delegate_never_the_code(client, login, log):
    login("admin")
    page = client.get(PAGE).get_data(as_text=True)
    read = [cell.split("</div>")[0] for cell in page.split('data-label="Yang terbaca">')[1:]]
    assert len(read) == 4
    assert "kode tidak dikenal" in read[0]  # the unknown URL
    assert "Siti Rahmah" in read[1]
    assert "Ahmad Syarifuddin" in read[2] and "Ahmad Syarifuddin" in read[3]
    for secret in (log["ahmad"].secret, log["siti"].secret, "rahasia-acara-lain"):
        assert secret not in page
    assert "https://checkin.example.id" not in page
    assert f"undo:{log['ahmad'].id}" not in page


def test_scanlog_search_never_matches_phone_digits(db, event, make_delegate, make_user):
    staff = make_user("petugas-2", "door")
    rina = make_delegate(name="Rina", phone="+6281234567890")
    scanning.check_in(db, event, rina.secret, gate="Pintu Utama", by=staff, now=T0)
    db.commit()
    assert scanning.scan_log(db, event, q="rina").total == 1
    assert scanning.scan_log(db, event, q="081234567890").total == 0
