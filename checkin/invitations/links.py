"""Invitation secrets and URLs, QR images, revoking, VIP and exporting (messages: messages.py)."""

from __future__ import annotations

import csv
import functools
import io
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import qrcode
from flask_babel import gettext as _
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checkin import audit
from checkin.db import utcnow
from checkin.errors import InvitationRevoked, UnknownCode
from checkin.models import AuditLog, CheckIn, Delegate, Event, Region, RevokedSecret
from checkin.reports.rows import csv_text
from checkin.sending import templates as messages

#: 24 random bytes = 192 bits, well above the 128 the product requires.
SECRET_BYTES = 24
#: A version-5 QR (37x37 modules) still decodes printed at 2.5 cm; larger ones may not.
MAX_QR_VERSION = 5
#: The white margin (quiet zone) around a QR, in modules; scanners need 4.
QR_BORDER = 4
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_secret() -> str:
    """A fresh unguessable invitation secret (URL-safe, nothing derived from ids or names)."""
    return secrets.token_urlsafe(SECRET_BYTES)


def invitation_url(base_url: str, secret: str) -> str:
    """The delegate's invitation URL: <base>/i/<secret> (the path is the format's version)."""
    return f"{base_url.rstrip('/')}/i/{secret}"


def parse_code(code: str) -> str:
    """The secret in an invitation URL, or the bare secret itself."""
    code = code.strip()
    if "/i/" in code:
        path = urlsplit(code).path if "://" in code else code.split("?")[0].split("#")[0]
        code = path.rsplit("/i/", 1)[-1].split("/")[0]
    return code


def looks_like_secret(code: str) -> bool:
    """True when the text has a secret's shape (saves a query for junk)."""
    return bool(_SECRET_RE.match(code))


# --- QR codes ------------------------------------------------------------------------------


def _qr(url: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QR_BORDER)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_version(url: str) -> int:
    """The QR version (size) the URL needs at error correction M."""
    return _qr(url).version


@functools.lru_cache(maxsize=2048)
def qr_matrix(url: str) -> tuple[bytes, ...]:
    """The QR modules of the URL, quiet zone included (1 = dark), one bytes object per row.

    Cached: choosing the best mask pattern is most of the cost of a QR, and the same
    invitation is drawn again and again (cards for everyone, then per region, the page, e-mail).
    """
    return tuple(bytes(row) for row in _qr(url).get_matrix())


def qr_png(url: str, *, scale: int = 12) -> bytes:
    """The QR as a black-on-white PNG, `scale` pixels per module."""
    matrix = qr_matrix(url)
    size = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    image = Image.frombytes("L", (size, size), pixels)
    image = image.resize((size * scale, size * scale), Image.Resampling.NEAREST).convert("1")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def qr_svg(url: str) -> str:
    """The QR as a small SVG: a white square and one black path, crisp at any size."""
    matrix = qr_matrix(url)
    size = len(matrix)
    runs = []
    for y, x, length in dark_runs(matrix):
        runs.append(f"M{x} {y}h{length}v1h-{length}z")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size * 8}" height="{size * 8}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>\n'
    )


def dark_runs(matrix: tuple[bytes, ...]) -> list[tuple[int, int, int]]:
    """(row, first column, length) of each horizontal run of dark modules."""
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return runs


# --- finding, revoking and reissuing -------------------------------------------------------


def open_invitation(db: Session, code: str) -> Delegate:
    """The delegate a secret belongs to; raises UnknownCode or InvitationRevoked."""
    secret = parse_code(code)
    if looks_like_secret(secret):
        delegate = db.scalar(select(Delegate).where(Delegate.secret == secret))
        if delegate is not None and delegate.revoked_at is None:
            return delegate
        if delegate is not None or db.scalar(
            select(RevokedSecret.id).where(RevokedSecret.secret == secret)
        ):
            raise InvitationRevoked(_("Undangan ini sudah tidak berlaku."))
    raise UnknownCode(_("Kode undangan tidak dikenal."))


