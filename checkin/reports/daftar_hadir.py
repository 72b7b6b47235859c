"""The printable Daftar Hadir (attendance sheet) as Indonesian government offices file it.

A4 portrait: the letterhead (kop surat), "DAFTAR HADIR", the activity, hari/tanggal, waktu
and tempat; then every invited delegate grouped by region, then ormas, with No, Nama,
Jabatan, Ormas, Waktu Hadir and a staggered Tanda Tangan column (odd numbers sign on the
left half, even numbers on the right, so neighbouring signatures never collide); then the
"Mengetahui" block of the responsible official. Everyone is listed, arrived or not: offices
print the sheet and have it signed on paper too, so a delegate without a scan still has a
line to sign.
"""

from __future__ import annotations

import functools
import io
from datetime import datetime
from itertools import groupby
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from checkin.formatting import (
    DOCUMENT_LOCALE,
    LETTER_CLOCK,
    letter_time,
    local_date,
    long_date,
    time_of_day,
    to_local,
    tz_label,
    weekday_date,
)
from checkin.models import Event
from checkin.reports.kop import (
    CONTENT_WIDTH,
    FRAME_HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    fonts,
    letterhead,
)
from checkin.reports.kop import p as _p
from checkin.reports.kop import styles as _styles
from checkin.reports.rows import AttendanceRow

#: No, Nama, Jabatan, Ormas, Waktu Hadir, Tanda Tangan (175 mm in all).
COL_WIDTHS = [11 * mm, 42 * mm, 29 * mm, 42 * mm, 16 * mm, 35 * mm]
PAD = 3
#: Room for a signature: no row is lower than this.
MIN_ROW_HEIGHT = 8.5 * mm
CELL_FONT_SIZE = 8.5
CELL_LEADING = 10.5
REGION_GAP = 5 * mm
#: Rows that move to the next page with the "Mengetahui" block when it does not fit after them.
KEEP_WITH_SIGNATURE = 3


class SignatureLine(Flowable):
    """'7. ........' on the left half of the cell for odd numbers, on the right half for even."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, 10

    def draw(self) -> None:
        regular, _bold = fonts()
        half = self.width / 2
        x = 0 if self.number % 2 else half
        label = f"{self.number}."
        self.canv.setFont(regular, 8)
        self.canv.drawString(x, 2, label)
        start = x + pdfmetrics.stringWidth(label, regular, 8) + 2
        self.canv.setDash(1, 2)
        self.canv.setLineWidth(0.6)
        self.canv.line(start, 1.5, x + half - 4, 1.5)


def _activity(event: Event) -> Table:
    zone = tz_label(event.timezone)
    when = ""
    if event.starts_at:
        start = letter_time(event.starts_at, event.timezone, locale=DOCUMENT_LOCALE)
        end = letter_time(event.ends_at, event.timezone, locale=DOCUMENT_LOCALE)
        until = f"{end} {zone}" if end else "selesai"
        when = f"{start} {zone} s.d. {until}"
    place = ", ".join(x for x in (event.venue, event.address) if x)
    items = [("Kegiatan", event.name)]
    if event.theme:
        items.append(("Tema", f"\u201c{event.theme}\u201d"))
    items += [
        ("Hari/Tanggal", weekday_date(event.starts_at, event.timezone, locale=DOCUMENT_LOCALE)),
        ("Waktu", when),
        ("Tempat", place),
    ]
    data = [[_p(label, "info"), _p(":", "info"), _p(value, "info")] for label, value in items]
    table = Table(data, colWidths=[27 * mm, 4 * mm, CONTENT_WIDTH - 31 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _lines(text: str, width: float, font: str, size: float = CELL_FONT_SIZE) -> list[str]:
    """Word-wrap text to a column; a word too long for the column is cut into pieces."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            while pdfmetrics.stringWidth(line, font, size) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and pdfmetrics.stringWidth(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
    return lines


def _cell(text: str, col: int, font: str) -> tuple[str, int]:
    lines = _lines(text, COL_WIDTHS[col] - 2 * PAD, font)
    return "\n".join(lines), len(lines)


def _head_rows(title: str, zone: str) -> tuple[list[list], list[float]]:
    _regular, bold = fonts()
    texts = ["No", "Nama", "Jabatan", "Ormas", f"Waktu Hadir ({zone})", "Tanda Tangan"]
    head = [_cell(text, i, bold) for i, text in enumerate(texts)]
    tallest = max(n for _text, n in head)
    rows = [[title, "", "", "", "", ""], [text for text, _n in head]]
    return rows, [7 * mm, tallest * CELL_LEADING + 2 * PAD + 2]


