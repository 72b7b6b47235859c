"""The audit log in words: each action's name, and one sentence per entry.

Entries written with structured fields (checkin.audit.record(fields=...)) get a sentence
from their action's function here; older entries, and actions without a function, show
their free-text detail as it was written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from checkin import audit, formatting
from checkin.models import AuditLog

#: How the audit page names each action. Other modules' actions are spelled out here
#: (not imported) so this module stays below the domain packages that write them.
ACTION_LABELS = {
    audit.EXPORT_ATTENDANCE: _l("Ekspor daftar hadir"),
    audit.VIEW_NO_SHOWS: _l("Lihat daftar belum hadir (dengan telepon)"),
    audit.CARDS_DOWNLOAD: _l("Unduh kartu undangan (PDF)"),
    audit.INVITATION_REVOKE: _l("Undangan dicabut"),
    audit.INVITATION_REISSUE: _l("Undangan diterbitkan ulang"),
    audit.CHECK_IN_UNDO: _l("Kehadiran dibatalkan"),
    audit.DOOR_PASS_ISSUE: _l("Pass pintu dibuat"),
    audit.DOOR_PASS_REVOKE: _l("Pass pintu dicabut"),
    audit.SETTINGS_CHANGE: _l("Pengaturan diubah"),
    "export_invitations": _l("Ekspor tautan undangan"),
    "export_region_links": _l("Ekspor tautan undangan wilayah"),
    "export_region_bundle": _l("Unduh paket wilayah"),
    "purge_personal_data": _l("Data pribadi dihapus"),
    "import_delegates": _l("Impor daftar peserta"),
    "share_link.create": _l("Tautan layar dibuat"),
    "share_link.revoke": _l("Tautan layar dicabut"),
    "sessions.end": _l("Semua sesi akun diakhiri"),
    "door_pass.reset": _l("Kunci PIN pass pintu dibuka"),
}

#: What the settings fields are called in a sentence.
FIELD_LABELS = {
    "name": _l("nama acara"),
    "starts_at": _l("waktu mulai"),
    "ends_at": _l("waktu selesai"),
    "timezone": _l("zona waktu"),
    "doors": _l("pintu"),
    "map_url": _l("tautan peta"),
    "allow_door_walkin": _l("pendaftaran di pintu"),
    "allow_free_gate": _l("pintu bebas"),
    "public_url": _l("alamat publik"),
    "theme": _l("tema"),
    "venue": _l("tempat"),
    "address": _l("alamat"),
    "organizer": _l("penyelenggara"),
    "contact_name": _l("nama kontak"),
    "contact_phone": _l("telepon kontak"),
    "letterhead": _l("kop surat"),
    "official_name": _l("nama pejabat"),
    "official_position": _l("jabatan pejabat"),
    "official_nip": _l("NIP pejabat"),
}

#: Which settings an entry's changes belong to.
AREA_LABELS = {
    "event": _l("pengaturan acara"),
    "report": _l("pengaturan Daftar Hadir"),
}

Fields = dict[str, object]


def label(action: str) -> str:
    """The action's name on the audit page (its code when it has none)."""
    return str(ACTION_LABELS.get(action, action))


def describe(entry: AuditLog, tz: str = "UTC") -> str:
    """One sentence saying what the entry records; an older row's free text as written."""
    fields = audit.entry_fields(entry)
    sentence = _SENTENCES.get(entry.action)
    if fields is None or sentence is None:
        return entry.detail
    try:
        return sentence(fields, tz)
    except (KeyError, TypeError, ValueError):  # a row written by another version
        return entry.detail


def _n(fields: Fields, key: str) -> int:
    value = fields.get(key, 0)
    return value if isinstance(value, int) else int(str(value))


def _s(fields: Fields, key: str) -> str:
    return str(fields.get(key) or "")


def _export(fields: Fields, tz: str) -> str:
    return _(
        "Mengunduh daftar hadir (%(format)s) berisi %(rows)d peserta.",
        format=_s(fields, "format").upper(),
        rows=_n(fields, "rows"),
    )


def _no_shows(fields: Fields, tz: str) -> str:
    return _(
        "Melihat %(rows)d peserta belum hadir beserta nomor teleponnya (halaman %(page)d).",
        rows=_n(fields, "rows"),
        page=_n(fields, "page"),
    )


def _cards(fields: Fields, tz: str) -> str:
    if fields.get("delegate"):
        return _("Mengunduh kartu undangan %(name)s.", name=_s(fields, "delegate"))
    if fields.get("region"):
        return _(
            "Mengunduh %(cards)d kartu undangan wilayah %(region)s.",
            cards=_n(fields, "cards"),
            region=_s(fields, "region"),
        )
    return _("Mengunduh %(cards)d kartu undangan.", cards=_n(fields, "cards"))


def _revoke(fields: Fields, tz: str) -> str:
    return _(
        "Mencabut undangan %(name)s; kode QR-nya ditolak di pintu.", name=_s(fields, "delegate")
    )


def _reissue(fields: Fields, tz: str) -> str:
    return _(
        "Menerbitkan undangan baru untuk %(name)s; tautan dan kode QR lama tidak berlaku.",
        name=_s(fields, "delegate"),
    )