def revoke_invitation(
    db: Session, event: Event, code: str, *, reissue: bool, now: datetime | None = None
) -> Delegate:
    """Revoke a delegate's invitation (CODE: the URL or the secret), optionally issuing a new one.

    Without reissue the secret stays and scans answer "revoked". With reissue the old secret
    moves to RevokedSecret (still answering "revoked") and the delegate gets a new one; the
    new link has not been sent or opened yet, so the delivery status starts again.
    """
    secret = parse_code(code)
    delegate = db.scalar(
        select(Delegate).where(Delegate.event_id == event.id, Delegate.secret == secret)
    )
    if delegate is None:
        replaced = db.scalar(
            select(RevokedSecret.id).where(
                RevokedSecret.event_id == event.id, RevokedSecret.secret == secret
            )
        )
        if replaced:
            raise InvitationRevoked(
                _(
                    "Kode ini sudah dicabut dan diganti dengan undangan baru. "
                    "Gunakan kode yang baru."
                )
            )
        raise UnknownCode(_("Kode undangan tidak dikenal untuk acara %(name)s.", name=event.name))
    now = now or utcnow()
    if reissue:
        db.add(
            RevokedSecret(
                event_id=event.id, delegate_id=delegate.id, secret=delegate.secret, revoked_at=now
            )
        )
        delegate.secret = new_secret()
        delegate.revoked_at = None
        # The new link has been neither sent nor opened; the confirmation still stands.
        delegate.emailed_at = delegate.sent_at = delegate.sent_via = delegate.sent_by_id = None
        delegate.opened_at = delegate.reminded_at = None
    elif delegate.revoked_at is None:
        delegate.revoked_at = now
    db.flush()
    return delegate


# --- overview and export -------------------------------------------------------------------


@dataclass
class InvitationCounts:
    """How far invitations have gone, for the whole event or one region."""

    invited: int = 0
    revoked: int = 0
    with_phone: int = 0
    with_email: int = 0
    emailed: int = 0
    checked_in: int = 0


def _count_columns():
    active = Delegate.revoked_at.is_(None)
    return (
        func.count().filter(active),
        func.count().filter(Delegate.revoked_at.is_not(None)),
        func.count().filter(active, Delegate.phone.is_not(None), Delegate.phone != ""),
        func.count().filter(active, Delegate.email.is_not(None), Delegate.email != ""),
        func.count().filter(active, Delegate.emailed_at.is_not(None)),
        func.count(CheckIn.id),
    )


def invitation_counts(db: Session, event: Event) -> InvitationCounts:
    """Counts of invited, revoked, with phone/e-mail, e-mailed and arrived delegates."""
    row = db.execute(
        select(*_count_columns())
        .select_from(Delegate)
        .outerjoin(CheckIn, CheckIn.delegate_id == Delegate.id)
        .where(Delegate.event_id == event.id)
    ).one()
    return InvitationCounts(*row)


def invitation_counts_by_region(db: Session, event: Event) -> list[tuple[Region, InvitationCounts]]:
    """The same counts per region, in the event's region order (regions without delegates too)."""
    rows = db.execute(
        select(Delegate.region_id, *_count_columns())
        .outerjoin(CheckIn, CheckIn.delegate_id == Delegate.id)
        .where(Delegate.event_id == event.id)
        .group_by(Delegate.region_id)
    ).all()
    by_id = {row[0]: InvitationCounts(*row[1:]) for row in rows}
    return [(region, by_id.get(region.id, InvitationCounts())) for region in event.regions]


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
    db.add(
        AuditLog(
            event_id=event.id,
            user_id=user_id,
            actor=actor,
            action=EXPORT_INVITATIONS,
            detail=f"{count} rows",
        )
    )
    db.flush()
    return out.getvalue()


#: Audit actions of the exports here (they contain phone numbers).
EXPORT_INVITATIONS = "export_invitations"
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
    """CSV (UTF-8 with BOM, for Excel) of a region's invitation links and ready WhatsApp links.

    Returns the text and its number of delegates; not audit-logged (see export_region_links).
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REGION_HEADER)
    delegates = region_delegates(db, event, region)
    for delegate in delegates:
        url = invitation_url(base_url, delegate.secret)
        text = messages.invitation_message(event, delegate, base_url)
        wa = (
            messages.whatsapp_link(delegate.phone, text)
            if messages.is_whatsapp_phone(delegate.phone)
            else None
        )
        writer.writerow(
            (
                csv_text(delegate.name),
                csv_text(delegate.position),
                csv_text(delegate.ormas),
                csv_text(region.name),
                delegate.phone or "",
                url,
                wa or "",
            )
        )
    return out.getvalue(), len(delegates)


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
        detail=f"{region.name}: {count} rows",
    )
    return text


def set_vip(db: Session, delegate: Delegate, is_vip: bool) -> Delegate:
    """Mark or unmark a delegate as tamu kehormatan (VIP): door and welcome screens show it."""
    delegate.is_vip = bool(is_vip)
    db.flush()
    return delegate
