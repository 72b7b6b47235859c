"""Door check-in: the one atomic admission, substitutes and repeats (reading input: codes.py).

Every attempt (admitted or not) is appended to `scan` in the caller's transaction. "Only
once" is the database's job: the admission is a single INSERT ... ON CONFLICT (delegate_id)
DO NOTHING RETURNING id, and whoever gets no id back reads the first admission."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from checkin.accounts.users import name_to_show, shown_name
from checkin.db import utcnow
from checkin.errors import (
    DelegateNotFound,
)
from checkin.invitations.links import parse_code
from checkin.models import (
    CheckIn,
    Delegate,
    Door,
    Event,
    Region,
    RevokedSecret,
    Scan,
    User,
)
from checkin.scanning.codes import (
    clean_gate,
    clean_name,
    clean_scan_id,
    loggable,
    vouched_scan_time,
)
from checkin.scanning.verdicts import (
    ADMITTED,
    ALREADY_CHECKED_IN,
    REVOKED,
    UNKNOWN_CODE,
    ScanResult,
    delegate_card,
)


@dataclass(frozen=True)
class _Admission:
    checked_in_at: datetime
    gate: str
    by: str | None
    substitute_name: str | None


@dataclass(frozen=True)
class _Seen:
    """The delegate a scan found: what the door may show, and whether they are revoked."""

    id: int
    event_id: int
    card: dict[str, Any]
    is_vip: bool
    is_revoked: bool


def check_in(
    db: Session,
    event: Event,
    code: object,
    *,
    gate: object,
    by: User | None,
    scan_id: object = None,
    scanned_at: datetime | None = None,
    now: datetime | None = None,
    offline_admitted: bool = False,
    substitute_name: object = None,
) -> ScanResult:
    """Admit the delegate whose code was read, once; log the attempt; return the verdict.

    Order of the rules: a code that is not one of this event's secrets is unknown_code; a
    revoked secret (replaced, or its delegate revoked) is revoked even if it was admitted
    before; then admitted or, for a repeat, already_checked_in with the first admission.
    The same scan_id again gets the stored answer and never a second check-in.
    """
    gate = clean_gate(gate, event)
    scan_id = clean_scan_id(scan_id)
    substitute = clean_name(substitute_name, field=_("Nama pengganti"), required=False)
    if scan_id is not None and (earlier := _replay(db, event, scan_id)) is not None:
        return earlier
    delegate, revoked = None, False
    secret = parse_code(code)
    if secret is not None:
        delegate, revoked = _find_by_secret(db, event, secret)
    text = code if isinstance(code, str) else repr(code)
    return _decide(
        db,
        event,
        delegate,
        revoked=revoked,
        code_text=text,
        gate=gate,
        by=by,
        scan_id=scan_id,
        scanned_at=scanned_at,
        now=now or utcnow(),
        offline_admitted=offline_admitted,
        substitute_name=substitute,
    )


def admit_new_delegate(
    db: Session,
    event: Event,
    delegate: Delegate,
    region_name: str,
    *,
    gate: str,
    by: User | None,
    now: datetime | None = None,
) -> ScanResult:
    """Admit a delegate created at the door just now (a walk-in), logged like any scan."""
    seen = _Seen(
        id=delegate.id,
        event_id=event.id,
        card=delegate_card(delegate, region_name),
        is_vip=False,
        is_revoked=False,
    )
    return _attempt(
        db,
        event,
        seen,
        revoked=False,
        code_text=f"walkin:{delegate.id}",
        gate=gate,
        by=by,
        scan_id=None,
        scanned_at=None,
        now=now or utcnow(),
        offline_admitted=False,
        substitute_name=None,
    )


def check_in_delegate(
    db: Session,
    event: Event,
    delegate_id: int,
    *,
    gate: object,
    by: User | None,
    substitute_name: object = None,
    scan_id: object = None,
    now: datetime | None = None,
) -> ScanResult:
    """Manual check-in from the door's search; the same rules, logged as code manual:<id>."""
    gate = clean_gate(gate, event)
    scan_id = clean_scan_id(scan_id)
    substitute = clean_name(substitute_name, field=_("Nama pengganti"), required=False)
    if scan_id is not None and (earlier := _replay(db, event, scan_id)) is not None:
        return earlier
    delegate = _seen(db, _SEEN_BY_ID, delegate_id=delegate_id)
    if delegate is None or delegate.event_id != event.id:
        raise DelegateNotFound(_("Peserta tidak ditemukan di acara ini."))
    return _decide(
        db,
        event,
        delegate,
        revoked=delegate.is_revoked,
        code_text=f"manual:{delegate.id}",
        gate=gate,
        by=by,
        scan_id=scan_id,
        scanned_at=None,
        now=now or utcnow(),
        offline_admitted=False,
        substitute_name=substitute,
    )


