"""Printable invitation cards: six per A4 page with cut marks, the QR drawn as vector shapes."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from checkin import audit
from checkin.formatting import DOCUMENT_LOCALE, local_time, weekday_date
from checkin.invitations.links import invitation_url
from checkin.invitations.qr import dark_runs, qr_matrix
from checkin.models import Delegate, Event, Region

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


COLS, ROWS = 2, 3


MARGIN = 10 * mm


CARD_W = (A4[0] - 2 * MARGIN) / COLS


CARD_H = (A4[1] - 2 * MARGIN) / ROWS


PAD = 6 * mm


#: The printed QR, quiet zone included; the symbol itself is about 31 mm (at least 3 cm).
QR_SIZE = 42 * mm


BRAND = (0.04, 0.37, 0.65)


MUTED = (0.33, 0.38, 0.43)


_fonts: tuple[str, str] | None = None


def fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans when installed, else Helvetica."""
    global _fonts
    if _fonts is None:
        regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            _fonts = ("DejaVuSans", "DejaVuSans-Bold")
        else:
            _fonts = ("Helvetica", "Helvetica-Bold")
    return _fonts


def card_delegates(
    db: Session, event: Event, *, region_id: int | None = None, delegate_id: int | None = None
) -> list[Delegate]:
    """Delegates with a valid invitation, by region then name (one region or one delegate)."""
    query = (
        select(Delegate)
        .join(Region, Region.id == Delegate.region_id)
        .options(joinedload(Delegate.region))
        .where(Delegate.event_id == event.id, Delegate.revoked_at.is_(None))
        .order_by(Region.sort_order, Delegate.name, Delegate.id)
    )
    if region_id is not None:
        query = query.where(Delegate.region_id == region_id)
    if delegate_id is not None:
        query = query.where(Delegate.id == delegate_id)
    return list(db.scalars(query))


def download_cards(
    db: Session,
    event: Event,
    base_url: str,
    *,
    by: audit.Named | None,
    region: Region | None = None,
    delegate: Delegate | None = None,
) -> bytes:
    """The cards PDF of the event, one region or one delegate: usable credentials, so the
    download is audit-logged (rendered first: the entry's write is the transaction's last)."""
    delegates = card_delegates(
        db,
        event,
        region_id=region.id if region else None,
        delegate_id=delegate.id if delegate else None,
    )
    pdf = cards_pdf(event, delegates, base_url)
    fields: dict[str, object] = {"cards": len(delegates)}
    if region is not None:
        fields["region"] = region.name
    if delegate is not None:
        fields["delegate"] = delegate.name
    audit.record(
        db,
        event=event,
        user=by,
        actor=audit.actor_of(by),
        action=audit.CARDS_DOWNLOAD,
        fields=fields,
    )
    return pdf


