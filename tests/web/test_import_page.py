"""The upload page: upload -> preview -> confirm, bad files listed, nothing changed early."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from checkin.models import Delegate
from tests.bombs import row_bomb
from tests.conftest import DATA

URL = "/e/rakor-ormas-2024/admin/import"


def count(db) -> int:
    n = db.scalar(select(func.count(Delegate.id)))
    db.rollback()  # end the read, so the next one sees what the app wrote since
    return n


def upload(client, path: Path | None = None, *, data: bytes | None = None, name: str = ""):
    content = data if data is not None else path.read_bytes()
    return client.post(
        URL,
        data={"file": (io.BytesIO(content), name or path.name)},
        content_type="multipart/form-data",
    )


def token_of(page: str) -> str:
    start = page.index('name="token" value="') + len('name="token" value="')
    return page[start : page.index('"', start)]


@pytest.mark.parametrize(("role", "status"), [("door", 403), ("viewer", 403), ("liaison", 403)])
def test_upload_page_is_for_organisers_only(client, event, login, role, status):
    login(role)
    assert client.get(URL).status_code == status
    assert upload(client, DATA / "delegates-rakor-750.csv").status_code == status


def test_upload_page_redirects_anonymous_to_login(client, event):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_upload_page_shows_the_form(client, event, login):
    login("admin")
    page = client.get(URL).get_data(as_text=True)
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert "Kabupaten/Kota" in page


def test_preview_then_confirm_imports(client, db, event, login, app_config):
    login("admin")
    response = upload(client, DATA / "delegates-rakor-750.xlsx")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Pratinjau impor" in page and "delegates-rakor-750.xlsx" in page
    assert "750" in page and "Kota Bpp" in page  # counts and the region mapping
    assert count(db) == 0  # a preview writes nothing
    token = token_of(page)
    stored = list(Path(app_config["UPLOAD_FOLDER"]).glob("*.upload"))
    assert [p.name for p in stored] == [f"{token}.upload"]

    response = client.post(f"{URL}/confirm", data={"token": token})
    assert response.status_code == 302
    assert count(db) == 750
    assert not stored[0].exists()
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "750 peserta baru" in follow


def test_confirm_twice_imports_once(client, db, event, login):
    login("admin")
    token = token_of(upload(client, DATA / "delegates-rakor-750.csv").get_data(as_text=True))
    client.post(f"{URL}/confirm", data={"token": token})
    response = client.post(f"{URL}/confirm", data={"token": token})
    assert response.status_code == 302
    assert count(db) == 750


def test_confirm_with_a_forged_token_changes_nothing(client, db, event, login):
    login("admin")
    upload(client, DATA / "delegates-rakor-750.csv")
    for token in ["x" * 32, "../../checkin", ""]:
        response = client.post(f"{URL}/confirm", data={"token": token})
        assert response.status_code == 302
    assert count(db) == 0


def test_cancel_deletes_the_pending_file(client, db, event, login, app_config):
    login("admin")
    token = token_of(upload(client, DATA / "delegates-rakor-750.csv").get_data(as_text=True))
    client.post(f"{URL}/cancel", data={"token": token})
    assert not list(Path(app_config["UPLOAD_FOLDER"]).glob("*.upload"))
    client.post(f"{URL}/confirm", data={"token": token})
    assert count(db) == 0


def test_reupload_preview_shows_unchanged(client, db, event, login):
    login("admin")
    token = token_of(upload(client, DATA / "delegates-rakor-750.csv").get_data(as_text=True))
    client.post(f"{URL}/confirm", data={"token": token})
    page = upload(client, DATA / "delegates-rakor-750.xlsx").get_data(as_text=True)
    assert "Tidak ada perubahan" in page
    assert "/confirm" not in page


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        (
            "unknown-region.csv",
            "Baris 6 (Hj. Muhammad Daeng Matta), kolom Kabupaten/Kota: wilayah &#34;Kabupaten",
        ),
        ("missing-name-and-ormas.csv", "Baris 5, kolom Nama: nama wajib diisi."),
        ("duplicate-delegates.csv", "Baris 14 (dr. Yohanes Hamzah): peserta ini sama dengan baris"),
        ("wrong-headers.csv", "Kolom wajib tidak ditemukan: Ormas, Kabupaten/Kota."),
        ("not-a-spreadsheet.xlsx", "tidak dapat dibuka sebagai berkas Excel"),
        ("empty.csv", "kosong"),
    ],
)
def test_bad_file_shows_the_problem_list_and_changes_nothing(
    client, db, event, login, filename, expected
):
    login("admin")
    response = upload(client, DATA / "bad" / filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert expected in page
    assert 'class="import-problems__list"' in page
    assert "/confirm" not in page
    assert count(db) == 0


def test_missing_file_is_a_clear_error(client, event, login):
    login("admin")
    response = client.post(URL, data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Pilih berkas" in response.get_data(as_text=True)


def test_too_large_upload_is_a_clear_error(client, app, event, login):
    login("admin")
    app.config["MAX_CONTENT_LENGTH"] = 2000
    response = upload(client, DATA / "delegates-rakor-750.csv")
    assert response.status_code == 413
    assert "terlalu besar" in response.get_data(as_text=True)


def test_spreadsheet_bomb_upload_is_refused_at_the_row_limit(
    client, db, event, login, tmp_path, app_config
):
    login("admin")
    bomb = row_bomb(tmp_path / "bom.xlsx")  # 7.8 million empty rows, about 1 MB zipped
    # The body is built here: the test client spools bodies over 500 KB to a temporary
    # file that it never closes (a ResourceWarning, an error in this suite).
    boundary = "bomb-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bom.xlsx"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + bomb.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(URL, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "berisi lebih dari 200000 baris (baris kosong ikut dihitung)" in page
    assert "/confirm" not in page
    assert count(db) == 0
    assert not list(Path(app_config["UPLOAD_FOLDER"]).glob("*.upload"))


def test_hostile_cells_are_escaped_in_the_preview(client, event, login):
    login("admin")
    data = b"Nama;Ormas;Kota\r\n<script>alert(1)</script>;<b>O</b>;Berau\r\n"
    page = upload(client, data=data, name="<img src=x>.csv").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x>" not in page


def test_updated_file_preview_lists_the_changes(client, db, event, login):
    login("admin")
    first = b"Nama;Ormas;Kota;HP\r\nSiti;Muslimat;Berau;0812-1111-2222\r\n"
    token = token_of(upload(client, data=first, name="v1.csv").get_data(as_text=True))
    client.post(f"{URL}/confirm", data={"token": token})
    second = b"Nama;Ormas;Kota;HP\r\nSiti;Muslimat;Berau;0813-1111-2222\r\n"
    page = upload(client, data=second, name="v2.csv").get_data(as_text=True)
    assert "Yang akan diperbarui" in page and "No. HP" in page
    client.post(f"{URL}/confirm", data={"token": token_of(page)})
    assert db.scalar(select(Delegate.phone)) == "+6281311112222"
    db.rollback()


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_an_import_that_fails_at_confirm_deletes_the_pending_file_too(
    client, db, event, login, app_config
):
    login("admin")
    token = token_of(upload(client, DATA / "delegates-rakor-750.csv").get_data(as_text=True))
    stored = Path(app_config["UPLOAD_FOLDER"]) / f"{token}.upload"
    stored.write_bytes(b"not;a;delegate list\r\n")  # refused when read again at confirm
    response = client.post(f"{URL}/confirm", data={"token": token})
    assert response.status_code == 422
    assert not stored.exists()


def test_the_import_pages_purge_forgotten_uploads(client, event, login, app, app_config):
    login("admin")
    folder = Path(app_config["UPLOAD_FOLDER"])
    token_of(upload(client, DATA / "delegates-rakor-750.csv").get_data(as_text=True))
    [forgotten] = folder.glob("*.upload")
    _age(forgotten, app.config["IMPORT_PENDING_MAX_AGE"] + 1)
    assert client.get(URL).status_code == 200  # only looking at the page
    assert not forgotten.exists()


def test_a_preview_older_than_the_maximum_age_cannot_be_imported(
    client, db, event, login, app, app_config
):
    login("admin")
    token = token_of(upload(client, DATA / "delegates-rakor-750.csv").get_data(as_text=True))
    stored = Path(app_config["UPLOAD_FOLDER"]) / f"{token}.upload"
    _age(stored, app.config["IMPORT_PENDING_MAX_AGE"] + 1)
    response = client.post(f"{URL}/confirm", data={"token": token})
    assert response.status_code == 302
    assert count(db) == 0
    assert not stored.exists()
    assert "kedaluwarsa" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_preview_notes_office_lines_and_lists_who_has_no_phone(client, event, login):
    login("admin")
    page = upload(client, DATA / "phones-office.csv").get_data(as_text=True)
    offices = page[page.index('id="import-office-title"') : page.index('id="import-nophone-title"')]
    assert "Siti Rahmah" in offices and "Dedi Kurnia" in offices and "Eka" not in offices
    assert "+62 541 736123" in offices
    assert "nomor telepon kantor, bukan nomor HP/WhatsApp" in page
    nophone = page[page.index('id="import-nophone-title"') :]
    assert "Eka Putri" in nophone.split("</section>")[0]
    sample = page[page.index('id="import-sample-title"') :]
    assert "+62 812-3456-7890" in sample
