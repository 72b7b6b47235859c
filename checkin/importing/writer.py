"""Import delegates from XLSX/CSV: read -> validate -> plan -> write.

Nothing is written unless the whole file is valid; every problem is reported by row and
column (see import_rows). A re-imported file finds its delegates again by the id column
when it has one, else by match_key_for(name, ormas, region), so re-importing never
duplicates anyone. Delegates missing from a newer file are kept and counted as
"not in file"."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session

from checkin.db import unique_or_raise, utcnow
from checkin.errors import ImportInvalid
from checkin.events.identity import match_key_for, search_text_for
from checkin.events.phones import is_landline, phone_digits
from checkin.importing.columns import Header, field_label, find_header, header_warnings
from checkin.importing.report import (
    PREVIEW_ROWS,
    ImportReport,
    PhoneNote,
    PreviewRow,
    RegionUse,
    RowChange,
)
from checkin.importing.rows import (
    DelegateRow,
    Problem,
    cell_problem,
    level_label,
    read_rows,
    short,
)
from checkin.importing.spreadsheets import open_sheets
from checkin.invitations.links import new_secret
from checkin.models import (
    DELEGATE_EXTERNAL_UNIQUE,
    DELEGATE_MATCH_UNIQUE,
    LEVEL_PROVINCE,
    LEVEL_REGENCY,
    AuditLog,
    Delegate,
    Event,
    Region,
)

#: Rows per INSERT/UPDATE statement batch.
CHUNK = 2000


#: Compared with the stored delegate to tell "updated" from "unchanged".
COMPARED_FIELDS = ("name", "ormas", "position", "level", "region_id", "phone", "email")


#: Written only when the file has the column; otherwise the stored value stays.
OPTIONAL_FIELDS = frozenset({"external_id", "position", "phone", "email"})


def preview_import(db: Session, event: Event, data: bytes, filename: str) -> ImportReport:
    """Validate a file and compute what importing it would change, writing nothing."""
    report, _plan = _prepare(db, event, data, filename)
    return report


def import_delegates(
    db: Session,
    event: Event,
    data: bytes,
    filename: str,
    *,
    by: str = "cli",
    user_id: int | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Validate a file, then add and update the event's delegates; raise ImportInvalid if bad.

    Flushes, never commits: the caller commits once.
    """
    now = now or utcnow()
    report, plan = _prepare(db, event, data, filename)
    changed = ImportInvalid(
        _(
            "Berkas tidak diimpor karena daftar peserta acara ini berubah selama impor "
            "(impor lain atau pendaftaran di tempat pada saat yang sama). Belum ada data yang "
            "disimpan; unggah berkasnya lagi."
        )
    )
    # The plan was read before writing: what another import or a walk-in added meanwhile is
    # refused by the delegate's unique keys, and this import then writes nothing at all.
    with unique_or_raise(db, (DELEGATE_EXTERNAL_UNIQUE, DELEGATE_MATCH_UNIQUE), changed):
        _write(db, event, plan, now)
    detail = (
        f"{filename}: added {report.added}, updated {len(report.updated)}, "
        f"unchanged {report.unchanged}, not in file {report.not_in_file}"
    )
    db.add(
        AuditLog(
            event_id=event.id,
            user_id=user_id,
            actor=by,
            action="import_delegates",
            detail=detail,
            created_at=now,
        )
    )
    db.flush()
    report.committed = True
    return report


def delegate_count(db: Session, event: Event) -> int:
    """How many delegates the event has."""
    return db.scalar(select(func.count(Delegate.id)).where(Delegate.event_id == event.id)) or 0


@dataclass
class _Plan:
    inserts: list[DelegateRow] = field(default_factory=list)
    updates: list[tuple[int, DelegateRow]] = field(default_factory=list)
    #: Fields the file carries (optional columns it lacks keep their stored values).
    present: frozenset[str] = frozenset()


def _prepare(db: Session, event: Event, data: bytes, filename: str) -> tuple[ImportReport, _Plan]:
    with open_sheets(data, filename) as sheets:
        header = find_header(sheets, filename)
        report = ImportReport(
            filename=filename,
            sheet=header.sheet.name if len(sheets) > 1 else None,
            header_row=header.row,
            columns=[(header.cells[i], field_label(key)) for key, i in header.index.items()],
            extra_columns=header.extra,
            warnings=header_warnings(header, sheets),
        )
        rows, problems = read_rows(header, event, filename)
    for row in rows:
        row.key = match_key_for(row.name, row.ormas, row.region.name)
    duplicate_problems = _duplicates(rows, header)
    duplicates = {number for number, _message in duplicate_problems}
    rows = [r for r in rows if r.row not in duplicates]
    problems += duplicate_problems
    plan = _Plan(present=frozenset(header.index))
    problems += _plan(db, event, rows, plan, report)
    if problems:
        problems.sort(key=lambda p: p[0])
        raise ImportInvalid(
            _(
                "Berkas tidak diimpor karena ada %(n)d masalah. Belum ada data yang disimpan; "
                "perbaiki berkasnya lalu unggah lagi.",
                n=len(problems),
            ),
            details=[message for _row, message in problems],
        )
    _summarise(report, rows, "phone" in header.index)
    return report, plan