def _decide(db: Session, event: Event, delegate: _Seen | None, **attempt: Any) -> ScanResult:
    if attempt["scan_id"] is None:
        return _attempt(db, event, delegate, **attempt)
    # Two requests with one scan_id at the same instant: the unique (event_id, scan_id)
    # lets one write; the other undoes its work to the savepoint and answers as the first.
    try:
        with db.begin_nested():
            return _attempt(db, event, delegate, **attempt)
    except IntegrityError:
        earlier = _replay(db, event, attempt["scan_id"])
        if earlier is None:
            raise
        return earlier


def _attempt(
    db: Session,
    event: Event,
    delegate: _Seen | None,
    *,
    revoked: bool,
    code_text: str,
    gate: str,
    by: User | None,
    scan_id: str | None,
    scanned_at: datetime | None,
    now: datetime,
    offline_admitted: bool,
    substitute_name: str | None,
    note: str | None = None,
) -> ScanResult:
    first: _Admission | None = None
    conflict = clock_rejected = False
    if delegate is None:
        verdict = UNKNOWN_CODE
    elif revoked:
        verdict = REVOKED
    else:
        admitted_at = now
        if offline_admitted and scanned_at is not None:
            admitted_at, clock_rejected = vouched_scan_time(scanned_at, now)
            admitted_at = admitted_at.astimezone(UTC)
        first = _admit(
            db, event, delegate, admitted_at, gate, by, substitute_name, scan_id, offline_admitted
        )
        if first is None:
            verdict = ADMITTED
            first = _Admission(admitted_at, gate, shown_name(by), substitute_name)
        else:
            verdict = ALREADY_CHECKED_IN
            conflict = offline_admitted
    db.execute(
        _LOG_SCAN,
        {
            "event_id": event.id,
            "scan_id": scan_id,
            "code": loggable(code_text),
            "gate": gate,
            "user_id": by.id if by else None,
            "result": verdict,
            "delegate_id": delegate.id if delegate else None,
            "scanned_at": scanned_at,
            "created_at": now,
            "is_conflict": conflict,
            "clock_rejected": clock_rejected,
            "note": note,
        },
    )
    return _result(verdict, delegate, first, gate, scan_id, conflict)


def _admit(
    db: Session,
    event: Event,
    delegate: _Seen,
    at: datetime,
    gate: str,
    by: User | None,
    substitute_name: str | None,
    scan_id: str | None,
    offline: bool,
) -> _Admission | None:
    """Insert the check-in; None when this call admitted, else the first admission."""
    statement = _ADMIT[db.get_bind().dialect.name]
    values = {
        "event_id": event.id,
        "delegate_id": delegate.id,
        "checked_in_at": at,
        "gate": gate,
        "by_user_id": by.id if by else None,
        "substitute_name": substitute_name,
        "scan_id": scan_id,
        "is_offline": offline,
    }
    for _attempt_no in range(3):
        if db.execute(statement, values).scalar() is not None:
            return None
        first = _first_admission(db, delegate.id)
        if first is not None:
            return first
        # The first admission was undone between our INSERT and SELECT: try again.
    raise RuntimeError("check-in row keeps vanishing")  # pragma: no cover


def _first_admission(db: Session, delegate_id: int) -> _Admission | None:
    row = db.execute(_FIRST_ADMISSION, {"delegate_id": delegate_id}).first()
    if row is None:
        return None
    by = name_to_show(row.display_name, row.door_name, row.username) if row.username else None
    return _Admission(row.checked_in_at, row.gate, by, row.substitute_name)


