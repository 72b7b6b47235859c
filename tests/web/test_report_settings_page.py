"""The report settings form: above the tables, placeholders that read as examples, the place of
the date line and the kop's logo (uploaded, checked, removable)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image

from checkin.reports.logo import MAX_LOGO_BYTES

SLUG = "rakor-ormas-2024"
SETTINGS = f"/e/{SLUG}/admin/reports/settings"
ROOT = Path(__file__).resolve().parents[2]


def png(color=(10, 90, 170)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 100), color).save(out, "PNG")
    return out.getvalue()


def fresh(db, event) -> None:
    """Read the event again in a new transaction (SQLite keeps showing an open one's snapshot)."""
    db.rollback()
    db.refresh(event)


def form(**changes):
    data = {"letterhead": "", "official_name": "", "official_position": "", "official_nip": ""}
    data.update(changes)
    return data


def settings_form(page: str) -> str:
    return page[
        page.index('id="pengaturan"') : page.index("</form>", page.index('id="pengaturan"'))
    ]


def test_settings_form_sits_above_the_tables(client, login, event):
    login("admin")
    page = client.get(f"/e/{SLUG}/admin/reports").get_data(as_text=True)
    assert page.index('id="pengaturan"') < page.index('id="per-wilayah"')
    assert page.index('id="pengaturan"') < page.index('id="per-ormas"')


def test_settings_placeholders_read_as_examples_not_values(client, login, event):
    login("admin")
    page = settings_form(client.get(f"/e/{SLUG}/admin/reports").get_data(as_text=True))
    placeholders = re.findall(r'placeholder="([^"]*)"', page)
    assert len(placeholders) >= 5
    assert all(p.startswith("contoh: ") for p in placeholders), placeholders
    css = (ROOT / "static/css/app.css").read_text()
    rule = re.search(r"::placeholder\s*\{([^}]*)\}", css)
    assert rule and "color: var(--muted)" in rule.group(1) and "italic" in rule.group(1)


def test_settings_form_uploads_multipart_with_logo_and_place_fields(client, login, event):
    login("admin")
    page = settings_form(client.get(f"/e/{SLUG}/admin/reports").get_data(as_text=True))
    assert 'enctype="multipart/form-data"' in page
    assert 'name="report_place"' in page
    assert re.search(
        r'<input[^>]*accept="image/png,image/jpeg"[^>]*name="logo"|name="logo"[^>]*accept="image/png,image/jpeg"',
        page,
    )


def test_settings_form_saves_place_and_logo_whatever_the_file_is_called(client, login, db, event):
    login("admin")
    response = client.post(
        SETTINGS,
        data=form(report_place=" Samarinda ", logo=(io.BytesIO(png()), "../../etc/passwd.gif")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    fresh(db, event)
    assert event.report_place == "Samarinda"
    assert event.report_logo.startswith(b"\x89PNG")
    page = client.get(f"/e/{SLUG}/admin/reports").get_data(as_text=True)
    assert 'value="Samarinda"' in page
    assert 'name="remove_logo"' in page  # a logo is set: it can be removed
    # Saving again without a file keeps the logo; ticking "hapus" removes it.
    assert client.post(SETTINGS, data=form(), content_type="multipart/form-data").status_code == 302
    fresh(db, event)
    assert event.report_logo is not None
    removed = client.post(SETTINGS, data=form(remove_logo="y"), content_type="multipart/form-data")
    assert removed.status_code == 302, removed.get_data(as_text=True)
    fresh(db, event)
    assert event.report_logo is None


def multipart(fields: dict[str, str], logo: bytes) -> tuple[bytes, str]:
    """A form body built here: the test client spools bodies over 500 KB to a temporary file
    that it never closes (a ResourceWarning, an error in this suite)."""
    boundary = "logo-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="logo"; filename="logo.png"\r\n'
        "Content-Type: image/png\r\n\r\n".encode()
        + logo
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_settings_form_refuses_a_logo_that_is_not_png_or_jpeg(client, login, db, event):
    login("admin")
    for data, message in [
        (b"GIF89a" + b"\0" * 50, "Logo harus gambar PNG atau JPEG."),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "Logo harus gambar PNG atau JPEG."),
        (b"\x89PNG" + b"\0" * MAX_LOGO_BYTES, "Logo paling besar 1 MB."),
    ]:
        body, content_type = multipart(form(official_name="X"), data)
        response = client.post(SETTINGS, data=body, content_type=content_type)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
        fresh(db, event)
        assert event.report_logo is None and event.official_name is None


def test_settings_form_explains_a_nip_that_is_not_18_digits(client, login, db, event):
    login("admin")
    response = client.post(SETTINGS, data=form(official_name="X", official_nip="1970 0101"))
    assert response.status_code == 422
    assert "NIP harus 18 angka (boleh dengan spasi)" in response.get_data(as_text=True)
    fresh(db, event)
    assert event.official_name is None