def _duplicates(rows: list[DelegateRow], header: Header) -> list[Problem]:
    """The same id twice, or the same name + ormas + region twice (unless both have ids)."""
    problems: list[Problem] = []
    by_id: dict[str, int] = {}
    by_key: dict[str, DelegateRow] = {}
    for row in rows:
        ext = row.values.get("external_id")
        if ext and by_id.setdefault(ext, row.row) != row.row:
            used = _(
                'kode "%(id)s" sudah dipakai di baris %(first)d.', id=short(ext), first=by_id[ext]
            )
            message = cell_problem(row.row, row.name, header.title("external_id"), used)
            problems.append((row.row, message))
            continue
        other = by_key.setdefault(row.key, row)
        if other is not row and not (ext and other.values.get("external_id")):
            message = _(
                "Baris %(row)d (%(name)s): peserta ini sama dengan baris %(first)d (nama, ormas "
                "dan kabupaten/kota sama). Hapus salah satu.",
                row=row.row,
                name=short(row.name),
                first=other.row,
            )
            problems.append((row.row, message))
    return problems


def _plan(
    db: Session, event: Event, rows: list[DelegateRow], plan: _Plan, report: ImportReport
) -> list[Problem]:
    """Match each row to a stored delegate (one query for the whole event), fill the plan."""
    existing = db.execute(
        select(
            Delegate.id,
            Delegate.external_id,
            Delegate.match_key,
            *(getattr(Delegate, f) for f in COMPARED_FIELDS),
        )
        .where(Delegate.event_id == event.id)
        .order_by(Delegate.id)
    ).all()
    by_ext = {d.external_id: d for d in existing if d.external_id}
    by_key: dict[str, Any] = {}
    for d in existing:
        by_key.setdefault(d.match_key, d)
    compared = [f for f in (*COMPARED_FIELDS, "external_id") if _is_written(f, plan)]
    claimed: dict[int, int] = {}
    problems: list[Problem] = []
    for row in rows:
        target = _find(row, by_ext, by_key)
        if target is not None and target.id in claimed:
            if not row.values.get("external_id"):
                message = _(
                    "Baris %(row)d (%(name)s): peserta ini sama dengan baris %(first)d. "
                    "Hapus salah satu.",
                    row=row.row,
                    name=short(row.name),
                    first=claimed[target.id],
                )
                problems.append((row.row, message))
                continue
            target = None  # a row with its own new id is a new delegate
        status = "new"
        if target is None:
            plan.inserts.append(row)
        else:
            claimed[target.id] = row.row
            changed = [f for f in compared if _value(row, f) != getattr(target, f)]
            status = "updated" if changed else "unchanged"
            if changed:
                plan.updates.append((target.id, row))
                report.updated.append(RowChange(row.row, row.name, changed))
            else:
                report.unchanged += 1
        if len(report.sample) < PREVIEW_ROWS:
            report.sample.append(_preview(row, status))
    report.added = len(plan.inserts)
    report.not_in_file = len(existing) - len(claimed)
    return problems


def _find(row: DelegateRow, by_ext: dict, by_key: dict) -> Any:
    ext = row.values.get("external_id")
    target = by_ext.get(ext) if ext else None
    if target is None:
        candidate = by_key.get(row.key)
        # A stored delegate with another id is someone else who shares name, ormas, region.
        if candidate is not None and not (ext and candidate.external_id):
            target = candidate
    return target


def _is_written(key: str, plan: _Plan) -> bool:
    return key not in OPTIONAL_FIELDS or key in plan.present


def _value(row: DelegateRow, key: str) -> object:
    if key == "region_id":
        return row.region.id
    if key == "level":
        return row.level
    if key == "phone":
        return row.phone
    return row.values.get(key)


def office_line_note() -> str:
    """What the preview says of an office/home number."""
    return _("nomor telepon kantor, bukan nomor HP/WhatsApp")


