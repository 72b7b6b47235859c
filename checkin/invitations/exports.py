"""The invitation-links CSV (`checkin export-invitations` and the organiser's download)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin import audit
from checkin.invitations.links import invitation_url
from checkin.models import Delegate, Event, Region
from checkin.tabular import csv_text


@dataclass
class _UserRef:
    id: int


EXPORT_HEADER = ("name", "ormas", "region", "level", "phone", "invitation_url")


def export_invitations_csv(
    db: Session, event: Event, base_url: str, *, actor: str, user_id: int | None = None
) -> str:
    """CSV of every delegate with their invitation URL (empty when revoked); audit-logged."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_HEADER)
    rows = db.execute(
        select(Delegate, Region.name)
        .join(Region, Region.id == Delegate.region_id)
        .where(Delegate.event_id == event.id)
        .order_by(Region.sort_order, Delegate.name, Delegate.id)
    )
    count = 0
    for delegate, region_name in rows:
        url = "" if delegate.revoked_at else invitation_url(base_url, delegate.secret)
        # Names are the organisers' text: never let a spreadsheet run one as a formula.
        texts = map(csv_text, (delegate.name, delegate.ormas, region_name, delegate.level))
        writer.writerow((*texts, delegate.phone or "", url))
        count += 1
    audit.record(
        db,
        event=event,
        user=_UserRef(user_id) if user_id is not None else None,
        actor=actor,
        action=EXPORT_INVITATIONS,
        fields={"rows": count},
    )
    return out.getvalue()


#: Audit actions of the exports here (they contain phone numbers).
EXPORT_INVITATIONS = "export_invitations"
