"""Text typed at the door and by delegates: NFC, and no control or bidi characters, in
every field (checkin.text), and gates that are one of the event's doors when the organiser
says so."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from checkin import invitations, scanning
from checkin.errors import InvalidGate, InvalidInput, InvalidText
from checkin.events import parse_door_names
from checkin.models import CheckIn, Delegate, Scan
from checkin.text import clean_text, unsafe_characters

BEFORE = datetime(2024, 10, 14, 3, 0, tzinfo=UTC)  # the day before the event: konfirmasi open
#: A sample of what the rule refuses: C0, DEL, C1, bidi marks, embeddings, overrides,
#: isolates, the Arabic letter mark, a lone surrogate.
UNSAFE = [
    "\x00", "\x07", "\x1b", "\x7f", "\x9b", "\u200e", "\u200f", "\u202a", "\u202b",
    "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\ud800",
]  # fmt: skip


def count(db, model) -> int:
    n = db.scalar(select(func.count()).select_from(model))
    db.rollback()
    return n


@pytest.fixture
def door(make_user):
    return make_user("pintu-1", "door")


@pytest.fixture
def admin(make_user):
    return make_user("panitia", "admin")


@pytest.fixture
def delegate(make_delegate):
    return make_delegate(name="Drs. H. Ahmad Syarifuddin, M.Si.")


# --- the rule ----------------------------------------------------------------------------


@pytest.mark.parametrize("char", UNSAFE)
def test_text_with_a_control_or_bidi_character_is_refused(char):
    with pytest.raises(InvalidText) as caught:
        clean_text(f"Budi{char}Santoso", field="Nama", max_length=200)
    assert caught.value.code == "invalid_text"
    assert caught.value.message.startswith("Nama berisi karakter yang tidak boleh dipakai")
    assert f"U+{ord(char):04X}" in caught.value.message


def test_text_is_normalised_to_nfc_and_spaces_fold():
    decomposed = "Jose\u0301  Marti\u0301\tda\nSilva "
    assert clean_text(decomposed, field="Nama", max_length=200) == "José Martí da Silva"


def test_text_kept_as_typed_keeps_inner_spaces_but_not_tabs():
    assert clean_text(" Pintu  Utama ", field="Pintu", max_length=80, fold_spaces=False) == (
        "Pintu  Utama"
    )
    with pytest.raises(InvalidText):
        clean_text("Pintu\tUtama", field="Pintu", max_length=80, fold_spaces=False)


def test_text_limits_blank_length_and_type():
    assert clean_text("  ", field="Jabatan", max_length=5, required=False) is None
    with pytest.raises(InvalidText, match="Nama wajib diisi"):
        clean_text(None, field="Nama", max_length=5)
    with pytest.raises(InvalidText, match="paling banyak 5 karakter"):
        clean_text("abcdef", field="Nama", max_length=5)
    with pytest.raises(InvalidText, match="harus berupa teks"):
        clean_text(42, field="Nama", max_length=5)


def test_unsafe_characters_names_each_once():
    assert unsafe_characters("a\u202eb\u202ec\x00") == ["U+202E", "U+0000"]
    assert unsafe_characters("Drs. H. Ahmad Syarifuddin, M.Si. — Ormas “Ké”") == []


# --- every field that a door or a delegate types -------------------------------------------


def test_gate_with_a_bidi_override_is_refused_and_nothing_is_logged(db, event, make_delegate, door):
    delegate = make_delegate()
    with pytest.raises(InvalidGate) as caught:
        scanning.check_in(db, event, delegate.secret, gate="Pintu \u202eamatU", by=door)
    assert caught.value.code == "invalid_gate"
    db.rollback()
    assert count(db, Scan) == 0


def test_gate_is_stored_in_nfc(db, event, make_delegate, door):
    delegate = make_delegate()
    result = scanning.check_in(db, event, delegate.secret, gate="Lobi Ke\u0301\u0301", by=door)
    assert result.gate == "Lobi K\u00e9\u0301"
    db.commit()


def test_substitute_name_at_the_door_is_refused_with_bidi(db, event, make_delegate, door):
    delegate = make_delegate()
    with pytest.raises(InvalidText):
        scanning.check_in(
            db, event, delegate.secret, gate="Pintu Utama", by=door, substitute_name="Budi\u202e"
        )
    with pytest.raises(InvalidText):
        scanning.check_in_delegate(
            db, event, delegate.id, gate="Pintu Utama", by=door, substitute_name="\u2066Budi"
        )
    db.rollback()
    assert count(db, CheckIn) == 0


@pytest.mark.parametrize("field", ["name", "ormas", "position"])
def test_walkin_fields_with_control_or_bidi_characters_are_refused(db, event, admin, field):
    fields = {"name": "Siti Aminah", "ormas": "Fatayat NU", "position": "Bendahara"}
    fields[field] = "Fatayat\u202e UN"
    with pytest.raises(InvalidText):
        scanning.register_walkin(
            db, event, region_id=event.regions[1].id, gate="Pintu Utama", by=admin, **fields
        )
    db.rollback()
    assert count(db, Delegate) == 0


def test_walkin_name_is_stored_in_nfc(db, event, admin):
    delegate, _result = scanning.register_walkin(
        db,
        event,
        name="Rene\u0301 Ngau",
        ormas="GAMKI",
        region_id=event.regions[1].id,
        gate="Pintu Utama",
        by=admin,
    )
    assert delegate.name == "Ren\u00e9 Ngau"
    db.commit()


def test_undo_reason_with_bidi_is_refused(db, event, make_delegate, admin):
    delegate = make_delegate()
    scanning.check_in(db, event, delegate.secret, gate="Pintu Utama", by=admin)
    db.commit()
    with pytest.raises(InvalidText):
        scanning.undo_check_in(db, event, delegate.id, reason="salah \u202eorang", by=admin)
    db.rollback()
    assert count(db, CheckIn) == 1


@pytest.mark.parametrize(
    ("field", "key"),
    [
        ("substitute_name", "substitute_name"),
        ("substitute_position", "substitute_position"),
        ("mandate_number", "substitute_mandate"),
    ],
)
def test_konfirmasi_substitute_fields_refuse_bidi(db, delegate, field, key):
    fields = {
        "substitute_name": "Budi Santoso",
        "substitute_position": "Wakil Ketua",
        "mandate_number": "12/ST/2024",
        field: "Budi\u202e 12",
    }
    with pytest.raises(InvalidInput) as caught:
        invitations.confirm_attendance(db, delegate, answer="diwakilkan", now=BEFORE, **fields)
    (detail,) = caught.value.details
    assert detail["field"] == key
    assert "karakter yang tidak boleh dipakai" in detail["message"]
    assert delegate.confirmation is None


def test_konfirmasi_substitute_name_is_stored_in_nfc(db, delegate):
    invitations.confirm_attendance(
        db,
        delegate,
        answer="diwakilkan",
        now=BEFORE,
        substitute_name="Jose\u0301 Santoso",
        substitute_position="Wakil Ketua",
        mandate_number="12/ST/2024",
    )
    assert delegate.substitute_name == "Jos\u00e9 Santoso"


def test_door_names_with_bidi_characters_are_refused():
    assert parse_door_names("Pintu Utama,\r\n Pintu  Samping ") == ["Pintu Utama", "Pintu Samping"]
    with pytest.raises(InvalidInput, match="Nama pintu berisi karakter"):
        parse_door_names("Pintu Utama\n\u202ePintu Samping")


# --- gates are the event's doors unless free text is allowed -------------------------------


def test_new_events_record_any_gate_text(db, event, make_delegate, door):
    assert event.allow_free_gate is True
    result = scanning.check_in(db, event, make_delegate().secret, gate="Lobi Timur", by=door)
    assert result.gate == "Lobi Timur"
    db.commit()


def test_gate_must_be_a_door_when_free_text_is_off(db, event, make_delegate, door):
    event.allow_free_gate = False
    db.commit()
    delegate = make_delegate()
    with pytest.raises(InvalidGate) as caught:
        scanning.check_in(db, event, delegate.secret, gate="Lobi Timur", by=door)
    assert caught.value.message == (
        'Pintu "Lobi Timur" bukan pintu acara ini. Pilih salah satu: Pintu Utama, Pintu Samping.'
    )
    db.rollback()
    assert count(db, Scan) == 0
    result = scanning.check_in(db, event, delegate.secret, gate="Pintu Samping", by=door)
    assert result.result == "admitted" and result.gate == "Pintu Samping"
    db.commit()


def test_gate_of_manual_check_in_and_walkin_must_be_a_door_when_free_text_is_off(
    db, event, make_delegate, admin
):
    event.allow_free_gate = False
    db.commit()
    with pytest.raises(InvalidGate):
        scanning.check_in_delegate(db, event, make_delegate().id, gate="Dapur", by=admin)
    db.rollback()
    with pytest.raises(InvalidGate):
        scanning.register_walkin(
            db,
            event,
            name="Siti Aminah",
            ormas="Fatayat NU",
            region_id=event.regions[1].id,
            gate="Dapur",
            by=admin,
        )
    db.rollback()
    assert count(db, Delegate) == 1


def test_event_without_doors_accepts_any_clean_gate(db, event, make_delegate, door):
    event.allow_free_gate = False
    event.doors = []
    db.commit()
    result = scanning.check_in(db, event, make_delegate().secret, gate="Lobi Timur", by=door)
    assert result.gate == "Lobi Timur"
    db.commit()