def _preview(row: DelegateRow, status: str) -> PreviewRow:
    return PreviewRow(
        row=row.row,
        name=row.name,
        position=row.values.get("position"),
        ormas=row.ormas,
        region=row.region.name,
        level=level_label(row.level),
        phone=row.phone,
        status=status,
        phone_note=office_line_note() if is_landline(row.phone) else None,
    )


def _summarise(report: ImportReport, rows: list[DelegateRow], has_phone_column: bool) -> None:
    report.rows = len(rows)
    levels = Counter(r.level for r in rows)
    report.by_level = {LEVEL_PROVINCE: levels[LEVEL_PROVINCE], LEVEL_REGENCY: levels[LEVEL_REGENCY]}
    spellings: dict[Region, Counter[str]] = {}
    for r in rows:
        spellings.setdefault(r.region, Counter())[r.written_region] += 1
    report.regions = [
        RegionUse(
            region.name,
            level_label(region.level),
            sum(used.values()),
            sorted(used.items(), key=lambda item: (-item[1], item[0].lower())),
        )
        for region, used in sorted(spellings.items(), key=lambda item: item[0].sort_order)
    ]
    if not has_phone_column:
        return
    report.without_phone = [PhoneNote(r.row, r.name) for r in rows if r.phone is None]
    report.office_lines = [PhoneNote(r.row, r.name, r.phone) for r in rows if is_landline(r.phone)]
    if report.without_phone:
        report.warnings.append(
            _(
                "%(n)d peserta tanpa nomor HP: undangan WhatsApp tidak dapat dikirim ke mereka.",
                n=len(report.without_phone),
            )
        )
    if report.office_lines:
        report.warnings.append(
            _(
                "%(n)d %(note)s: undangan WhatsApp tidak dapat dikirim ke nomor itu.",
                n=len(report.office_lines),
                note=office_line_note(),
            )
        )


def _row_values(event: Event, row: DelegateRow, now: datetime) -> dict[str, Any]:
    return {
        "event_id": event.id,
        "region_id": row.region.id,
        "external_id": row.values.get("external_id"),
        "name": row.name,
        "ormas": row.ormas,
        "position": row.values.get("position"),
        "level": row.level,
        "phone": row.phone,
        "phone_digits": phone_digits(row.phone),
        "email": row.values.get("email"),
        "match_key": row.key,
        "search_text": search_text_for(
            name=row.name,
            ormas=row.ormas,
            position=row.values.get("position"),
            region_name=row.region.name,
        ),
        "updated_at": now,
    }


def _write(db: Session, event: Event, plan: _Plan, now: datetime) -> None:
    # Updates first: a file may move an organiser's id from a stored delegate to a new row,
    # and the unique id must be free before the new row takes it.
    _write_updates(db, event, plan, now)
    new_rows = (
        {
            **_row_values(event, row, now),
            "secret": new_secret(),
            "created_at": now,
            "is_vip": False,
            "is_walkin": False,
        }
        for row in plan.inserts
    )
    for chunk in _chunks(new_rows):
        db.execute(insert(cast(Table, Delegate.__table__)), chunk)


def _write_updates(db: Session, event: Event, plan: _Plan, now: datetime) -> None:
    kept = OPTIONAL_FIELDS - plan.present
    if "phone" in kept:
        kept |= {"phone_digits"}  # derived from the stored phone, so kept with it
    changed_rows = (
        {
            "id": ident,
            **{
                k: v
                for k, v in _row_values(event, row, now).items()
                if k not in kept and k != "event_id"
            },
        }
        for ident, row in plan.updates
    )
    for chunk in _chunks(changed_rows):
        db.execute(update(Delegate), chunk)
    if plan.updates and "position" in kept:
        _refresh_search_text(db, [ident for ident, _row in plan.updates])


def _refresh_search_text(db: Session, ids: list[int]) -> None:
    """Recompute search_text where the file lacked a column whose stored value was kept."""
    for chunk in _chunks(ids):
        stored = db.execute(
            select(
                Delegate.id,
                Delegate.name,
                Delegate.ormas,
                Delegate.position,
                Region.name.label("region"),
            )
            .join(Region, Region.id == Delegate.region_id)
            .where(Delegate.id.in_(chunk))
        ).all()
        values = [
            {
                "id": d.id,
                "search_text": search_text_for(
                    name=d.name,
                    ormas=d.ormas,
                    position=d.position,
                    region_name=d.region,
                ),
            }
            for d in stored
        ]
        db.execute(update(Delegate), values)


def _chunks(items: Iterable) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk
