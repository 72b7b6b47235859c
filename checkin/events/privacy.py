"""Personal data after the event (UU 27/2022): what is kept, what is removed.

Once the event is over the organisers no longer need to reach delegates, so their phone
numbers and e-mail addresses are removed, and so are substitutes' mandate-letter numbers
(needed only to check the letter at the door). The attendance record stays: names,
positions, ormas, regions, check-in times and who came as a substitute, which the office
files as the Daftar Hadir.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from checkin import audit
from checkin.db import utcnow
from checkin.errors import InvalidInput
from checkin.events.identity import search_text_for
from checkin.models import Delegate, Event, Region

PURGE_PERSONAL_DATA = "purge_personal_data"


@dataclass
class PurgeResult:
    """How many delegates had a phone, an e-mail or a mandate number removed."""

    delegates: int
    phones: int
    emails: int
    mandates: int


def _has_personal_data():
    return or_(
        Delegate.phone.is_not(None),
        Delegate.email.is_not(None),
        Delegate.substitute_mandate.is_not(None),
    )


def purge_preview(db: Session, event: Event) -> PurgeResult:
    """What purge_personal_data would remove, without removing it."""
    row = db.execute(
        select(
            func.count().filter(_has_personal_data()),
            func.count(Delegate.phone),
            func.count(Delegate.email),
            func.count(Delegate.substitute_mandate),
        ).where(Delegate.event_id == event.id)
    ).one()
    return PurgeResult(*row)


def purge_personal_data(
    db: Session,
    event: Event,
    *,
    actor: str,
    user: audit.Identified | None = None,
    allow_before_end: bool = False,
    now: datetime | None = None,
) -> PurgeResult:
    """Remove phone numbers, e-mails and mandate numbers of the event's delegates; audit-logged.

    Refused before the event has started unless `allow_before_end` (invitations still need
    the numbers). The phone digits go from the organisers' search, and search texts are
    rebuilt (a row written before the phone left the search text may still hold it).
    """
    now = now or utcnow()
    if not allow_before_end and (event.starts_at is None or now < event.starts_at):
        raise InvalidInput(
            _("Acara belum berlangsung: nomor HP dan e-mail masih diperlukan untuk undangan.")
        )
    result = purge_preview(db, event)
    rows = db.execute(
        select(Delegate.id, Delegate.name, Delegate.ormas, Delegate.position, Region.name)
        .join(Region, Region.id == Delegate.region_id)
        .where(Delegate.event_id == event.id, Delegate.phone.is_not(None))
    ).all()
    if rows:
        db.execute(
            update(Delegate),
            [
                {
                    "id": row[0],
                    "search_text": search_text_for(
                        name=row[1], ormas=row[2], position=row[3], region_name=row[4]
                    ),
                }
                for row in rows
            ],
        )
    db.execute(
        update(Delegate)
        .where(Delegate.event_id == event.id, _has_personal_data())
        .values(phone=None, phone_digits="", email=None, substitute_mandate=None)
        .execution_options(synchronize_session="fetch")
    )
    event.personal_data_purged_at = now
    audit.record(
        db,
        event=event,
        user=user,
        actor=actor,
        action=PURGE_PERSONAL_DATA,
        fields={
            "delegates": result.delegates,
            "phones": result.phones,
            "emails": result.emails,
            "mandates": result.mandates,
        },
        now=now,
    )
    return result
