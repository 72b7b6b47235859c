"""Konfirmasi kehadiran: the delegate answers akan hadir, berhalangan or diwakilkan.

A delegate who sends a substitute names them, their position and the number of the surat
tugas/mandat; the substitute comes with the same invitation QR, and the door records the
substitute's name on the check-in (`expected_substitute` tells the door whom to expect).
Answers can change until the event starts or the delegate has arrived.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from checkin.db import utcnow
from checkin.errors import ConfirmationClosed, InvalidInput, InvitationRevoked
from checkin.events.counting import counts_as_invited, ormas_names
from checkin.events.ormas import merge_by_key
from checkin.events.statuses import ANSWER_ATTEND, ANSWER_SUBSTITUTE, ANSWER_UNABLE, ANSWERS
from checkin.models import CheckIn, Delegate, Event, Region
from checkin.text import clean_text

MAX_NAME = 200
MAX_POSITION = 200
MAX_MANDATE = 100
#: Longer text in any substitute field is refused before the checks of each field.
MAX_TYPED = 500
_LETTER = re.compile(r"[^\W\d_]")
_MANDATE = re.compile(r"^[A-Za-z0-9 ./\-_(),:]+$")
_FIELDS = ("substitute_name", "substitute_position", "substitute_mandate")


@dataclass(frozen=True)
class ExpectedSubstitute:
    """Who a delegate said comes in their place, with the mandate letter's number."""

    name: str
    position: str | None
    mandate_number: str | None


def is_open(event: Event, delegate: Delegate, *, now: datetime | None = None) -> bool:
    """True while the delegate may still answer or change the answer."""
    if delegate.revoked_at is not None or delegate.check_in is not None:
        return False
    return event.starts_at is None or (now or utcnow()) < event.starts_at


def _substitute_fields(
    delegate: Delegate, name: object, position: object, mandate: object
) -> tuple[str, str, str]:
    """The cleaned substitute fields, or InvalidInput listing every problem by field."""
    problems: list[dict[str, str]] = []

    def problem(field: str, message: str) -> None:
        problems.append({"field": field, "message": message})

    def typed(field: str, value: object, label: str, limit: int) -> str | None:
        """The field as safe text (checkin.text), "" when blank, None after a problem."""
        try:
            return clean_text(str(value or ""), field=label, max_length=limit, required=False) or ""
        except InvalidInput as exc:
            problem(field, exc.message)
            return None

    name = typed("substitute_name", name, _("Nama pengganti"), MAX_NAME)
    position = typed("substitute_position", position, _("Jabatan"), MAX_POSITION)
    mandate = typed("substitute_mandate", mandate, _("Nomor surat tugas/mandat"), MAX_TYPED)
    if name == "":
        problem("substitute_name", _("Tulis nama lengkap pengganti."))
    elif name is not None and (len(name) < 3 or not _LETTER.search(name)):
        problem("substitute_name", _("Nama pengganti terlalu pendek atau tidak berisi huruf."))
    elif name is not None and name.casefold() == " ".join(delegate.name.split()).casefold():
        problem(
            "substitute_name",
            _(
                "Nama pengganti sama dengan nama yang diundang. "
                "Pilih Akan hadir bila Anda sendiri yang datang."
            ),
        )
    if position == "":
        problem("substitute_position", _("Tulis jabatan pengganti di ormas."))
    if mandate == "":
        problem("substitute_mandate", _("Tulis nomor surat tugas/mandat untuk pengganti."))
    elif mandate is not None and (len(mandate) > MAX_MANDATE or len(mandate) < 3):
        problem(
            "substitute_mandate",
            _("Nomor surat tugas/mandat 3 sampai %(n)d karakter.", n=MAX_MANDATE),
        )
    elif mandate is not None and (
        not _MANDATE.match(mandate) or not any(c.isdigit() for c in mandate)
    ):
        problem(
            "substitute_mandate",
            _(
                "Nomor surat tugas/mandat memuat angka dan hanya huruf, angka, titik, garis "
                "miring atau tanda minus, misalnya 045/ST/PP-KT/X/2024."
            ),
        )
    if problems:
        problems.sort(key=lambda p: _FIELDS.index(p["field"]))
        raise InvalidInput(problems[0]["message"], details=problems)
    assert name and position and mandate  # each was checked above
    return name, position, mandate