def _body_row(row: AttendanceRow, no: int) -> tuple[list, float]:
    regular, _bold = fonts()
    name = row.name + (f"\n(pengganti: {row.substitute_name})" if row.substitute_name else "")
    cells = [_cell(name, 1, regular), _cell(row.position, 2, regular), _cell(row.ormas, 3, regular)]
    # arrived_at is already in the event's zone (attendance_rows).
    at = row.arrived_at
    arrived = time_of_day(at, locale=DOCUMENT_LOCALE, pattern=LETTER_CLOCK) if at else ""
    height = max(n for _text, n in cells) * CELL_LEADING + 2 * PAD + 2
    data = [str(no), *(text for text, _n in cells), arrived, SignatureLine(no)]
    return data, max(MIN_ROW_HEIGHT, height)


def _table(head: list[list], head_heights: list[float], body: list[list], heights: list[float]):
    """One page's part of a region: its title row, the column header, then the rows."""
    table = Table(head + body, colWidths=COL_WIDTHS, rowHeights=head_heights + heights)
    table.setStyle(_table_style())
    return table


@functools.cache
def _table_style() -> TableStyle:
    regular, bold = fonts()
    return TableStyle(
        [
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
            ("BACKGROUND", (0, 1), (-1, 1), colors.HexColor("#F5F5F5")),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
            ("FONTNAME", (0, 0), (-1, 1), bold),
            ("FONTSIZE", (0, 0), (-1, 0), 9.5),
            ("FONTNAME", (0, 2), (-1, -1), regular),
            ("FONTSIZE", (0, 1), (-1, -1), CELL_FONT_SIZE),
            ("LEADING", (0, 1), (-1, -1), CELL_LEADING),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 1), (-1, 1), "CENTER"),
            ("ALIGN", (0, 2), (0, -1), "CENTER"),
            ("ALIGN", (4, 2), (4, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), PAD),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
        ]
    )


class _Pager:
    """Lays the list out page by page itself.

    Row heights are known in advance, so each page gets its own table (with the region's
    title and the column header repeated). Letting one long table split itself across pages
    would rebuild the rest of the table for every page: quadratic for 100,000 delegates.
    """

    def __init__(self, story: list, used: float, zone: str) -> None:
        self.story = story
        self.used = used
        self.zone = zone

    def room(self) -> float:
        return FRAME_HEIGHT - self.used

    def new_page(self) -> None:
        self.story.append(PageBreak())
        self.used = 0.0

    def add_region(
        self, region: str, rows: list[AttendanceRow], first_no: int, *, tail: float = 0.0
    ) -> None:
        """Lay out one region; `tail` is the height that must follow its last row on the same
        page (the recap and "Mengetahui" block after the last region): when it does not fit,
        the last rows move to the next page with it, so the block never stands alone."""
        body = [_body_row(row, no) for no, row in enumerate(rows, first_no)]
        start, part = 0, 0
        while start < len(body):
            title = f"{region.upper()}  ({len(rows)} orang)" + (" \u2013 lanjutan" if part else "")
            head, head_heights = _head_rows(title, self.zone)
            if self.room() < sum(head_heights) + body[start][1]:
                self.new_page()
            available = self.room() - sum(head_heights)
            end, height = start, 0.0
            while end < len(body) and height + body[end][1] <= available:
                height += body[end][1]
                end += 1
            if tail and end == len(body) and height + tail > available:
                # The block would be orphaned: keep the last rows for the next page.
                end = max(start, len(body) - KEEP_WITH_SIGNATURE)
                if end == start and self.used > 0:
                    self.new_page()  # the whole (short) rest goes over, title and all
                    continue
                end = end if end > start else len(body)  # a fresh page holds what it can
            end = max(end, start + 1)  # a row taller than a page still goes somewhere
            chunk = body[start:end]
            self.story.append(
                _table(head, head_heights, [d for d, _h in chunk], [h for _d, h in chunk])
            )
            self.used += sum(head_heights) + sum(h for _d, h in chunk)
            start, part = end, part + 1
            if start < len(body):
                self.new_page()
        if tail:
            return  # the tail follows right here (it starts with its own gap)
        if self.room() > REGION_GAP:
            self.story.append(Spacer(1, REGION_GAP))
            self.used += REGION_GAP
        else:
            self.new_page()


