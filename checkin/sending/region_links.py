"""Per-region links and messages that liaisons pass on to their delegates."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin import audit
from checkin.invitations.links import invitation_url
from checkin.models import Delegate, Event, Region
from checkin.sending import templates as messages
from checkin.sending.whatsapp import whatsapp_link
from checkin.tabular import office_csv, phone_text

EXPORT_REGION_LINKS = "export_region_links"


EXPORT_REGION_BUNDLE = "export_region_bundle"


REGION_HEADER = (
    "Nama",
    "Jabatan",
    "Ormas",
    "Wilayah",
    "Nomor HP",
    "Tautan undangan",
    "Tautan WhatsApp",
)


def region_delegates(db: Session, event: Event, region: Region) -> list[Delegate]:
    """The region's delegates with a valid invitation, by name."""
    return list(
        db.scalars(
            select(Delegate)
            .where(
                Delegate.event_id == event.id,
                Delegate.region_id == region.id,
                Delegate.revoked_at.is_(None),
            )
            .order_by(Delegate.name, Delegate.id)
        )
    )


def region_links_text(db: Session, event: Event, region: Region, base_url: str) -> tuple[str, int]:
    """CSV for Excel (checkin.tabular.office_csv) of a region's invitation links and ready
    WhatsApp links, phones kept as text.

    Returns the text and its number of delegates; not audit-logged (see export_region_links).
    """
    delegates = region_delegates(db, event, region)
    rows = [
        (
            delegate.name,
            delegate.position,
            delegate.ormas,
            region.name,
            phone_text(delegate.phone),
            invitation_url(base_url, delegate.secret),
            whatsapp_link(delegate.phone, messages.invitation_message(event, delegate, base_url))
            or "",
        )  # fmt: skip
        for delegate in delegates
    ]
    return office_csv(REGION_HEADER, rows).decode("utf-8"), len(delegates)


def export_region_links(
    db: Session, event: Event, region: Region, base_url: str, *, actor: str, user=None
) -> str:
    """The region's links CSV (see region_links_text), written to the audit log."""
    text, count = region_links_text(db, event, region, base_url)
    audit.record(
        db,
        event=event,
        user=user,
        actor=actor,
        action=EXPORT_REGION_LINKS,
        fields={"region": region.name, "rows": count},
    )
    return text
