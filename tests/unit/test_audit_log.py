"""The audit log in words: every operation on credentials, check-ins and settings is
recorded by its domain function, with fields the audit page turns into a sentence."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from checkin import audit, audit_text, scanning
from checkin.accounts import issue_pass, revoke_pass
from checkin.events.events import update_event
from checkin.invitations import revoke_invitation
from checkin.invitations.cards import download_cards
from checkin.models import AuditLog
from checkin.reports import update_report_settings

DURING = datetime(2024, 10, 15, 2, 0, tzinfo=UTC)
BASE = "https://undangan.example"


def entries(db) -> list[AuditLog]:
    return list(db.scalars(select(AuditLog).order_by(AuditLog.id)))


def said(db) -> list[tuple[str, str, str]]:
    """(actor, action label, sentence) of every entry, oldest first."""
    return [(e.actor, audit_text.label(e.action), audit_text.describe(e)) for e in entries(db)]


@pytest.fixture
def admin(make_user):
    return make_user("panitia", "admin")


def test_revoke_and_reissue_are_recorded_in_words(db, event, make_delegate, admin):
    person = make_delegate(name="Siti Rahmah")
    revoke_invitation(db, event, person.secret, reissue=False, by=admin)
    revoke_invitation(db, event, person.secret, reissue=False, by=admin)  # nothing changes
    revoke_invitation(db, event, person.secret, reissue=True, by=None)
    db.commit()
    assert said(db) == [
        (
            "panitia",
            "Undangan dicabut",
            "Mencabut undangan Siti Rahmah; kode QR-nya ditolak di pintu.",
        ),
        (
            "cli",
            "Undangan diterbitkan ulang",
            "Menerbitkan undangan baru untuk Siti Rahmah; tautan dan kode QR lama tidak berlaku.",
        ),
    ]
    assert entries(db)[0].user_id == admin.id and person.secret not in entries(db)[1].detail


def test_undo_is_recorded_with_its_reason(db, event, make_delegate, admin):
    person = make_delegate(name="Budi Santoso")
    scanning.check_in(db, event, person.secret, gate="Pintu Utama", by=admin)
    scanning.undo_check_in(db, event, person.id, reason="Salah pindai", by=admin)
    db.commit()
    assert said(db)[-1] == (
        "panitia",
        "Kehadiran dibatalkan",
        "Membatalkan kehadiran Budi Santoso. Alasan: Salah pindai",
    )


def test_door_pass_issue_and_revoke_are_recorded_never_the_pin(db, event, admin):
    door = event.doors[0]
    issued = issue_pass(db, door, by=admin, now=DURING)
    revoke_pass(db, door, by=admin, now=DURING)
    revoke_pass(db, door, by=admin, now=DURING)  # already revoked: nothing new
    db.commit()
    assert [(label, sentence) for _actor, label, sentence in said(db)] == [
        ("Pass pintu dibuat", "Membuat pass baru untuk Pintu Utama; pass lamanya berhenti."),
        ("Pass pintu dicabut", "Mencabut pass Pintu Utama; ponsel yang memakainya keluar."),
    ]
    assert not any(issued.pin in e.detail or issued.secret in e.detail for e in entries(db))


def _settings(event, **changes):
    values = {
        "name": event.name,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "timezone": event.timezone,
        "doors": [d.name for d in event.doors],
        "map_url": event.map_url,
        "allow_door_walkin": event.allow_door_walkin,
        "allow_free_gate": event.allow_free_gate,
        "public_url": event.public_url,
        "contact_phone": event.contact_phone,
    }
    return {**values, **changes}


def test_settings_changes_say_from_and_to_but_never_the_phone(db, event, admin):
    update_event(db, event, **_settings(event))  # nothing changed: nothing recorded
    assert entries(db) == []
    update_event(
        db,
        event,
        **_settings(event, name="Rakor 2024", contact_phone="+6281234567890"),
        by=admin,
    )
    db.commit()
    [(actor, label, sentence)] = said(db)
    assert (actor, label) == ("panitia", "Pengaturan diubah")
    assert sentence == (
        "Mengubah pengaturan acara: nama acara dari “Rapat Koordinasi Ormas se-Kalimantan "
        "Timur 2024” menjadi “Rakor 2024”; telepon kontak diubah (nilainya tidak dicatat)."
    )
    assert "81234567890" not in entries(db)[0].detail


def test_report_settings_changes_are_recorded(db, event, admin):
    update_report_settings(
        db, event, letterhead=None, official_name="Drs. Ahmad", official_position=None,
        official_nip=None, by=admin,
    )  # fmt: skip
    db.commit()
    assert said(db)[0][2] == (
        "Mengubah pengaturan Daftar Hadir: nama pejabat dari (kosong) menjadi “Drs. Ahmad”."
    )


def test_cards_downloads_are_recorded_with_how_many_cards(db, event, make_delegate, admin):
    region = event.regions[1]
    make_delegate(region=region)
    one = make_delegate(name="Rina Wati", region=region)
    make_delegate(region=event.regions[2])
    for pdf in (
        download_cards(db, event, BASE, by=admin),
        download_cards(db, event, BASE, by=admin, region=region),
        download_cards(db, event, BASE, by=admin, delegate=one),
    ):
        assert pdf.startswith(b"%PDF")
    db.commit()
    assert [sentence for _a, _l, sentence in said(db)] == [
        "Mengunduh 3 kartu undangan.",
        f"Mengunduh 2 kartu undangan wilayah {region.name}.",
        "Mengunduh kartu undangan Rina Wati.",
    ]


def test_old_free_text_details_and_unknown_actions_are_shown_as_written(db, event):
    audit.record(db, event=event, user=None, actor="cli", action="export_attendance",
                 detail="format=csv rows=5")  # fmt: skip
    audit.record(db, event=event, user=None, actor="cli", action="something.new",
                 fields={"x": 1})  # fmt: skip
    audit.record(db, event=event, user=None, actor="cli", action=audit.CARDS_DOWNLOAD,
                 detail="{not json")  # fmt: skip
    assert [sentence for _a, _l, sentence in said(db)] == [
        "format=csv rows=5",
        '{"x": 1}',
        "{not json",
    ]
    assert audit_text.label("something.new") == "something.new"


def test_share_links_pin_resets_and_ended_sessions_read_as_sentences(db, event, admin):
    from checkin.accounts import (
        end_sessions,
        reset_pin_lockouts,
        revoke_share_link,
    )
    from checkin.accounts.sessions import REASON_MANUAL
    from tests.conftest import open_share_link

    link, _token = open_share_link(db, event, label="Proyektor")
    revoke_share_link(db, event, link.id, by=admin)
    reset_pin_lockouts(db, event.doors[0], by=admin)
    end_sessions(db, admin, by=None, reason=REASON_MANUAL)
    db.commit()
    assert [(actor, sentence) for actor, _l, sentence in said(db)][0] == (
        "cli",
        "Membuat tautan layar “Proyektor”.",
    )
    assert [sentence for _a, _l, sentence in said(db)] == [
        "Membuat tautan layar “Proyektor”.",
        "Mencabut tautan layar “Proyektor”.",
        "Membuka kunci PIN Pintu Utama: 0 PIN salah dari 0 alamat.",
        "Mengakhiri 0 sesi akun panitia (diakhiri panitia).",
    ]
