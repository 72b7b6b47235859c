"""Report pages: summaries, downloads (audit-logged), no-shows, settings, the audit log."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from checkin import audit
from checkin.models import AuditLog, CheckIn

SLUG = "rakor-ormas-2024"
PAGES = [
    f"/e/{SLUG}/admin/reports",
    f"/e/{SLUG}/admin/reports/attendance.xlsx",
    f"/e/{SLUG}/admin/reports/attendance.csv",
    f"/e/{SLUG}/admin/reports/attendance.pdf",
    f"/e/{SLUG}/admin/reports/no-shows",
    f"/e/{SLUG}/admin/audit",
]


@pytest.fixture
def people(db, event, make_delegate):
    ani = make_delegate(name="Ani Suryani", ormas="KNPI", region=event.regions[0])
    dedi = make_delegate(name="Dedi Kurniawan", ormas="Ansor", phone="+6281311112222")
    db.add(
        CheckIn(
            event_id=event.id,
            delegate_id=ani.id,
            checked_in_at=datetime(2024, 10, 15, 0, 5, tzinfo=UTC),
            gate="Pintu Utama",
            substitute_name="Bambang",
        )
    )
    db.commit()
    return {"ani": ani, "dedi": dedi}


def audit_rows(db) -> list[AuditLog]:
    db.expire_all()
    return list(db.scalars(select(AuditLog).order_by(AuditLog.id)))


@pytest.mark.parametrize("url", PAGES)
def test_report_pages_send_anonymous_visitors_to_login(client, event, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["door", "viewer", "liaison"])
@pytest.mark.parametrize("url", PAGES)
def test_report_pages_refuse_other_roles(client, login, event, role, url):
    login(role)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_report_pages_open_for_admins(client, login, event, people, url):
    login("admin")
    assert client.get(url).status_code == 200


def test_reports_page_shows_summaries_and_download_buttons(client, login, event, people):
    login("admin")
    page = client.get(f"/e/{SLUG}/admin/reports").get_data(as_text=True)
    assert "Provinsi Kalimantan Timur" in page and "Kabupaten Berau" in page
    assert "KNPI" in page and "Ansor" in page
    assert "50,0%" in page
    for fmt in ("xlsx", "csv", "pdf"):
        assert f"/e/{SLUG}/admin/reports/attendance.{fmt}" in page
    assert f"/e/{SLUG}/admin/reports/no-shows" in page
    assert 'name="official_nip"' in page


def test_reports_link_on_home_page_for_admins(client, login, event):
    login("admin")
    assert f"/e/{SLUG}/admin/reports" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("fmt", "mimetype", "magic"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("csv", "text/csv", b"\xef\xbb\xbfNo;Nama"),
        ("pdf", "application/pdf", b"%PDF"),
    ],
)
def test_download_is_an_attachment_and_audit_logged(
    client, login, db, event, people, fmt, mimetype, magic
):
    admin = login("admin", "panitia")
    response = client.get(f"/e/{SLUG}/admin/reports/attendance.{fmt}")
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.data.startswith(magic)
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f".{fmt}" in disposition
    assert response.headers["Cache-Control"] == "no-store"
    [entry] = audit_rows(db)
    assert (entry.actor, entry.user_id, entry.event_id) == ("panitia", admin.id, event.id)
    assert entry.action == "export_attendance"
    assert audit.entry_fields(entry) == {"format": fmt, "rows": 2}


def test_download_xlsx_content_matches_the_event(client, login, event, people):
    login("admin")
    response = client.get(f"/e/{SLUG}/admin/reports/attendance.xlsx")
    ws = load_workbook(io.BytesIO(response.data))["Daftar Hadir"]
    assert ws["B2"].value == "Ani Suryani"
    assert ws["G2"].value == datetime(2024, 10, 15, 8, 5)
    assert ws["I2"].value == "pengganti: Bambang"


def test_download_unknown_format_is_not_found(client, login, db, event):
    login("admin")
    assert client.get(f"/e/{SLUG}/admin/reports/attendance.docx").status_code == 404
    assert audit_rows(db) == []


def test_download_unknown_event_is_not_found(client, login, db):
    login("admin")
    assert client.get("/e/tidak-ada/admin/reports/attendance.csv").status_code == 404
    assert audit_rows(db) == []


def test_no_show_page_lists_only_missing_with_phone_and_whatsapp(client, login, db, event, people):
    login("admin", "panitia")
    response = client.get(f"/e/{SLUG}/admin/reports/no-shows")
    page = response.get_data(as_text=True)
    assert "Dedi Kurniawan" in page and "Ani Suryani" not in page
    assert "+6281311112222" in page
    assert "https://wa.me/6281311112222?text=" in page
    assert response.headers["Cache-Control"] == "no-store"
    [entry] = audit_rows(db)
    assert (entry.actor, entry.action) == ("panitia", "view_no_shows")


def test_no_show_page_filters_by_region(client, login, event, people):
    login("admin")
    province = event.regions[0].id
    page = client.get(f"/e/{SLUG}/admin/reports/no-shows?region={province}").get_data(as_text=True)
    assert "Dedi Kurniawan" not in page
    assert "sudah hadir" in page


def test_no_show_page_escapes_script_in_names(client, login, event, make_delegate):
    make_delegate(name="<script>alert(1)</script>", phone="+628123456789")
    login("admin")
    page = client.get(f"/e/{SLUG}/admin/reports/no-shows").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_settings_form_saves_report_fields(client, login, db, event):
    login("admin")
    response = client.post(
        f"/e/{SLUG}/admin/reports/settings",
        data={
            "letterhead": "PEMERINTAH PROVINSI KALIMANTAN TIMUR\nJalan X",
            "official_name": "Drs. Budi",
            "official_position": "Kepala Badan",
            "official_nip": "197001011990031001",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/reports#pengaturan")
    db.refresh(event)
    assert event.letterhead == "PEMERINTAH PROVINSI KALIMANTAN TIMUR\nJalan X"
    assert (event.official_name, event.official_nip) == ("Drs. Budi", "19700101 199003 1 001")
    page = client.get(f"/e/{SLUG}/admin/reports").get_data(as_text=True)
    assert "19700101 199003 1 001" in page


def test_settings_form_refuses_bad_nip_and_changes_nothing(client, login, db, event):
    login("admin")
    response = client.post(
        f"/e/{SLUG}/admin/reports/settings",
        data={"letterhead": "", "official_name": "X", "official_position": "", "official_nip": "x"},
    )
    assert response.status_code == 422
    assert "NIP harus 18 angka" in response.get_data(as_text=True)
    db.refresh(event)
    assert event.official_name is None


def test_settings_form_refused_for_door_staff(client, login, db, event):
    login("door")
    response = client.post(f"/e/{SLUG}/admin/reports/settings", data={"official_name": "X"})
    assert response.status_code == 403


def test_audit_page_lists_exports_newest_first(client, login, event, people):
    login("admin", "panitia")
    client.get(f"/e/{SLUG}/admin/reports/attendance.csv")
    client.get(f"/e/{SLUG}/admin/reports/attendance.pdf")
    page = client.get(f"/e/{SLUG}/admin/audit").get_data(as_text=True)
    # In words, not "format=pdf rows=2".
    pdf = page.index("Mengunduh daftar hadir (PDF) berisi 2 peserta.")
    assert pdf < page.index("Mengunduh daftar hadir (CSV) berisi 2 peserta.")
    assert "panitia" in page and "Ekspor daftar hadir" in page and "rows=" not in page


def test_audit_page_still_shows_old_free_text_details(client, login, db, event):
    login("admin", "panitia")
    audit.record(db, event=event, user=None, actor="cli", action="export_attendance",
                 detail="format=xlsx rows=7")  # fmt: skip
    db.commit()
    page = client.get(f"/e/{SLUG}/admin/audit").get_data(as_text=True)
    assert "format=xlsx rows=7" in page and "Ekspor daftar hadir" in page