def cards_pdf(event: Event, delegates: Iterable[Delegate], base_url: str) -> bytes:
    """One PDF of invitation cards, six per A4 page, for the given delegates."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(_("Kartu undangan · %(name)s", name=event.name))
    canvas.setAuthor(event.organizer or "checkin")
    header = _event_lines(event)
    slot = 0
    for delegate in delegates:
        if delegate.revoked_at is not None:
            continue
        if slot == COLS * ROWS:
            canvas.showPage()
            slot = 0
        if slot == 0:
            _cut_marks(canvas)
        col, row = slot % COLS, slot // COLS
        x = MARGIN + col * CARD_W
        y = A4[1] - MARGIN - (row + 1) * CARD_H
        _card(canvas, x, y, header, delegate, invitation_url(base_url, delegate.secret))
        slot += 1
    if slot == 0:
        canvas.setFont(fonts()[0], 11)
        canvas.drawString(MARGIN, A4[1] - 2 * MARGIN, _("Tidak ada undangan untuk dicetak."))
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _event_lines(event: Event) -> tuple[str, str, str]:
    when = ""
    if event.starts_at is not None:
        when = (
            f"{weekday_date(event.starts_at, event.timezone, locale=DOCUMENT_LOCALE)} · "
            f"{local_time(event.starts_at, event.timezone, locale=DOCUMENT_LOCALE)}"
        )
    venue = ", ".join(p for p in (event.venue, event.address) if p)
    return event.name, when, venue


def _lines(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    lines = simpleSplit(text, font, size, width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and pdfmetrics.stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def _text(
    canvas: Canvas,
    x: float,
    y: float,
    lines: list[str],
    font: str,
    size: float,
    floor: float = 0,
) -> float:
    """Draw lines downwards from baseline y, none below `floor`; return the y below the last."""
    canvas.setFont(font, size)
    for line in lines:
        if y < floor:
            break
        canvas.drawString(x, y, line)
        y -= size * 1.22
    return y


def _fitted(text: str, font: str, width: float, steps: tuple[tuple[float, int], ...]):
    """The first (size, most lines) step at which the text fits, else the last one, cut short."""
    for size, max_lines in steps:
        lines = simpleSplit(text, font, size, width)
        if len(lines) <= max_lines:
            return lines, size
    size, max_lines = steps[-1]
    return _lines(text, font, size, width, max_lines), size


def _card(
    canvas: Canvas,
    x: float,
    y: float,
    header: tuple[str, str, str],
    delegate: Delegate,
    url: str,
) -> None:
    regular, bold = fonts()
    left, top, width = x + PAD, y + CARD_H - PAD, CARD_W - 2 * PAD
    name, when, venue = header

    canvas.setFillColorRGB(*BRAND)
    cursor = _text(canvas, left, top - 7, [_("UNDANGAN")], bold, 7.5)
    canvas.setFillColorRGB(0, 0, 0)
    cursor = _text(canvas, left, cursor - 2, _lines(name, bold, 10, width, 2), bold, 10)
    canvas.setFillColorRGB(*MUTED)
    if when:
        cursor = _text(canvas, left, cursor, [when], regular, 8)
    if venue:
        cursor = _text(canvas, left, cursor, _lines(venue, regular, 8, width, 2), regular, 8)
    canvas.setStrokeColorRGB(0.8, 0.83, 0.86)
    canvas.setLineWidth(0.6)
    rule = cursor + 2
    canvas.line(left, rule, left + width, rule)

    qr_top = rule - 3 * mm
    _qr(canvas, left - 2 * mm, qr_top - QR_SIZE, url)

    # The delegate, right of the QR: the name as large as fits (door staff compare it),
    # and nothing may run into the note at the bottom.
    info_x, info_w = left + QR_SIZE, width - QR_SIZE
    floor = y + PAD + 16 + 7.5 * 1.22 + 4
    lines, size = _fitted(delegate.name, bold, info_w, ((11, 3), (10, 3), (9, 4)))
    canvas.setFillColorRGB(0, 0, 0)
    cursor = _text(canvas, info_x, qr_top - 16, lines, bold, size)
    canvas.setFillColorRGB(*MUTED)
    if delegate.position:
        position = _lines(delegate.position, regular, 8, info_w, 2)
        cursor = _text(canvas, info_x, cursor, position, regular, 8, floor)
    canvas.setFillColorRGB(0, 0, 0)
    ormas = _lines(delegate.ormas, bold, 9, info_w, 3)
    cursor = _text(canvas, info_x, cursor - 3, ormas, bold, 9, floor)
    canvas.setFillColorRGB(*MUTED)
    region = _lines(delegate.region.name, regular, 8, info_w, 2)
    _text(canvas, info_x, cursor, region, regular, 8, floor)

    note = _(
        "Tunjukkan kode QR ini kepada petugas registrasi. Berlaku untuk 1 (satu) orang "
        "atas nama tersebut; mohon tidak diteruskan kepada pihak lain."
    )
    canvas.setFillColorRGB(*MUTED)
    _text(canvas, left, y + PAD + 16, _lines(note, regular, 7.5, width, 3), regular, 7.5)
    canvas.setFillColorRGB(0, 0, 0)


def _qr(canvas: Canvas, x: float, y: float, url: str) -> None:
    """Draw the QR (quiet zone included) as one filled path of horizontal runs."""
    matrix = qr_matrix(url)
    module = QR_SIZE / len(matrix)
    # In module units with y downwards, so each run is a few small integers: writing the
    # operators directly is several times faster than reportlab's path API for 750 cards.
    # Rows overlap by a hair so no viewer shows seams between runs.
    ops = " ".join(f"{col} {row} {length} 1.03 re" for row, col, length in dark_runs(matrix))
    canvas.saveState()
    canvas.transform(module, 0, 0, -module, x, y + QR_SIZE)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.addLiteral(ops + " f")
    canvas.restoreState()


def _cut_marks(canvas: Canvas) -> None:
    """Short marks in the margin at every cut line, and small crosses where cuts meet."""
    canvas.setStrokeColorRGB(0.55, 0.55, 0.55)
    canvas.setLineWidth(0.4)
    mark = 5 * mm
    xs = [MARGIN + i * CARD_W for i in range(COLS + 1)]
    ys = [MARGIN + j * CARD_H for j in range(ROWS + 1)]
    bottom, top = ys[0], ys[-1]
    for x in xs:
        canvas.line(x, bottom - mark - 1 * mm, x, bottom - 1 * mm)
        canvas.line(x, top + 1 * mm, x, top + 1 * mm + mark)
    for y in ys:
        canvas.line(xs[0] - mark - 1 * mm, y, xs[0] - 1 * mm, y)
        canvas.line(xs[-1] + 1 * mm, y, xs[-1] + 1 * mm + mark, y)
    cross = 2 * mm
    for x in xs[1:-1]:
        for y in ys:
            canvas.line(x, y - cross, x, y + cross)
    for y in ys[1:-1]:
        for x in xs:
            canvas.line(x - cross, y, x + cross, y)
