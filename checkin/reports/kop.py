"""The Daftar Hadir's page geometry, fonts and styles, and its kop surat (letterhead) with the
optional logo on the left (checkin.reports.logo stores it)."""

from __future__ import annotations

import functools
import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, Spacer, Table, TableStyle

from checkin.models import Event

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 20 * mm, 15 * mm, 15 * mm, 18 * mm
CONTENT_WIDTH = A4[0] - MARGIN_LEFT - MARGIN_RIGHT
FRAME_HEIGHT = A4[1] - MARGIN_TOP - MARGIN_BOTTOM
#: The logo's box left of the kop text (an empty box of the same width on the right keeps
#: the text centred on the page).
LOGO_BOX = 24 * mm

#: TrueType fonts tried in order (they cover more than Latin-1); else the PDF core fonts.
FONT_CANDIDATES = [
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
]  # fmt: skip


@functools.cache
def fonts() -> tuple[str, str]:
    """(regular, bold) font names, registering a TrueType pair once when one is installed."""
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            pdfmetrics.registerFont(TTFont("DH-Regular", regular))
            pdfmetrics.registerFont(TTFont("DH-Bold", bold))
            return "DH-Regular", "DH-Bold"
    return "Helvetica", "Helvetica-Bold"


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    base = ParagraphStyle("dh", fontName=regular, fontSize=10, leading=13)
    return {
        "kop": ParagraphStyle("dh-kop", base, fontName=bold, fontSize=13, leading=16,
                              alignment=TA_CENTER),
        "kop-main": ParagraphStyle("dh-kop-main", base, fontName=bold, fontSize=15,
                                   leading=18, alignment=TA_CENTER),
        "kop-small": ParagraphStyle("dh-kop-small", base, fontSize=9, leading=11,
                                    alignment=TA_CENTER),
        "title": ParagraphStyle("dh-title", base, fontName=bold, fontSize=14, leading=18,
                                alignment=TA_CENTER, spaceBefore=4, spaceAfter=8),
        "info": ParagraphStyle("dh-info", base, fontSize=10, leading=13),
        "sign": ParagraphStyle("dh-sign", base, fontSize=10, leading=13),
        "sign-name": ParagraphStyle("dh-sign-name", base, fontName=bold, fontSize=10,
                                    leading=13),
    }  # fmt: skip


def p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), styles()[style])


def letterhead(event: Event) -> list:
    """The kop: its lines (CAPITALS bold, the last capital line largest, others small) beside
    the logo when there is one, over the double rule; nothing without lines or a logo."""
    lines = [x.strip() for x in (event.letterhead or "").splitlines() if x.strip()]
    if not lines and event.organizer:
        lines = [event.organizer.upper()]
    logo = _logo(event.report_logo)
    if not lines and logo is None:
        return []
    bold = [i for i, line in enumerate(lines) if line.upper() == line]
    last_bold = bold[-1] if bold else -1
    story: list = []
    for i, line in enumerate(lines):
        style = "kop-main" if i == last_bold else "kop" if i in bold else "kop-small"
        story.append(p(line, style))
    if logo is not None:
        side = Table(
            [[logo, story, ""]], colWidths=[LOGO_BOX, CONTENT_WIDTH - 2 * LOGO_BOX, LOGO_BOX]
        )
        side.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        story = [side]
    rule = Table([[""]], colWidths=[CONTENT_WIDTH], rowHeights=[3])
    rule.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 2.2, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0.7, colors.black),
            ]
        )
    )
    return [*story, Spacer(1, 3), rule, Spacer(1, 8)]


def _logo(data: bytes | None) -> Image | None:
    """The stored logo scaled into LOGO_BOX, keeping its proportions."""
    if not data:
        return None
    width, height = ImageReader(io.BytesIO(data)).getSize()
    scale = min(LOGO_BOX / width, LOGO_BOX / height)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)
