"""Konfirmasi kehadiran: answers, substitutes with a mandate letter, closing, expected counts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from checkin import invitations
from checkin.errors import ConfirmationClosed, InvalidInput, InvitationRevoked
from checkin.models import CheckIn

BEFORE = datetime(2024, 10, 14, 3, 0, tzinfo=UTC)  # the day before (event: 15 Oct 08:00 WITA)
AFTER_START = datetime(2024, 10, 15, 0, 1, tzinfo=UTC)
SUBSTITUTE = {
    "substitute_name": "Hj. Nurul Hidayah, S.E.",
    "substitute_position": "Sekretaris",
    "mandate_number": "045/ST/PP-KT/X/2024",
}


@pytest.fixture
def delegate(make_delegate, event):
    return make_delegate(name="Drs. H. Ahmad Syarifuddin, M.Si.", ormas="Pemuda Pancasila")


@pytest.mark.parametrize("answer", ["akan_hadir", "berhalangan"])
def test_simple_answers_are_recorded_with_their_time(db, delegate, answer):
    invitations.confirm_attendance(db, delegate, answer=answer, now=BEFORE)
    db.commit()
    assert (delegate.confirmation, delegate.confirmed_at) == (answer, BEFORE)
    assert invitations.expected_substitute(db, delegate) is None


def test_substitute_is_recorded_and_expected_at_the_door(db, delegate):
    invitations.confirm_attendance(db, delegate, answer="diwakilkan", now=BEFORE, **SUBSTITUTE)
    db.commit()
    expected = invitations.expected_substitute(db, delegate)
    assert expected == invitations.ExpectedSubstitute(
        name="Hj. Nurul Hidayah, S.E.",
        position="Sekretaris",
        mandate_number="045/ST/PP-KT/X/2024",
    )


def test_changing_the_answer_clears_the_substitute(db, delegate):
    invitations.confirm_attendance(db, delegate, answer="diwakilkan", now=BEFORE, **SUBSTITUTE)
    invitations.confirm_attendance(db, delegate, answer="akan_hadir", now=BEFORE, **SUBSTITUTE)
    assert delegate.substitute_name is None and delegate.substitute_mandate is None
    assert invitations.expected_substitute(db, delegate) is None


def test_substitute_fields_are_tidied(db, delegate):
    invitations.confirm_attendance(
        db,
        delegate,
        answer="diwakilkan",
        substitute_name="  Budi\tSantoso ",
        substitute_position=" Wakil  Ketua ",
        mandate_number=" 12/ST/2024 ",
        now=BEFORE,
    )
    assert (delegate.substitute_name, delegate.substitute_position) == (
        "Budi Santoso",
        "Wakil Ketua",
    )
    assert delegate.substitute_mandate == "12/ST/2024"


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("substitute_name", "", "nama lengkap"),
        ("substitute_name", "12", "terlalu pendek"),
        ("substitute_name", "x" * 201, "paling banyak"),
        ("substitute_name", "drs. h. ahmad syarifuddin, m.si.", "sama dengan nama"),
        ("substitute_position", "", "jabatan"),
        ("mandate_number", "", "surat tugas"),
        ("mandate_number", "ada", "angka"),
        ("mandate_number", "12<script>", "angka"),
        ("mandate_number", "1" * 101, "3 sampai"),
    ],
)
def test_substitute_problems_are_named_per_field_in_indonesian(db, delegate, field, value, words):
    fields = {**SUBSTITUTE, field: value}
    with pytest.raises(InvalidInput) as info:
        invitations.confirm_attendance(db, delegate, answer="diwakilkan", now=BEFORE, **fields)
    details = {d["field"]: d["message"] for d in info.value.details}
    key = "substitute_mandate" if field == "mandate_number" else field
    assert words in details[key]
    assert delegate.confirmation is None


def test_every_substitute_problem_is_listed_at_once(db, delegate):
    with pytest.raises(InvalidInput) as info:
        invitations.confirm_attendance(db, delegate, answer="diwakilkan", now=BEFORE)
    fields = [d["field"] for d in info.value.details]
    assert fields == ["substitute_name", "substitute_position", "substitute_mandate"]


def test_unknown_answer_is_refused(db, delegate):
    with pytest.raises(InvalidInput, match="hadir, berhalangan atau diwakilkan"):
        invitations.confirm_attendance(db, delegate, answer="mungkin", now=BEFORE)


def test_answers_close_when_the_event_starts(db, delegate):
    invitations.confirm_attendance(db, delegate, answer="akan_hadir", now=BEFORE)
    with pytest.raises(ConfirmationClosed, match="ditutup"):
        invitations.confirm_attendance(db, delegate, answer="berhalangan", now=AFTER_START)
    assert delegate.confirmation == "akan_hadir"


def test_answers_close_once_the_delegate_arrived(db, event, delegate):
    db.add(
        CheckIn(
            event_id=event.id, delegate_id=delegate.id, checked_in_at=BEFORE, gate="Pintu Utama"
        )
    )
    db.commit()
    db.refresh(delegate)
    with pytest.raises(ConfirmationClosed, match="sudah tercatat"):
        invitations.confirm_attendance(db, delegate, answer="berhalangan", now=BEFORE)


def test_revoked_invitation_cannot_answer(db, delegate):
    delegate.revoked_at = BEFORE
    with pytest.raises(InvitationRevoked):
        invitations.confirm_attendance(db, delegate, answer="akan_hadir", now=BEFORE)


def test_expected_attendance_per_region_and_ormas(db, event, make_delegate):
    smd, bpp = event.regions[10], event.regions[8]
    people = [
        make_delegate(region=smd, ormas="KNPI"),
        make_delegate(region=smd, ormas="KNPI"),
        make_delegate(region=smd, ormas="PMII"),
        make_delegate(region=bpp, ormas="KNPI"),
        make_delegate(region=bpp, ormas="GMNI"),
    ]
    invitations.confirm_attendance(db, people[0], answer="akan_hadir", now=BEFORE)
    invitations.confirm_attendance(db, people[1], answer="diwakilkan", now=BEFORE, **SUBSTITUTE)
    invitations.confirm_attendance(db, people[3], answer="berhalangan", now=BEFORE)
    people[4].revoked_at = BEFORE  # revoked invitations are not expected
    db.commit()
    regions = dict(invitations.expected_by_region(db, event))
    assert (regions[smd].invited, regions[smd].expected, regions[smd].unanswered) == (3, 2, 1)
    assert (regions[bpp].invited, regions[bpp].unable, regions[bpp].expected) == (1, 1, 0)
    ormas = dict(invitations.expected_by_ormas(db, event))
    assert (ormas["KNPI"].attend, ormas["KNPI"].substitute, ormas["KNPI"].unable) == (1, 1, 1)
    assert "GMNI" not in ormas
    only_bpp = dict(invitations.expected_by_ormas(db, event, region_id=bpp.id))
    assert list(only_bpp) == ["KNPI"]
    total = invitations.expected_total(db, event)
    assert (total.invited, total.expected, total.unanswered) == (4, 2, 1)


def test_expected_attendance_per_ormas_merges_its_spellings(db, event, make_delegate):
    smd, bpp = event.regions[10], event.regions[8]
    people = [
        make_delegate(region=smd, ormas="GP Ansor"),
        make_delegate(region=bpp, ormas="GP ANSOR"),
        make_delegate(region=bpp, ormas="gp  ansor"),
        make_delegate(region=bpp, ormas="GP Ansor"),
    ]
    invitations.confirm_attendance(db, people[1], answer="akan_hadir", now=BEFORE)
    invitations.confirm_attendance(db, people[2], answer="berhalangan", now=BEFORE)
    db.commit()
    [(name, counts)] = invitations.expected_by_ormas(db, event)
    assert (name, counts.invited, counts.attend, counts.unable) == ("GP Ansor", 4, 1, 1)
    [(name, counts)] = invitations.expected_by_ormas(db, event, region_id=bpp.id)
    assert (name, counts.invited) == ("GP Ansor", 3)


def test_expected_attendance_counts_an_admitted_delegate_revoked_afterwards(
    db, event, make_delegate
):
    kept = make_delegate()
    invitations.confirm_attendance(db, kept, answer="akan_hadir", now=BEFORE)
    db.add(CheckIn(event_id=event.id, delegate_id=kept.id, checked_in_at=BEFORE, gate="Pintu"))
    kept.revoked_at = BEFORE
    make_delegate().revoked_at = BEFORE  # never used: no longer invited
    db.commit()
    total = invitations.expected_total(db, event)
    assert (total.invited, total.attend, total.arrived) == (1, 1, 1)