def _flow_height(flowable: Flowable) -> float:
    _w, h = flowable.wrap(CONTENT_WIDTH, FRAME_HEIGHT)
    return h + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def _recap(rows: list[AttendanceRow]) -> Paragraph:
    arrived = sum(1 for r in rows if r.arrived_at is not None)
    text = (
        f"Jumlah undangan {len(rows)} orang; hadir (tercatat) {arrived} orang; "
        f"belum hadir {len(rows) - arrived} orang."
    )
    return _p(text, "info")


def place_and_date(event: Event, now: datetime) -> str:
    """ "Samarinda, 15 Oktober 2024": the report's place (dots to fill in when none is set) and
    the event's day in its zone (the printing day for an event without a start)."""
    place = (event.report_place or "").strip() or "." * 30
    day = to_local(event.starts_at or now, event.timezone).date()
    return f"{place}, {long_date(day, locale=DOCUMENT_LOCALE)}"


def _signature_block(event: Event, now: datetime) -> list[Flowable]:
    position = (event.official_position or "").strip()
    name = event.official_name or "(" + "." * 60 + ")"
    nip = event.official_nip or "." * 40
    lines = [
        _p(place_and_date(event, now), "sign"),
        _p("Mengetahui,", "sign"),
        _p(f"{position}," if position else "." * 50, "sign"),
        Spacer(1, 22 * mm),
        Paragraph(f"<u>{escape(name)}</u>", _styles()["sign-name"]),
        _p(f"NIP. {nip}", "sign"),
    ]
    table = Table([["", lines]], colWidths=[CONTENT_WIDTH - 82 * mm, 82 * mm])
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 10 * mm), table]


def _canvas_class(footer_left: str) -> type[Canvas]:
    """A canvas that knows the page count, for "Halaman 3 dari 12"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            regular, _bold = fonts()
            self.setFont(regular, 7.5)
            self.setFillColor(colors.HexColor("#444444"))
            y = MARGIN_BOTTOM - 9 * mm
            self.drawString(MARGIN_LEFT, y, footer_left)
            page = f"Halaman {self._pageNumber} dari {total}"
            self.drawRightString(A4[0] - MARGIN_RIGHT, y, page)

    return NumberedCanvas


def write_pdf(event: Event, rows: list[AttendanceRow], *, now: datetime) -> bytes:
    """The Daftar Hadir as an A4 PDF; rows come sorted by region, ormas, name."""
    zone = tz_label(event.timezone)
    intro: list = [*letterhead(event), _p("DAFTAR HADIR", "title"), _activity(event)]
    intro.append(Spacer(1, 6 * mm))
    story = list(intro)
    pager = _Pager(story, sum(_flow_height(f) for f in intro), zone)
    tail = [Spacer(1, REGION_GAP), _recap(rows), *_signature_block(event, now)]
    tail_height = sum(_flow_height(f) for f in tail)
    groups = [(region, list(group)) for region, group in groupby(rows, key=lambda r: r.region)]
    no = 1
    for i, (region, region_rows) in enumerate(groups):
        last = i == len(groups) - 1
        pager.add_region(region, region_rows, no, tail=tail_height if last else 0.0)
        no += len(region_rows)
    if not rows:
        story.append(_p("Belum ada peserta.", "info"))
    story.append(KeepTogether(tail))

    day = local_date(now, event.timezone, locale=DOCUMENT_LOCALE)
    printed = f"{day} {letter_time(now, event.timezone, locale=DOCUMENT_LOCALE)} {zone}"
    footer = f"Daftar Hadir \u00b7 {event.name[:90]} \u00b7 dicetak {printed}"
    out = io.BytesIO()
    # A frame without padding: the tables use the full width between the margins.
    frame = Frame(
        MARGIN_LEFT, MARGIN_BOTTOM, CONTENT_WIDTH, FRAME_HEIGHT,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
    )  # fmt: skip
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        pageTemplates=[PageTemplate("page", frames=[frame])],
        title=f"Daftar Hadir - {event.name}",
        author=event.organizer or "",
        creator="checkin",
    )
    doc.build(story, canvasmaker=_canvas_class(footer))
    return out.getvalue()
