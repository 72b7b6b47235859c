"""The invitation and H-1 reminder messages: per-event templates with {placeholders}.

Both kinds are plain text in Bahasa Indonesia, sent through WhatsApp (`*bold*`) and e-mail.
The organiser edits them per event and previews them with a real delegate; a line whose
placeholders are all empty is left out, so an event without a map link or a letter number
still gets a tidy message. Greetings are a per-event setting, neutral (none) by default.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from checkin.errors import InvalidInput
from checkin.formatting import (
    DOCUMENT_LOCALE,
    clock,
    local_time,
    long_date,
    to_local,
    tz_label,
    weekday_name,
)
from checkin.invitations.links import invitation_url
from checkin.models import LEVEL_PROVINCE, Delegate, Event

KIND_INVITATION = "undangan"
KIND_REMINDER = "pengingat"
KINDS = (KIND_INVITATION, KIND_REMINDER)

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
Registrasi   : mulai pukul {jam_registrasi}
Tempat       : {tempat}, {alamat}
Dasar        : surat {penandatangan} Nomor {nomor_surat} tanggal {tanggal_surat}

Undangan pribadi dan kode QR kehadiran Bapak/Ibu:
{tautan_undangan}

Mohon tunjukkan kode QR tersebut (di layar ponsel atau dalam bentuk cetak) kepada petugas \
registrasi. Undangan ini berlaku untuk 1 (satu) orang atas nama Bapak/Ibu dan mohon tidak \
diteruskan kepada pihak lain. Mohon konfirmasi kehadiran melalui tautan di atas; apabila \
berhalangan, Bapak/Ibu dapat menunjuk pengganti dari {ormas} dengan surat tugas/mandat.

Lokasi: {tautan_peta}
Narahubung: {nama_narahubung} ({nomor_narahubung})

Atas perhatian dan kehadiran Bapak/Ibu, kami ucapkan terima kasih.
{salam_penutup}

Hormat kami,
Panitia {nama_acara}
{instansi}"""

DEFAULT_REMINDER = """Yth. Bapak/Ibu {nama} ({ormas}),
mengingatkan *{nama_acara}* besok, {hari}, {tanggal}, pukul {jam_mulai} {zona_waktu} \
di {tempat}.
Registrasi dibuka pukul {jam_registrasi}.
Kode QR Bapak/Ibu:
{tautan_undangan}

Mohon simpan kode QR di galeri ponsel agar tetap dapat ditunjukkan tanpa sinyal. \
Terima kasih.
Narahubung: {nama_narahubung} ({nomor_narahubung})"""

DEFAULTS = {KIND_INVITATION: DEFAULT_MESSAGE, KIND_REMINDER: DEFAULT_REMINDER}

#: The inclusive greetings (all recognised religions), chosen per event.
INCLUSIVE_OPENING = (
    "Assalamu'alaikum Warahmatullahi Wabarakatuh, Salam sejahtera bagi kita semua, "
    "Shalom, Om Swastiastu, Namo Buddhaya, Salam Kebajikan."
)
INCLUSIVE_CLOSING = (
    "Wassalamu'alaikum Warahmatullahi Wabarakatuh, Salam sejahtera bagi kita semua, "
    "Shalom, Om Shanti Shanti Shanti Om, Namo Buddhaya, Salam Kebajikan."
)
GREETING_NEUTRAL = "netral"
GREETING_INCLUSIVE = "inklusif"
GREETING_CUSTOM = "sendiri"
GREETING_STYLES = (GREETING_NEUTRAL, GREETING_INCLUSIVE, GREETING_CUSTOM)

MAX_MESSAGE_LENGTH = 4000
MAX_GREETING_LENGTH = 500
_PLACEHOLDER_RE = re.compile(r"\{([^{}\n]*)\}")
_TIME_RE = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def message_template(event: Event, kind: str = KIND_INVITATION) -> str:
    """The event's template of this kind (the default one until the organiser edits it)."""
    stored = event.reminder_message if kind == KIND_REMINDER else event.invitation_message
    return stored or DEFAULTS[kind]


def check_kind(kind: str | None) -> str:
    """The message kind, or raise InvalidInput."""
    if kind not in KINDS:
        raise InvalidInput(_("Jenis pesan tidak dikenal."))
    return kind


def kind_or_invitation(kind: str | None) -> str:
    """The message kind a page asked for; anything unknown or missing means the invitation."""
    return kind if kind in KINDS else KIND_INVITATION


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


def set_message(db: Session, event: Event, text: str, kind: str = KIND_INVITATION) -> None:
    """Save the event's template of this kind after checking it (the default is stored as None)."""
    text = check_template(text)
    stored = None if text == DEFAULTS[check_kind(kind)] else text
    if kind == KIND_REMINDER:
        event.reminder_message = stored
    else:
        event.invitation_message = stored
    db.flush()


def set_invitation_message(db: Session, event: Event, text: str) -> None:
    """Save the event's invitation template (see set_message)."""
    set_message(db, event, text, KIND_INVITATION)