def _undo(fields: Fields, tz: str) -> str:
    return _(
        "Membatalkan kehadiran %(name)s. Alasan: %(reason)s",
        name=_s(fields, "delegate"),
        reason=_s(fields, "reason"),
    )


def _pass_issue(fields: Fields, tz: str) -> str:
    return _("Membuat pass baru untuk %(door)s; pass lamanya berhenti.", door=_s(fields, "door"))


def _pass_revoke(fields: Fields, tz: str) -> str:
    return _("Mencabut pass %(door)s; ponsel yang memakainya keluar.", door=_s(fields, "door"))


def _value(name: str, value: object, tz: str) -> str:
    if value is None or value == "":
        return _("(kosong)")
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if name in ("starts_at", "ends_at") and isinstance(value, str):
        moment = datetime.fromisoformat(value)
        return formatting.local_datetime(moment, tz, locale=str(get_locale() or "id"))
    return f"“{value}”"


def _change(change: object, tz: str) -> str:
    if not isinstance(change, dict):
        raise TypeError(change)
    name = str(change["field"])
    field = str(FIELD_LABELS.get(name, name))
    if "from" not in change:
        return _("%(field)s diubah (nilainya tidak dicatat)", field=field)
    return _(
        "%(field)s dari %(old)s menjadi %(new)s",
        field=field,
        old=_value(name, change["from"], tz),
        new=_value(name, change["to"], tz),
    )


def _settings(fields: Fields, tz: str) -> str:
    changes = fields.get("changes")
    if not isinstance(changes, list):
        raise TypeError(changes)
    parts = "; ".join(_change(change, tz) for change in changes)
    return _(
        "Mengubah %(area)s: %(changes)s.",
        area=str(AREA_LABELS.get(_s(fields, "area"), _s(fields, "area"))),
        changes=parts,
    )


def _invitations_csv(fields: Fields, tz: str) -> str:
    return _(
        "Mengunduh CSV tautan undangan %(rows)d peserta, dengan nomor telepon.",
        rows=_n(fields, "rows"),
    )


def _region_links(fields: Fields, tz: str) -> str:
    return _(
        "Mengunduh CSV tautan undangan wilayah %(region)s: %(rows)d peserta.",
        region=_s(fields, "region"),
        rows=_n(fields, "rows"),
    )


def _region_bundle(fields: Fields, tz: str) -> str:
    return _(
        "Mengunduh paket wilayah %(region)s (kartu, tautan, petunjuk): %(rows)d peserta.",
        region=_s(fields, "region"),
        rows=_n(fields, "rows"),
    )


def _purge(fields: Fields, tz: str) -> str:
    return _(
        "Menghapus data pribadi %(delegates)d peserta: %(phones)d nomor telepon, "
        "%(emails)d e-mail, %(mandates)d nomor surat mandat.",
        delegates=_n(fields, "delegates"),
        phones=_n(fields, "phones"),
        emails=_n(fields, "emails"),
        mandates=_n(fields, "mandates"),
    )


def _share_create(fields: Fields, tz: str) -> str:
    return _("Membuat tautan layar “%(label)s”.", label=_s(fields, "label"))


def _share_revoke(fields: Fields, tz: str) -> str:
    return _("Mencabut tautan layar “%(label)s”.", label=_s(fields, "label"))


#: Why an account's sessions were ended.
REASON_LABELS = {
    "manual": _l("diakhiri panitia"),
    "deactivated": _l("akun dinonaktifkan"),
    "password": _l("kata sandi diganti"),
}


def _sessions(fields: Fields, tz: str) -> str:
    reason = _s(fields, "reason")
    return _(
        "Mengakhiri %(sessions)d sesi akun %(account)s (%(reason)s).",
        sessions=_n(fields, "sessions"),
        account=_s(fields, "account"),
        reason=str(REASON_LABELS.get(reason, reason)),
    )


def _pin_reset(fields: Fields, tz: str) -> str:
    return _(
        "Membuka kunci PIN %(door)s: %(failures)d PIN salah dari %(addresses)d alamat.",
        door=_s(fields, "door"),
        failures=_n(fields, "failures"),
        addresses=_n(fields, "addresses"),
    )


_SENTENCES: dict[str, Callable[[Fields, str], str]] = {
    "export_invitations": _invitations_csv,
    "export_region_links": _region_links,
    "export_region_bundle": _region_bundle,
    "purge_personal_data": _purge,
    "share_link.create": _share_create,
    "share_link.revoke": _share_revoke,
    "sessions.end": _sessions,
    "door_pass.reset": _pin_reset,
    audit.EXPORT_ATTENDANCE: _export,
    audit.VIEW_NO_SHOWS: _no_shows,
    audit.CARDS_DOWNLOAD: _cards,
    audit.INVITATION_REVOKE: _revoke,
    audit.INVITATION_REISSUE: _reissue,
    audit.CHECK_IN_UNDO: _undo,
    audit.DOOR_PASS_ISSUE: _pass_issue,
    audit.DOOR_PASS_REVOKE: _pass_revoke,
    audit.SETTINGS_CHANGE: _settings,
}
