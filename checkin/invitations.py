"""Invitation secrets and URLs, QR images, the invitation message, revoking and exporting."""

from __future__ import annotations

import csv
import functools
import io
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlsplit

import qrcode
from flask_babel import gettext as _
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .db import utcnow
from .errors import InvalidInput, InvitationRevoked, UnknownCode
from .filters import DAYS_ID, MONTHS_ID, to_local, tz_label
from .models import LEVEL_PROVINCE, AuditLog, CheckIn, Delegate, Event, Region, RevokedSecret

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


# --- the invitation message ----------------------------------------------------------------

#: Every placeholder a message may use. Those the event has no data for render empty.
PLACEHOLDERS = (
    "nama",
    "jabatan",
    "ormas",
    "wilayah",
    "tingkat",
    "nama_acara",
    "tema",
    "hari",
    "tanggal",
    "jam_mulai",
    "zona_waktu",
    "jam_registrasi",
    "tempat",
    "alamat",
    "tautan_peta",
    "tautan_undangan",
    "instansi",
    "nama_narahubung",
    "nomor_narahubung",
    "salam_pembuka",
    "salam_penutup",
    "penandatangan",
    "nomor_surat",
    "tanggal_surat",
)

DEFAULT_MESSAGE = """Yth. Bapak/Ibu {nama}
{jabatan} {ormas}
di {wilayah}

{salam_pembuka}
Dengan hormat,

Kami mengundang Bapak/Ibu selaku perwakilan *{ormas}* untuk menghadiri *{nama_acara}* \
yang akan dilaksanakan pada:

Hari/tanggal : {hari}, {tanggal}
Waktu        : {jam_mulai} {zona_waktu} s.d. selesai
Tempat       : {tempat}, {alamat}

Undangan pribadi dan kode QR kehadiran Bapak/Ibu:
{tautan_undangan}

Mohon tunjukkan kode QR tersebut (di layar ponsel atau dalam bentuk cetak) kepada petugas \
registrasi. Undangan ini berlaku untuk 1 (satu) orang atas nama Bapak/Ibu dan mohon tidak \
diteruskan kepada pihak lain. Apabila berhalangan hadir, mohon konfirmasi kepada narahubung \
dan, bila diperlukan, menunjuk pengganti dari {ormas} dengan surat tugas/mandat.

Lokasi: {tautan_peta}
Narahubung: {nama_narahubung} ({nomor_narahubung})

Atas perhatian dan kehadiran Bapak/Ibu, kami ucapkan terima kasih.
{salam_penutup}

Hormat kami,
Panitia {nama_acara}
{instansi}"""

MAX_MESSAGE_LENGTH = 4000
_PLACEHOLDER_RE = re.compile(r"\{([^{}\n]*)\}")


def message_template(event: Event) -> str:
    """The event's message template (the default one until the organiser edits it)."""
    return event.invitation_message or DEFAULT_MESSAGE


def check_template(text: str) -> str:
    """Return the template with normalised line ends, or raise InvalidInput saying what is wrong."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise InvalidInput(_("Pesan undangan tidak boleh kosong."))
    if len(text) > MAX_MESSAGE_LENGTH:
        raise InvalidInput(_("Pesan undangan paling banyak %(n)d karakter.", n=MAX_MESSAGE_LENGTH))
    names = _PLACEHOLDER_RE.findall(text)
    unknown = sorted({n for n in names if n.strip() not in PLACEHOLDERS})
    if unknown:
        raise InvalidInput(
            _(
                "Isian tidak dikenal: %(unknown)s. Isian yang dapat dipakai: %(known)s.",
                unknown=", ".join(f"{{{n}}}" for n in unknown),
                known=", ".join(f"{{{n}}}" for n in PLACEHOLDERS),
            )
        )
    if "{" in _PLACEHOLDER_RE.sub("", text) or "}" in _PLACEHOLDER_RE.sub("", text):
        raise InvalidInput(
            _(
                "Ada tanda { atau } tanpa pasangan. "
                "Tulis isian seperti {nama}, lengkap dengan kurungnya."
            )
        )
    if "tautan_undangan" not in {n.strip() for n in names}:
        raise InvalidInput(
            _("Pesan harus memuat {tautan_undangan}: tautan itulah undangan dan kode QR peserta.")
        )
    return text


def set_invitation_message(db: Session, event: Event, text: str) -> None:
    """Save the event's message template after checking it (the default is stored as None)."""
    text = check_template(text)
    event.invitation_message = None if text == DEFAULT_MESSAGE else text
    db.flush()


def message_values(event: Event, delegate: Delegate, url: str) -> dict[str, str]:
    """The value of every placeholder for one delegate."""
    values = dict.fromkeys(PLACEHOLDERS, "")
    values.update(
        nama=delegate.name,
        jabatan=delegate.position or "",
        ormas=delegate.ormas,
        wilayah=delegate.region.name,
        tingkat="Provinsi" if delegate.level == LEVEL_PROVINCE else "Kabupaten/Kota",
        nama_acara=event.name,
        tema=event.theme or "",
        tempat=event.venue or "",
        alamat=event.address or "",
        tautan_peta=event.map_url or "",
        tautan_undangan=url,
        instansi=event.organizer or "",
        nama_narahubung=event.contact_name or "",
        nomor_narahubung=event.contact_phone or "",
        zona_waktu=tz_label(event.timezone),
    )
    if event.starts_at is not None:
        local = to_local(event.starts_at, event.timezone)
        values.update(
            hari=DAYS_ID[local.weekday()],
            tanggal=f"{local.day} {MONTHS_ID[local.month - 1]} {local.year}",
            jam_mulai=f"{local:%H:%M}",
        )
    return values


def render_message(template: str, values: dict[str, str]) -> str:
    """Fill the placeholders; a line whose placeholders are all empty is left out."""
    lines = []
    for line in template.splitlines():
        names = [n.strip() for n in _PLACEHOLDER_RE.findall(line)]
        filled = _PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1).strip(), ""), line)
        if names and not any(values.get(n) for n in names):
            continue
        if names and not all(values.get(n) for n in names):
            # Tidy what an empty value leaves behind: "Budi ()", "Hotel, ", " Ormas".
            filled = re.sub(r"\s*\(\s*\)", "", filled).rstrip(" ,").lstrip()
        lines.append(filled.rstrip())
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def invitation_message(event: Event, delegate: Delegate, base_url: str) -> str:
    """The event's message rendered for one delegate."""
    url = invitation_url(base_url, delegate.secret)
    return render_message(message_template(event), message_values(event, delegate, url))


def whatsapp_number(phone: str | None) -> str | None:
    """62… digits for wa.me from a stored +62… phone (also 08… and 8…), else None."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits if len(digits) >= 9 else None


def whatsapp_link(phone: str | None, text: str) -> str | None:
    """A wa.me link that opens a chat with the number and the text ready; None without phone."""
    number = whatsapp_number(phone)
    if number is None:
        return None
    return f"https://wa.me/{number}?text={quote(text, safe='')}"


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
    new link has not been e-mailed yet, so emailed_at is cleared.
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
        delegate.emailed_at = None
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
        writer.writerow(
            (delegate.name, delegate.ormas, region_name, delegate.level, delegate.phone or "", url)
        )
        count += 1
    db.add(
        AuditLog(
            event_id=event.id,
            user_id=user_id,
            actor=actor,
            action="export_invitations",
            detail=f"{count} rows",
        )
    )
    db.flush()
    return out.getvalue()
