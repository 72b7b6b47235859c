"""Bahasa Indonesia by default, English on request: the catalogue and the language switch."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import insert, select

from checkin.invitations import new_secret
from checkin.models import CheckIn, Delegate
from tests.conftest import PASSWORD

TRANSLATIONS = Path(__file__).resolve().parents[2] / "checkin" / "translations"
EN_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
#: Others add strings while the English catalogue catches up: a few may wait a while.
MIN_TRANSLATED = 0.98
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")


def read_catalogue(path: Path = EN_PO):
    with path.open("rb") as f:
        return read_po(f, locale="en")


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues() -> None:
    """Compile every .po next to itself (the .mo files are git-ignored; scripts/setup does the
    same). Written to a temporary file and renamed, so a parallel reader never sees half a file."""
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        catalogue = read_catalogue(po)
        fd, tmp = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as f:
            write_mo(f, catalogue)
        os.replace(tmp, po.with_suffix(".mo"))


# --- the catalogue ---------------------------------------------------------------------------


def test_english_catalogue_compiled_next_to_po():
    assert EN_PO.with_suffix(".mo").stat().st_size > 1000


def test_english_catalogue_translated_almost_entirely():
    catalogue = read_catalogue()
    entries = [m for m in catalogue if m.id]
    missing = [
        m.id if isinstance(m.id, str) else m.id[0]
        for m in entries
        if m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    assert len(entries) > 500
    share = 1 - len(missing) / len(entries)
    assert share >= MIN_TRANSLATED, (
        f"{len(missing)} of {len(entries)} messages are untranslated or fuzzy: run "
        "scripts/i18n-update and translate them in messages.po:\n" + "\n".join(missing)
    )


def test_english_catalogue_keeps_every_placeholder():
    wrong = []
    for message in read_catalogue():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        want = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if string and sorted(PLACEHOLDER.findall(string)) != want:
                wrong.append(f"{ids[0]!r} -> {string!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_english_catalogue_passes_babel_checks():
    problems = [
        f"{message.id!r}: {'; '.join(str(e) for e in errors)}"
        for message, errors in read_catalogue().check()
    ]
    assert not problems, "\n".join(problems)


# --- the language in pages -------------------------------------------------------------------


def test_login_page_indonesian_by_default(client):
    response = client.get("/login")
    html = response.get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "<h1>Masuk</h1>" in html
    assert "Sign in" not in html
    assert response.headers["Content-Language"] == "id"


def test_login_page_english_with_lang_query(client):
    response = client.get("/login?lang=en")
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "<h1>Sign in</h1>" in html
    assert "Username" in html and "Password" in html
    assert "Masuk" not in html
    assert response.headers["Content-Language"] == "en"


def test_login_page_unknown_lang_falls_back_to_indonesian(client):
    html = client.get("/login?lang=fr").get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "<h1>Masuk</h1>" in html


def test_language_choice_sticks_for_session(client):
    response = client.post("/lang/en", data={"next": "/login"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    assert "<h1>Sign in</h1>" in client.get("/login").get_data(as_text=True)
    # The switch in the top bar offers the way back.
    assert "Bahasa Indonesia" in client.get("/login").get_data(as_text=True)

    client.post("/lang/id", data={"next": "/login"})
    assert "<h1>Masuk</h1>" in client.get("/login").get_data(as_text=True)


def test_login_error_message_english_with_lang_en(client, make_user):
    make_user("panitia", "admin")
    response = client.post(
        "/login?lang=en", data={"username": "panitia", "password": "salah-sekali"}
    )
    html = response.get_data(as_text=True)
    assert "Wrong username or password." in html
    assert "Nama pengguna atau kata sandi salah." not in html


def test_delegates_page_english_headings_with_lang_en(client, login, event, make_delegate):
    login("admin")
    make_delegate(name="Drs. H. Ahmad Syarifuddin, M.Si.", ormas="Pemuda Pancasila")
    response = client.get(f"/e/{event.slug}/admin/delegates?lang=en")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Delegates" in html
    for text in ("All regions", "All statuses", "Organisation", "Not yet"):
        assert text in html, text
    for text in ("Semua wilayah", "Semua status", "Belum hadir"):
        assert text not in html, text
    # Data stays as written.
    assert "Pemuda Pancasila" in html


def test_delegates_page_indonesian_without_lang(client, login, event, make_delegate):
    login("admin")
    make_delegate()
    html = client.get(f"/e/{event.slug}/admin/delegates").get_data(as_text=True)
    assert "Semua wilayah" in html
    assert "All regions" not in html


def test_scanner_texts_english_with_lang_en(client, login, event):
    login("admin")
    html = client.get(f"/e/{event.slug}/scan?lang=en").get_data(as_text=True)
    # The scanner script holds no text: the page hands it the translated messages.
    assert "Point the camera at the invitation QR" in html
    assert "ADMITTED" in html
    assert "Arahkan kamera" not in html


def test_error_page_english_with_lang_en(client):
    response = client.get("/tidak-ada?lang=en")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page or data not found." in html
    assert "Back to the home page" in html


def test_language_choice_survives_sign_in(client, make_user):
    make_user("panitia", "admin")
    client.post("/lang/en", data={"next": "/login"})
    client.post("/login", data={"username": "panitia", "password": PASSWORD})
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html


def test_switch_back_to_indonesian_from_lang_en_page(client):
    html = client.get("/login?lang=en").get_data(as_text=True)
    assert 'name="next" value="/login?lang=en"' in html
    response = client.post("/lang/id", data={"next": "/login?lang=en"}, follow_redirects=True)
    assert "<h1>Masuk</h1>" in response.get_data(as_text=True)


# --- dates and numbers in the interface language ----------------------------------------------


@pytest.fixture
def crowd(db, event):
    """1,234 delegates of one ormas, one of them admitted: numbers with a thousands separator."""
    region = event.regions[1]
    rows = [
        {
            "event_id": event.id,
            "region_id": region.id,
            "name": f"Peserta {n:04d}",
            "ormas": "KNPI",
            "level": region.level,
            "secret": new_secret(),
            "match_key": f"peserta {n:04d}|knpi|{region.name.lower()}",
            "search_text": f"peserta {n:04d} knpi",
        }
        for n in range(1234)
    ]
    db.execute(insert(Delegate), rows)
    first = db.scalar(select(Delegate.id).where(Delegate.event_id == event.id).limit(1))
    at = datetime(2024, 10, 15, 0, 5, tzinfo=UTC)
    db.add(CheckIn(event_id=event.id, delegate_id=first, checked_in_at=at, gate="Pintu Utama"))
    db.commit()
    return event


@pytest.mark.parametrize(
    ("query", "day", "count"),
    [("", "Selasa, 15 Oktober 2024", "1.234"), ("?lang=en", "Tuesday, 15 October 2024", "1,234")],
)
def test_dashboard_dates_and_counts_in_the_interface_language(
    client, login, crowd, query, day, count
):
    login("admin")
    html = client.get(f"/e/{crowd.slug}/admin/{query}").get_data(as_text=True)
    assert f"{day}, 08:00 WITA" in html
    assert f'<p class="stat__value">{count}</p>' in html


@pytest.mark.parametrize(
    ("query", "share", "count"), [("", "0,1%", "1.234"), ("?lang=en", "0.1%", "1,234")]
)
def test_reports_page_percentages_in_the_interface_language(
    client, login, crowd, query, share, count
):
    login("admin")
    html = client.get(f"/e/{crowd.slug}/admin/reports{query}").get_data(as_text=True)
    assert f'<p class="stat__value">{share}</p>' in html
    assert f'<p class="stat__value">{count}</p>' in html


def test_invitation_page_date_in_english_with_lang_en(client, make_delegate):
    delegate = make_delegate()
    html = client.get(f"/i/{delegate.secret}?lang=en").get_data(as_text=True)
    assert "Tuesday, 15 October 2024" in html
    assert "Selasa" not in html and "Oktober" not in html


def test_message_to_the_delegate_stays_indonesian_in_an_english_interface(
    client, login, event, make_delegate
):
    delegate = make_delegate()
    login("admin")
    url = f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation?lang=en"
    html = client.get(url).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Hari/tanggal : Selasa, 15 Oktober 2024" in html
    assert "Tuesday" not in html