def _replay(db: Session, event: Event, scan_id: str) -> ScanResult | None:
    """The answer a scan_id already got, rebuilt from its scan row."""
    scan = db.execute(_REPLAY, {"event_id": event.id, "scan_id": scan_id}).first()
    if scan is None:
        return None
    delegate = None
    if scan.delegate_id is not None:
        delegate = _seen(db, _SEEN_BY_ID, delegate_id=scan.delegate_id)
    first = None
    if delegate is not None and scan.result in (ADMITTED, ALREADY_CHECKED_IN):
        first = _first_admission(db, delegate.id)
    return _result(scan.result, delegate, first, scan.gate, scan_id, scan.is_conflict)


def _result(
    verdict: str,
    delegate: _Seen | None,
    first: _Admission | None,
    gate: str,
    scan_id: str | None,
    conflict: bool,
) -> ScanResult:
    return ScanResult(
        result=verdict,
        delegate=delegate.card if delegate is not None else None,
        checked_in_at=first.checked_in_at if first else None,
        gate=first.gate if first else gate,
        scan_id=scan_id,
        checked_in_by=first.by if first else None,
        substitute_name=first.substitute_name if first else None,
        vip=bool(delegate and delegate.is_vip),
        conflict=conflict,
    )


# The statements every scan runs, built once (building them costs more than running them).
_SEEN = select(
    Delegate.id,
    Delegate.name,
    Delegate.ormas,
    Region.name.label("region"),
    Delegate.level,
    Delegate.position,
    Delegate.is_vip,
    Delegate.revoked_at,
    Delegate.event_id,
).join(Region, Region.id == Delegate.region_id)


_SEEN_BY_SECRET = _SEEN.where(
    Delegate.secret == bindparam("secret"), Delegate.event_id == bindparam("event_id")
)


_SEEN_BY_ID = _SEEN.where(Delegate.id == bindparam("delegate_id"))


_SEEN_BY_REVOKED_SECRET = _SEEN.where(
    Delegate.id
    == select(RevokedSecret.delegate_id)
    .where(RevokedSecret.secret == bindparam("secret"))
    .where(RevokedSecret.event_id == bindparam("event_id"))
    .scalar_subquery()
)


_REPLAY = select(Scan.result, Scan.delegate_id, Scan.gate, Scan.is_conflict).where(
    Scan.event_id == bindparam("event_id"), Scan.scan_id == bindparam("scan_id")
)


_FIRST_ADMISSION = (
    select(
        CheckIn.checked_in_at,
        CheckIn.gate,
        CheckIn.substitute_name,
        User.username,
        User.display_name,
        Door.name.label("door_name"),
    )
    .outerjoin(User, User.id == CheckIn.by_user_id)
    .outerjoin(Door, Door.id == User.door_id)
    .where(CheckIn.delegate_id == bindparam("delegate_id"))
)


_CHECK_IN_TABLE = cast(Table, CheckIn.__table__)


_ADMIT = {
    name: dialect_insert(_CHECK_IN_TABLE)
    .on_conflict_do_nothing(index_elements=["delegate_id"])
    .returning(_CHECK_IN_TABLE.c.id)
    for name, dialect_insert in (("sqlite", sqlite.insert), ("postgresql", postgresql.insert))
}


_LOG_SCAN = insert(cast(Table, Scan.__table__))


def _seen(db: Session, statement: Any, **params: Any) -> _Seen | None:
    # Plain columns, not ORM objects: this runs on every scan.
    row = db.execute(statement, params).first()
    if row is None:
        return None
    card = dict(zip(("id", "name", "ormas", "region", "level", "position"), row[:6], strict=True))
    return _Seen(
        id=row.id,
        event_id=row.event_id,
        card=card,
        is_vip=row.is_vip,
        is_revoked=row.revoked_at is not None,
    )


def _find_by_secret(db: Session, event: Event, secret: str) -> tuple[_Seen | None, bool]:
    """The event's delegate with this secret and whether the secret is revoked."""
    delegate = _seen(db, _SEEN_BY_SECRET, secret=secret, event_id=event.id)
    if delegate is not None:
        return delegate, delegate.is_revoked
    replaced = _seen(db, _SEEN_BY_REVOKED_SECRET, secret=secret, event_id=event.id)
    return replaced, replaced is not None