def greeting_style(event: Event) -> str:
    """netral, inklusif or sendiri: which greetings the event's messages use."""
    if not event.greeting_opening and not event.greeting_closing:
        return GREETING_NEUTRAL
    if (event.greeting_opening, event.greeting_closing) == (INCLUSIVE_OPENING, INCLUSIVE_CLOSING):
        return GREETING_INCLUSIVE
    return GREETING_CUSTOM


def _clean_line(value: str | None, limit: int, label: str) -> str | None:
    value = " ".join((value or "").split())
    if len(value) > limit:
        raise InvalidInput(_("%(label)s paling banyak %(n)d karakter.", label=label, n=limit))
    if "{" in value or "}" in value:
        raise InvalidInput(_("%(label)s tidak boleh memuat tanda { atau }.", label=label))
    return value or None


def parse_registration_time(event: Event, text: str | None) -> datetime | None:
    """ "07.30" or "07:30" on the event's day, in its zone, as UTC; empty gives None."""
    text = (text or "").strip()
    if not text:
        return None
    match = _TIME_RE.match(text)
    if match is None:
        raise InvalidInput(_("Jam registrasi ditulis seperti 07.30 atau 07:30."))
    if event.starts_at is None:
        raise InvalidInput(_("Isi dahulu waktu mulai acara di Pengaturan, lalu jam registrasi."))
    zone = ZoneInfo(event.timezone)
    day = to_local(event.starts_at, event.timezone).date()
    local = datetime.combine(day, time(int(match[1]), int(match[2])), tzinfo=zone)
    if local > to_local(event.starts_at, event.timezone):
        raise InvalidInput(_("Registrasi harus dibuka sebelum acara dimulai."))
    return local.astimezone(ZoneInfo("UTC"))


def registration_time_text(event: Event) -> str:
    """The registration time as the organiser typed it (07:30), or empty."""
    if event.registration_opens_at is None:
        return ""
    return clock(event.registration_opens_at, event.timezone, locale=DOCUMENT_LOCALE)


def set_message_settings(
    db: Session,
    event: Event,
    *,
    letter_number: str | None,
    letter_date: date | None,
    letter_signatory: str | None,
    registration_time: str | None,
    greeting: str,
    opening: str | None = None,
    closing: str | None = None,
) -> Event:
    """Save the letter, registration time and greetings the messages quote.

    The letter's number and date go together (a message citing half a letter reads wrong);
    greetings are neutral (none), the inclusive pair, or the organiser's own text.
    """
    number = _clean_line(letter_number, 120, _("Nomor surat"))
    if bool(number) != bool(letter_date):
        raise InvalidInput(_("Isi nomor dan tanggal surat bersama-sama, atau kosongkan keduanya."))
    signatory = _clean_line(letter_signatory, 300, _("Penandatangan surat"))
    opens_at = parse_registration_time(event, registration_time)
    if greeting == GREETING_NEUTRAL:
        opening = closing = None
    elif greeting == GREETING_INCLUSIVE:
        opening, closing = INCLUSIVE_OPENING, INCLUSIVE_CLOSING
    elif greeting == GREETING_CUSTOM:
        opening = _clean_line(opening, MAX_GREETING_LENGTH, _("Salam pembuka"))
        closing = _clean_line(closing, MAX_GREETING_LENGTH, _("Salam penutup"))
    else:
        raise InvalidInput(_("Pilih jenis salam dari daftar."))
    event.letter_number, event.letter_date, event.letter_signatory = number, letter_date, signatory
    event.registration_opens_at = opens_at
    event.greeting_opening, event.greeting_closing = opening, closing
    db.flush()
    return event


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
        salam_pembuka=event.greeting_opening or "",
        salam_penutup=event.greeting_closing or "",
    )
    if event.letter_number and event.letter_date:
        values.update(
            nomor_surat=event.letter_number,
            tanggal_surat=long_date(event.letter_date, locale=DOCUMENT_LOCALE),
            penandatangan=event.letter_signatory or event.organizer or _("panitia"),
        )
    if event.starts_at is not None:
        local = to_local(event.starts_at, event.timezone)
        values.update(
            hari=weekday_name(local, locale=DOCUMENT_LOCALE),
            tanggal=long_date(local, locale=DOCUMENT_LOCALE),
            jam_mulai=clock(event.starts_at, event.timezone, locale=DOCUMENT_LOCALE),
        )
    if event.registration_opens_at is not None:
        values["jam_registrasi"] = local_time(
            event.registration_opens_at, event.timezone, locale=DOCUMENT_LOCALE
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


def message_for(
    event: Event, delegate: Delegate, base_url: str, kind: str = KIND_INVITATION
) -> str:
    """The event's message of this kind rendered for one delegate."""
    url = invitation_url(base_url, delegate.secret)
    return render_message(message_template(event, kind), message_values(event, delegate, url))


def invitation_message(event: Event, delegate: Delegate, base_url: str) -> str:
    """The event's invitation message rendered for one delegate."""
    return message_for(event, delegate, base_url, KIND_INVITATION)
