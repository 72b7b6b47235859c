"""The invitation-links CSV in two forms: for scripts (`checkin export-invitations`, its
documented English header, phones as +62…) and for the office (the organiser's download and
`--excel`: Excel-ready, see checkin.tabular.office_csv). Both are audit-logged."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin import audit
from checkin.invitations.links import invitation_url
from checkin.models import Delegate, Event, Region, level_label
from checkin.tabular import csv_text, office_csv, phone_text


@dataclass
class _UserRef:
    id: int


EXPORT_HEADER = ("name", "ormas", "region", "level", "phone", "invitation_url")
#: The office form's columns: the same, in Indonesian, and why a link is missing.
OFFICE_HEADER = (
    "Nama", "Ormas", "Wilayah", "Tingkat", "Nomor HP", "Tautan undangan", "Keterangan"
)  # fmt: skip
REVOKED_NOTE = "undangan dicabut"


def export_invitations_csv(
    db: Session, event: Event, base_url: str, *, actor: str, user_id: int | None = None
) -> str:
    """CSV for scripts of every delegate with their invitation URL (empty when revoked)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_HEADER)
    count = 0
    for delegate, region_name in _delegates(db, event):
        url = "" if delegate.revoked_at else invitation_url(base_url, delegate.secret)
        # Names are the organisers' text: never let a spreadsheet run one as a formula.
        texts = map(csv_text, (delegate.name, delegate.ormas, region_name, delegate.level))
        writer.writerow((*texts, delegate.phone or "", url))
        count += 1
    _audit(db, event, actor, user_id, count)
    return out.getvalue()


def export_invitations_excel(
    db: Session, event: Event, base_url: str, *, actor: str, user_id: int | None = None
) -> bytes:
    """The same list for the office: Indonesian headers and levels, phones kept as text."""
    rows = []
    for delegate, region_name in _delegates(db, event):
        revoked = delegate.revoked_at is not None
        rows.append(
            (
                delegate.name,
                delegate.ormas,
                region_name,
                level_label(delegate.level),
                phone_text(delegate.phone),
                "" if revoked else invitation_url(base_url, delegate.secret),
                REVOKED_NOTE if revoked else "",
            )  # fmt: skip
        )
    _audit(db, event, actor, user_id, len(rows))
    return office_csv(OFFICE_HEADER, rows)


def _delegates(db: Session, event: Event) -> list[tuple[Delegate, str]]:
    rows = db.execute(
        select(Delegate, Region.name)
        .join(Region, Region.id == Delegate.region_id)
        .where(Delegate.event_id == event.id)
        .order_by(Region.sort_order, Delegate.name, Delegate.id)
    )
    return [(delegate, region_name) for delegate, region_name in rows]


def _audit(db: Session, event: Event, actor: str, user_id: int | None, count: int) -> None:
    audit.record(
        db,
        event=event,
        user=_UserRef(user_id) if user_id is not None else None,
        actor=actor,
        action=EXPORT_INVITATIONS,
        fields={"rows": count},
    )


#: Audit actions of the exports here (they contain phone numbers).
EXPORT_INVITATIONS = "export_invitations"