def confirm_attendance(
    db: Session,
    delegate: Delegate,
    *,
    answer: str,
    substitute_name: object = None,
    substitute_position: object = None,
    mandate_number: object = None,
    by: object | None = None,
    now: datetime | None = None,
) -> Delegate:
    """Record the delegate's answer (by the delegate on their page, or an organiser for them).

    Raises ConfirmationClosed once the event has started or the delegate has arrived, and
    InvalidInput (with `details` per field) for a substitute without name, position or a
    plausible mandate number. Other answers clear the substitute.
    """
    now = now or utcnow()
    if delegate.revoked_at is not None:
        raise InvitationRevoked(_("Undangan ini sudah tidak berlaku."))
    if not is_open(delegate.event, delegate, now=now):
        raise ConfirmationClosed(
            _("Konfirmasi kehadiran sudah ditutup karena acara telah dimulai.")
            if delegate.check_in is None
            else _("Kehadiran Anda sudah tercatat; konfirmasi tidak dapat diubah lagi.")
        )
    if answer not in ANSWERS:
        raise InvalidInput(
            _("Pilih salah satu: akan hadir, berhalangan atau diwakilkan."),
            details=[{"field": "answer", "message": _("Pilih salah satu jawaban.")}],
        )
    name = position = mandate = None
    if answer == ANSWER_SUBSTITUTE:
        name, position, mandate = _substitute_fields(
            delegate, substitute_name, substitute_position, mandate_number
        )
    delegate.confirmation, delegate.confirmed_at = answer, now
    delegate.substitute_name, delegate.substitute_position = name, position
    delegate.substitute_mandate = mandate
    db.flush()
    return delegate


def expected_substitute(db: Session, delegate: Delegate) -> ExpectedSubstitute | None:
    """Whom the delegate said comes instead (for the door to record), else None."""
    if delegate.confirmation != ANSWER_SUBSTITUTE or not delegate.substitute_name:
        return None
    return ExpectedSubstitute(
        name=delegate.substitute_name,
        position=delegate.substitute_position,
        mandate_number=delegate.substitute_mandate,
    )


@dataclass
class ExpectedCounts:
    """Answers of one group of delegates before the day, and arrivals on it."""

    invited: int = 0
    attend: int = 0
    substitute: int = 0
    unable: int = 0
    arrived: int = 0

    @property
    def unanswered(self) -> int:
        return self.invited - self.attend - self.substitute - self.unable

    @property
    def expected(self) -> int:
        """Who is expected in the hall: those coming themselves and the substitutes."""
        return self.attend + self.substitute

    def merged_with(self, other: ExpectedCounts) -> ExpectedCounts:
        """These counts and another group's together (two spellings of one ormas)."""
        return ExpectedCounts(
            *(getattr(self, f.name) + getattr(other, f.name) for f in fields(ExpectedCounts))
        )


def _expected_rows(db: Session, event: Event, key, *conditions) -> dict:
    def answered(value: str):
        return func.coalesce(func.sum(case((Delegate.confirmation == value, 1), else_=0)), 0)

    rows = db.execute(
        select(
            key,
            func.count(Delegate.id),
            answered(ANSWER_ATTEND),
            answered(ANSWER_SUBSTITUTE),
            answered(ANSWER_UNABLE),
            func.count(CheckIn.id),
        )
        .select_from(Delegate)
        .outerjoin(CheckIn, CheckIn.delegate_id == Delegate.id)
        .where(counts_as_invited(event), *conditions)
        .group_by(key)
    ).all()
    return {row[0]: ExpectedCounts(*(int(v) for v in row[1:])) for row in rows}


def expected_total(db: Session, event: Event) -> ExpectedCounts:
    """The answers of all the event's invited delegates (checkin.events.counting)."""
    return _expected_rows(db, event, Delegate.event_id).get(event.id, ExpectedCounts())


def expected_by_region(db: Session, event: Event) -> list[tuple[Region, ExpectedCounts]]:
    """The answers per region, in the event's order (regions without delegates too)."""
    by_id = _expected_rows(db, event, Delegate.region_id)
    return [(region, by_id.get(region.id, ExpectedCounts())) for region in event.regions]


def expected_by_ormas(
    db: Session, event: Event, *, region_id: int | None = None
) -> list[tuple[str, ExpectedCounts]]:
    """The answers per ormas (optionally of one region), under its shown spelling, by key."""
    conditions = [Delegate.region_id == region_id] if region_id is not None else []
    rows = _expected_rows(db, event, Delegate.ormas, *conditions)
    return merge_by_key(rows.items(), ormas_names(db, event), ExpectedCounts.merged_with)
