"""The organiser's forms (Flask-WTF: CSRF on every one, messages in Bahasa Indonesia)."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import DateTimeLocalField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from checkin.errors import InvalidInput
from checkin.events import clean_public_url
from checkin.models import LEVEL_PROVINCE, LEVEL_REGENCY, ROLES

#: Zones offered first; any IANA name is accepted.
INDONESIAN_ZONES = ("Asia/Makassar", "Asia/Jakarta", "Asia/Jayapura")


def required(label: object) -> DataRequired:
    return DataRequired(message=_l("%(field)s wajib diisi.", field=label))


def at_most(n: int) -> Length:
    return Length(max=n, message=_l("Paling banyak %(n)d karakter.", n=n))


class LocalDateTimeField(DateTimeLocalField):
    """A datetime-local input whose parse error speaks Indonesian."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("format", ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"])
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Tulis tanggal dan jam, misalnya 15-10-2024 08:00.")) from None


class ChoiceField(SelectField):
    """A select whose "not one of the options" error speaks Indonesian."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Pilih salah satu dari daftar.")) from None

    def pre_validate(self, form) -> None:
        try:
            super().pre_validate(form)
        except ValueError:
            raise ValidationError(_l("Pilih salah satu dari daftar.")) from None


class ChecklistField(ChoiceField, SelectMultipleField):
    """Any number of the options, one checkbox each, with the errors in Indonesian."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def level_choices() -> list[tuple[str, object]]:
    return [(LEVEL_PROVINCE, _l("Provinsi")), (LEVEL_REGENCY, _l("Kabupaten/Kota"))]


def role_choices() -> list[tuple[str, object]]:
    labels = {
        "admin": _l("Panitia (admin)"),
        "door": _l("Petugas pintu"),
        "viewer": _l("Penonton layar"),
        "liaison": _l("Penghubung wilayah"),
    }
    return [(role, labels.get(role, role)) for role in ROLES]


class EventDetailsForm(FlaskForm):
    name = StringField(_l("Nama acara"), validators=[required(_l("Nama acara")), at_most(300)])
    venue = StringField(_l("Tempat"), validators=[Optional(), at_most(300)])
    address = StringField(_l("Alamat"), validators=[Optional(), at_most(500)])
    starts_at = LocalDateTimeField(_l("Mulai"), validators=[Optional()])
    timezone = StringField(
        _l("Zona waktu"),
        default=lambda: current_app.config["DEFAULT_TIMEZONE"],
        validators=[required(_l("Zona waktu")), at_most(64)],
    )
    doors = TextAreaField(
        _l("Pintu masuk"), default="Pintu Utama", validators=[required(_l("Pintu masuk"))]
    )
    allow_door_walkin = BooleanField(_l("Petugas pintu boleh mendaftarkan peserta tanpa undangan"))


class EventCreateForm(EventDetailsForm):
    slug = StringField(
        _l("Kode acara (di alamat)"),
        validators=[
            required(_l("Kode acara")),
            Regexp(
                r"^[a-z0-9][a-z0-9-]{1,79}$",
                message=_l("Kode acara hanya boleh huruf kecil, angka dan tanda minus."),
            ),
        ],
    )


class EventSettingsForm(EventDetailsForm):
    theme = TextAreaField(_l("Tema"), validators=[Optional(), at_most(500)])
    map_url = StringField(_l("Tautan peta"), validators=[Optional(), at_most(500)])
    ends_at = LocalDateTimeField(_l("Selesai"), validators=[Optional()])
    organizer = StringField(_l("Penyelenggara"), validators=[Optional(), at_most(300)])
    contact_name = StringField(_l("Narahubung"), validators=[Optional(), at_most(200)])
    contact_phone = StringField(_l("Telepon narahubung"), validators=[Optional(), at_most(40)])
    allow_free_gate = BooleanField(_l("Pemindai boleh mencatat pintu di luar daftar pintu"))
    public_url = StringField(_l("Alamat publik undangan"), validators=[Optional()])

    def validate_public_url(self, field: StringField) -> None:
        # The domain's check (events.clean_public_url), its sentence shown at the field.
        try:
            clean_public_url(field.data)
        except InvalidInput as exc:
            raise ValidationError(exc.message) from None


class RegionForm(FlaskForm):
    region_id = HiddenField()
    name = StringField(_l("Nama wilayah"), validators=[required(_l("Nama wilayah")), at_most(120)])
    level = ChoiceField(_l("Tingkat"), choices=level_choices)
    aliases = TextAreaField(_l("Ejaan lain (satu per baris)"), validators=[Optional()])


class DelegateForm(FlaskForm):
    name = StringField(_l("Nama"), validators=[required(_l("Nama")), at_most(200)])
    position = StringField(_l("Jabatan"), validators=[Optional(), at_most(200)])
    ormas = StringField(_l("Ormas"), validators=[required(_l("Ormas")), at_most(300)])
    region_id = ChoiceField(_l("Wilayah"), coerce=int)
    level = ChoiceField(_l("Tingkat"), choices=level_choices)
    phone = StringField(_l("Nomor HP"), validators=[Optional(), at_most(40)])
    email = StringField(_l("Email"), validators=[Optional(), at_most(254)])
    is_vip = BooleanField(_l("Tamu VIP"))


class UserCreateForm(FlaskForm):
    username = StringField(
        _l("Nama pengguna"), validators=[required(_l("Nama pengguna")), at_most(80)]
    )
    display_name = StringField(_l("Nama tampilan"), validators=[Optional(), at_most(80)])
    role = ChoiceField(_l("Peran"), choices=role_choices)
    password = PasswordField(
        _l("Kata sandi"),
        validators=[
            required(_l("Kata sandi")),
            Length(min=8, max=200, message=_l("Kata sandi 8 sampai 200 karakter.")),
        ],
    )
    region_id = ChoiceField(_l("Wilayah (khusus penghubung wilayah)"), coerce=int, default=0)
    event_ids = ChecklistField(_l("Hanya untuk acara"), coerce=int, default=list)


class UserEventsForm(FlaskForm):
    """The events an account is limited to (none: every event)."""

    event_ids = ChecklistField(_l("Hanya untuk acara"), coerce=int, default=list)


class PasswordResetForm(FlaskForm):
    """An organiser's new password for another account."""

    password = PasswordField(
        _l("Kata sandi baru"),
        validators=[
            required(_l("Kata sandi baru")),
            Length(min=8, max=200, message=_l("Kata sandi 8 sampai 200 karakter.")),
        ],
    )


class RoleForm(FlaskForm):
    """Another role for an account (a liaison also picks the region it serves)."""

    role = ChoiceField(_l("Peran"), choices=role_choices)
    region_id = ChoiceField(_l("Wilayah (khusus penghubung wilayah)"), coerce=int, default=0)


class TokenForm(FlaskForm):
    name = StringField(_l("Nama token"), validators=[Optional(), at_most(80)])


def local_input(value: datetime | None, tz: str) -> datetime | None:
    """An aware UTC time as the naive wall-clock time a datetime-local input shows."""
    from checkin.formatting import to_local

    return to_local(value, tz).replace(tzinfo=None) if value else None
