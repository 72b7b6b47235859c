"""Attendance reports: the rows of the list, and summaries by region and ormas.

The report covers every delegate who counts as invited (checkin.events.counting: everyone
admitted, even if their invitation was revoked afterwards; a revoked invitation nobody used is
left out). The office files it grouped by ormas, so every row carries its ormas's shown
spelling (checkin.events.ormas), the one the summaries and the live screen show. Exported
documents are in Bahasa Indonesia whatever the interface language: the office files them,
and their column headers stay stable for tools.
Files: tables.py (XLSX, CSV), daftar_hadir.py (PDF), exports.py (choosing one)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin.events.counting import (
    counts_as_invited,
    has_arrived,
    invited_and_arrived,
    invited_and_arrived_by_ormas,
    ormas_names,
)
from checkin.events.ormas import ormas_key, shown_name
from checkin.formatting import DOCUMENT_LOCALE, percent, to_local
from checkin.models import CheckIn, Delegate, Event, Region, level_label


@dataclass(frozen=True)
class AttendanceRow:
    """One delegate in the report; arrived_at is in the event's zone, None if not arrived.

    `ormas` is the ormas's shown spelling, not necessarily the one typed for this delegate.
    """

    delegate_id: int
    name: str
    position: str
    ormas: str
    region: str
    region_order: int
    level: str
    phone: str | None
    arrived_at: datetime | None
    gate: str
    substitute_name: str | None
    is_walkin: bool

    @property
    def level_label(self) -> str:
        return level_label(self.level)

    @property
    def note(self) -> str:
        """Keterangan: who came instead, or that the person came without an invitation."""
        notes = []
        if self.substitute_name:
            notes.append(f"pengganti: {self.substitute_name}")
        if self.is_walkin:
            notes.append("tanpa undangan")
        return "; ".join(notes)


@dataclass(frozen=True)
class SummaryLine:
    """Invited and arrived for one region or ormas."""

    label: str
    level: str | None
    invited: int
    arrived: int

    @property
    def not_arrived(self) -> int:
        return self.invited - self.arrived

    @property
    def ratio(self) -> float:
        return self.arrived / self.invited if self.invited else 0.0

    @property
    def percent_text(self) -> str:
        """81,6%: the ratio as the office's documents write it (pages use the percent filter)."""
        return percent(self.ratio, locale=DOCUMENT_LOCALE, decimals=1)


def attendance_rows(
    db: Session, event: Event, *, only_missing: bool = False, region_id: int | None = None
) -> list[AttendanceRow]:
    """Every delegate in the report, by region (event order), then ormas, then name."""
    stmt = (
        select(
            Delegate.id,
            Delegate.name,
            Delegate.position,
            Delegate.ormas,
            Region.name,
            Region.sort_order,
            Delegate.level,
            Delegate.phone,
            CheckIn.checked_in_at,
            CheckIn.gate,
            CheckIn.substitute_name,
            Delegate.is_walkin,
        )
        .join(Region, Region.id == Delegate.region_id)
        .outerjoin(CheckIn, CheckIn.delegate_id == Delegate.id)
        .where(counts_as_invited(event))
    )
    if only_missing:
        stmt = stmt.where(~has_arrived())
    if region_id is not None:
        stmt = stmt.where(Delegate.region_id == region_id)
    names = ormas_names(db, event)
    rows = [
        AttendanceRow(
            delegate_id=r[0],
            name=r[1],
            position=r[2] or "",
            ormas=shown_name(names, r[3]),
            region=r[4],
            region_order=r[5],
            level=r[6],
            phone=r[7],
            arrived_at=to_local(r[8], event.timezone) if r[8] is not None else None,
            gate=r[9] or "",
            substitute_name=r[10],
            is_walkin=r[11],
        )
        for r in db.execute(stmt)
    ]
    # Sorted here, not in SQL: PostgreSQL and SQLite collate differently.
    rows.sort(
        key=lambda r: (
            r.region_order,
            r.region,
            ormas_key(r.ormas),
            " ".join(r.name.split()).casefold(),
            r.delegate_id,
        )
    )
    return rows


def region_summary(db: Session, event: Event) -> list[SummaryLine]:
    """Invited and arrived per region, every region of the event in its order."""
    counts = {
        region_id: (invited, arrived)
        for region_id, invited, arrived in invited_and_arrived(db, event, Delegate.region_id)
    }
    regions = db.scalars(
        select(Region).where(Region.event_id == event.id).order_by(Region.sort_order, Region.id)
    )
    return [SummaryLine(r.name, r.level, *counts.get(r.id, (0, 0))) for r in regions]


def ormas_summary(db: Session, event: Event) -> list[SummaryLine]:
    """Invited and arrived per ormas under its shown spelling, in the order of the ormas keys."""
    return [
        SummaryLine(name, None, invited, arrived)
        for name, invited, arrived in invited_and_arrived_by_ormas(db, event)
    ]


def total_line(lines: Iterable[SummaryLine]) -> SummaryLine:
    """The sum of summary lines ("Jumlah")."""
    lines = list(lines)
    return SummaryLine("Jumlah", None, sum(x.invited for x in lines), sum(x.arrived for x in lines))
