"""The offline roster (checkin.roster): no secrets, entries readable only with the QR,
incremental by cursor, revoked secrets answered as revoked; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from checkin.invitations import revoke_invitation
from checkin.models import User
from checkin.scanning import (
    CURSOR_OVERLAP,
    build_roster,
    check_in,
    event_salt,
    lookup_key,
    open_entry,
    parse_cursor,
    undo_check_in,
)
from checkin.scanning import roster as roster_module

T0 = datetime(2024, 10, 15, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_cache():
    roster_module.clear_cache()
    yield
    roster_module.clear_cache()


def entry_for(result, secret, event):
    k = lookup_key(secret, event_salt(event))
    found = [e for e in result.entries if e["k"] == k]
    return found[0] if found else None


def details(result, secret, event):
    entry = entry_for(result, secret, event)
    return None if entry is None else open_entry(secret, event_salt(event), entry)


def test_full_roster_holds_no_secret_name_or_phone(db, event, make_delegate):
    people = [make_delegate(name=f"Rahasia Nama {n}", phone="+6281234567890") for n in range(3)]
    result = build_roster(db, event)
    text = json.dumps(result.to_dict())
    assert result.is_full and len(result.entries) == 3
    for person in people:
        assert person.secret not in text
    assert "Rahasia" not in text and "81234567890" not in text and "Ormas" not in text
    assert {tuple(sorted(e)) for e in result.entries} == {("ct", "iv", "k")}


def test_entry_opens_with_its_secret_only(db, event, make_delegate):
    ahmad = make_delegate(name="Drs. H. Ahmad, M.Si.", ormas="Pemuda Pancasila", is_vip=True)
    other = make_delegate(name="Siti")
    result = build_roster(db, event)
    opened = details(result, ahmad.secret, event)
    assert opened == {
        "id": ahmad.id,
        "name": "Drs. H. Ahmad, M.Si.",
        "ormas": "Pemuda Pancasila",
        "region": ahmad.region.name,
        "level": ahmad.level,
        "position": "Ketua",
        "vip": True,
        "status": "invited",
        "checked_in_at": None,
        "gate": None,
    }
    salt = event_salt(event)
    ahmad_entry = entry_for(result, ahmad.secret, event)
    assert open_entry(other.secret, salt, ahmad_entry) is None
    # The right index with another secret's key, or a tampered ciphertext, does not open.
    forged = {**ahmad_entry, "k": lookup_key(other.secret, salt)}
    assert open_entry(other.secret, salt, forged) is None
    tampered = {
        **ahmad_entry,
        "ct": ahmad_entry["ct"][:-2]
        + ("A" if ahmad_entry["ct"][-2] != "A" else "B")
        + ahmad_entry["ct"][-1],
    }
    assert open_entry(ahmad.secret, salt, tampered) is None


def test_lookup_key_differs_per_event(db, event, make_delegate):
    secret = make_delegate().secret
    assert lookup_key(secret, b"checkin-roster/1") != lookup_key(secret, b"checkin-roster/2")


def test_check_in_shows_in_entry(db, event, make_delegate):
    delegate = make_delegate()
    check_in(db, event, delegate.secret, gate="Pintu Samping", by=None, now=T0)
    db.commit()
    opened = details(build_roster(db, event), delegate.secret, event)
    assert opened["status"] == "checked_in"
    assert opened["gate"] == "Pintu Samping"
    assert datetime.fromisoformat(opened["checked_in_at"]) == T0


def test_revoked_delegate_and_replaced_secret_answer_revoked(db, event, make_delegate):
    revoked = make_delegate(name="Dicabut")
    reissued = make_delegate(name="Diganti")
    old_secret = reissued.secret
    revoke_invitation(db, event, revoked.secret, reissue=False)
    revoke_invitation(db, event, old_secret, reissue=True)
    db.commit()
    result = build_roster(db, event)
    assert details(result, revoked.secret, event) == {"revoked": True}
    assert details(result, old_secret, event) == {"revoked": True}
    assert details(result, reissued.secret, event)["name"] == "Diganti"
    assert "Dicabut" not in json.dumps(result.to_dict())
    assert len(result.entries) == 3


def test_cursor_returns_only_changed_entries(db, event, make_delegate):
    quiet, edited, arrived, replaced = (make_delegate() for _ in range(4))
    first = build_roster(db, event, now=datetime.now(UTC))
    later = first.cursor + CURSOR_OVERLAP + timedelta(seconds=5)
    assert build_roster(db, event, since=later).entries == []

    # The edit, check-in and reissue happen "after" the cursor: move the cursor back instead.
    since = first.cursor - CURSOR_OVERLAP + timedelta(microseconds=1)
    edited.name = "Nama Baru"
    db.commit()
    check_in(db, event, arrived.secret, gate="Pintu Utama", by=None)
    old_secret = replaced.secret
    revoke_invitation(db, event, old_secret, reissue=True)
    db.commit()
    quiet_at = datetime.now(UTC) - timedelta(hours=1)
    db.execute(
        roster_module.Delegate.__table__.update()
        .where(roster_module.Delegate.id == quiet.id)
        .values(updated_at=quiet_at)
    )
    db.commit()
    result = build_roster(db, event, since=since)
    assert not result.is_full
    keys = {e["k"] for e in result.entries}
    salt = event_salt(event)
    expected = {lookup_key(s, salt) for s in (edited.secret, arrived.secret, replaced.secret)}
    expected.add(lookup_key(old_secret, salt))
    assert keys == expected
    assert details(result, edited.secret, event)["name"] == "Nama Baru"
    assert details(result, arrived.secret, event)["status"] == "checked_in"
    assert details(result, old_secret, event) == {"revoked": True}


def test_undo_moves_the_cursor(db, event, make_delegate, make_user):
    organiser = make_user("panitia", "admin")
    delegate = make_delegate()
    check_in(db, event, delegate.secret, gate="Pintu Utama", by=None, now=T0)
    db.commit()
    undo_check_in(db, event, delegate.id, reason="salah orang", by=db.get(User, organiser.id))
    db.commit()
    since = datetime.now(UTC) - timedelta(seconds=1) + CURSOR_OVERLAP
    opened = details(build_roster(db, event, since=since), delegate.secret, event)
    assert opened["status"] == "invited" and opened["checked_in_at"] is None


def test_other_events_delegates_are_not_listed(db, event, make_delegate):
    from checkin.events import create_event

    other = create_event(db, "acara-lain", name="Acara Lain", doors=["Pintu"])
    db.commit()
    make_delegate()
    assert build_roster(db, other).entries == []


def test_unchanged_entries_are_reused_and_changed_ones_resealed(db, event, make_delegate):
    same, changed = make_delegate(), make_delegate()
    first = build_roster(db, event)
    changed.ormas = "Ormas Berubah"
    db.commit()
    second = build_roster(db, event)
    assert entry_for(second, same.secret, event) is entry_for(first, same.secret, event)
    assert entry_for(second, changed.secret, event) != entry_for(first, changed.secret, event)
    assert details(second, changed.secret, event)["ormas"] == "Ormas Berubah"


@pytest.mark.parametrize("text", ["kemarin", "2024-10-15T08:00:00", "x" * 10])
def test_bad_cursor_is_refused(text):
    from checkin.errors import InvalidInput

    with pytest.raises(InvalidInput):
        parse_cursor(text)


def test_cursor_round_trips():
    now = datetime(2024, 10, 15, 0, 5, 1, 123456, tzinfo=UTC)
    assert parse_cursor(now.isoformat()) == now
    assert parse_cursor(None) is None and parse_cursor("") is None


# --- padding: an entry's length says nothing about its delegate's status --------------------


def sealed_length(entry: dict) -> int:
    """The length of an entry's plaintext as anyone holding the roster sees it (the AES-GCM
    ciphertext is the plaintext plus a 16-byte tag)."""
    return len(roster_module._unb64url(entry["ct"])) - 16


LONGEST_GATE = "Pintu " + "Ballroom Lantai Dua Sayap Timur " * 3  # 80 characters of a free gate


@pytest.mark.parametrize("gate", ["A", "Pintu Utama", LONGEST_GATE[:80], "Gerbang Ü" + "é" * 70])
def test_checked_in_and_not_checked_in_entries_of_a_delegate_are_as_long(
    db, event, make_delegate, gate
):
    delegate = make_delegate(name="Hj. Siti Rahmawati", ormas="Muslimat NU")
    before = entry_for(build_roster(db, event), delegate.secret, event)
    later = T0.replace(microsecond=123456)  # the longest time text there is
    check_in(db, event, delegate.secret, gate=gate, by=None, now=later)
    db.commit()
    after = entry_for(build_roster(db, event), delegate.secret, event)
    assert sealed_length(after) == sealed_length(before)
    opened = open_entry(delegate.secret, event_salt(event), after)
    assert opened["status"] == "checked_in" and opened["gate"].startswith(gate[:40])


def test_entries_are_padded_to_whole_blocks_so_names_hide_in_them(db, event, make_delegate):
    people = [make_delegate(name="N" * n, ormas="Ormas") for n in (3, 20, 40, 60)]
    entries = [entry_for(build_roster(db, event), p.secret, event) for p in people]
    lengths = [sealed_length(e) for e in entries]
    assert all(length % roster_module.PAD_BLOCK == 0 for length in lengths)
    assert len(set(lengths)) == 1  # names 3 to 60 characters long: one length
    salt = event_salt(event)
    assert [
        open_entry(p.secret, salt, e)["name"] for p, e in zip(people, entries, strict=True)
    ] == [p.name for p in people]


def test_a_revoked_entry_is_padded_too(db, event, make_delegate):
    delegate = make_delegate()
    revoke_invitation(db, event, delegate.secret, reissue=False)
    db.commit()
    entry = entry_for(build_roster(db, event), delegate.secret, event)
    assert sealed_length(entry) == roster_module.PAD_BLOCK
    assert open_entry(delegate.secret, event_salt(event), entry) == {"revoked": True}
