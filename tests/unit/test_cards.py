"""Invitation cards as PDF: rendered with pdftoppm and their QR codes read back with zxing-cpp."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from checkin.invitations import cards, invitation_url, revoke_invitation
from tests.conftest import need

BASE = "https://checkin.example.id"
DPI = 150


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    need(shutil.which("pdfinfo") is not None, "pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "cards.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.M).group(1))


def render_page(pdf: bytes, tmp_path: Path, page: int = 1) -> Image.Image:
    need(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils) is not installed")
    path = tmp_path / "cards.pdf"
    path.write_bytes(pdf)
    png = subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-gray", "-png", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png))


def decoded(image: Image.Image) -> list:
    return zxingcpp.read_barcodes(image.convert("L"))


@pytest.fixture
def region(event):
    return event.regions[3]  # Kabupaten Kutai Kartanegara


def test_card_for_one_delegate_carries_their_url_in_a_readable_qr(
    db, event, make_delegate, tmp_path
):
    person = make_delegate(name="Drs. H. Ahmad Syarifuddin, M.Si.", ormas="Pemuda Pancasila")
    pdf = cards.cards_pdf(event, cards.card_delegates(db, event, delegate_id=person.id), BASE)
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf, tmp_path) == 1
    results = decoded(render_page(pdf, tmp_path))
    assert [r.text for r in results] == [invitation_url(BASE, person.secret)]


def test_card_qr_is_printed_at_least_3_cm_wide(db, event, make_delegate, tmp_path):
    person = make_delegate()
    pdf = cards.cards_pdf(event, [person], BASE)
    (result,) = decoded(render_page(pdf, tmp_path))
    pos = result.position
    width_px = abs(pos.top_right.x - pos.top_left.x)
    assert width_px / DPI * 2.54 >= 3.0, width_px  # the symbol itself, quiet zone excluded


def test_cards_for_a_region_hold_only_that_region(db, event, make_delegate, region, tmp_path):
    mine = [make_delegate(region=region, name=f"Kukar {i}") for i in range(3)]
    make_delegate(name="Berau")
    chosen = cards.card_delegates(db, event, region_id=region.id)
    assert [d.id for d in chosen] == [d.id for d in sorted(mine, key=lambda d: d.name)]
    pdf = cards.cards_pdf(event, chosen, BASE)
    texts = {r.text for r in decoded(render_page(pdf, tmp_path))}
    assert texts == {invitation_url(BASE, d.secret) for d in mine}


def test_cards_for_everyone_six_per_a4_page(db, event, make_delegate, tmp_path):
    for _ in range(13):
        make_delegate()
    chosen = cards.card_delegates(db, event)
    pdf = cards.cards_pdf(event, chosen, BASE)
    assert pdf_pages(pdf, tmp_path) == 3
    first_page = {r.text for r in decoded(render_page(pdf, tmp_path, page=1))}
    assert first_page == {invitation_url(BASE, d.secret) for d in chosen[:6]}
    last_page = {r.text for r in decoded(render_page(pdf, tmp_path, page=3))}
    assert last_page == {invitation_url(BASE, chosen[-1].secret)}


def test_cards_skip_revoked_invitations(db, event, make_delegate, tmp_path):
    keep = make_delegate()
    gone = make_delegate()
    revoke_invitation(db, event, gone.secret, reissue=False)
    db.commit()
    chosen = cards.card_delegates(db, event)
    assert [d.id for d in chosen] == [keep.id]
    pdf = cards.cards_pdf(event, [keep, gone], BASE)
    assert {r.text for r in decoded(render_page(pdf, tmp_path))} == {
        invitation_url(BASE, keep.secret)
    }


def test_cards_pdf_without_delegates_is_a_one_page_note(db, event, tmp_path):
    pdf = cards.cards_pdf(event, [], BASE)
    assert pdf_pages(pdf, tmp_path) == 1


def test_cards_use_a_font_with_indonesian_text():
    regular, bold = cards.fonts()
    if Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists():
        assert (regular, bold) == ("DejaVuSans", "DejaVuSans-Bold")
    else:
        assert regular == "Helvetica"
