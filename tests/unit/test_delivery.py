"""Delivery status: not sent → sent → opened → confirmed → arrived; counts, lists, the queue."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from checkin import events, sending
from checkin.errors import InvalidInput, InvitationRevoked
from checkin.invitations import confirmation, revoke_invitation
from checkin.models import CheckIn

NOW = datetime(2024, 10, 10, 2, 0, tzinfo=UTC)


def arrive(db, delegate):
    db.add(
        CheckIn(
            event_id=delegate.event_id,
            delegate_id=delegate.id,
            checked_in_at=datetime(2024, 10, 15, 0, 5, tzinfo=UTC),
            gate="Pintu Utama",
        )
    )
    db.commit()
    db.refresh(delegate)


def test_status_follows_the_invitation_from_not_sent_to_arrived(db, event, make_delegate):
    d = make_delegate(phone="+6281234567890")
    assert sending.delivery_status(d) == events.STATUS_NOT_SENT
    sending.mark_sent(db, d, channel="whatsapp", now=NOW)
    assert sending.delivery_status(d) == events.STATUS_SENT
    assert sending.mark_opened(db, d.id, now=NOW) is True
    db.commit()
    db.refresh(d)
    assert sending.delivery_status(d) == events.STATUS_OPENED
    confirmation.confirm_attendance(db, d, answer="akan_hadir", now=NOW)
    assert sending.delivery_status(d) == events.STATUS_CONFIRMED
    arrive(db, d)
    assert sending.delivery_status(d) == events.STATUS_ARRIVED


def test_sql_status_agrees_with_the_python_rule(db, event, make_delegate):
    people = [make_delegate() for _ in range(6)]
    sending.mark_sent(db, people[1], channel="email", now=NOW)
    sending.mark_sent(db, people[2], channel="dicetak", now=NOW)
    people[2].opened_at = NOW
    people[3].confirmation = "berhalangan"
    people[4].revoked_at = NOW
    db.commit()
    arrive(db, people[5])
    for status in events.DELIVERY_STATUSES:
        listed = sending.list_by_status(db, event, status=status)
        expected = {d.id for d in people if sending.delivery_status(d) == status}
        assert {d.id for d, _ in listed.items} == expected, status
        assert all(s == status for _, s in listed.items)


def test_mark_sent_records_channel_time_and_sender(db, event, make_delegate, make_user):
    d = make_delegate()
    user = make_user("liaison-smd", "liaison")
    sending.mark_sent(db, d, channel="liaison", by=user, now=NOW)
    db.commit()
    assert (d.sent_at, d.sent_via, d.sent_by_id) == (NOW, "liaison", user.id)


def test_mark_sent_refuses_unknown_channels_and_revoked_invitations(db, event, make_delegate):
    d = make_delegate()
    with pytest.raises(InvalidInput):
        sending.mark_sent(db, d, channel="merpati")
    d.revoked_at = NOW
    with pytest.raises(InvitationRevoked):
        sending.mark_sent(db, d, channel="whatsapp")


def test_reminder_is_recorded_apart_from_the_invitation(db, event, make_delegate):
    d = make_delegate(phone="+6281234567890")
    sending.mark_sent(db, d, channel="whatsapp", kind=sending.KIND_REMINDER, now=NOW)
    assert d.reminded_at == NOW and d.sent_at is None


def test_first_opening_is_recorded_once_and_keeps_updated_at(db, event, make_delegate):
    d = make_delegate()
    before = d.updated_at
    assert sending.mark_opened(db, d.id, now=NOW) is True
    assert sending.mark_opened(db, d.id, now=datetime(2024, 10, 11, tzinfo=UTC)) is False
    db.commit()
    db.refresh(d)
    assert d.opened_at == NOW
    assert d.updated_at == before


@pytest.mark.parametrize(
    "agent, preview",
    [
        ("WhatsApp/2.23.20.0 A", True),
        ("facebookexternalhit/1.1", True),
        ("TelegramBot (like TwitterBot)", True),
        ("Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120 Mobile Safari", False),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Version/17.0 Mobile/15E148 Safari", False),
        (None, False),
    ],
)
def test_link_previews_are_told_from_people(agent, preview):
    assert sending.is_link_preview(agent) is preview


def test_reissue_starts_the_delivery_again_but_keeps_the_answer(db, event, make_delegate):
    d = make_delegate()
    sending.mark_sent(db, d, channel="whatsapp", now=NOW)
    d.opened_at = NOW
    confirmation.confirm_attendance(db, d, answer="akan_hadir", now=NOW)
    revoke_invitation(db, event, d.secret, reissue=True, now=NOW)
    assert d.sent_at is None and d.opened_at is None and d.sent_via is None
    assert d.confirmation == "akan_hadir"


def test_counts_per_region_and_ormas(db, event, make_delegate):
    smd, bpp = event.regions[10], event.regions[8]
    a = make_delegate(region=smd, ormas="KNPI")
    b = make_delegate(region=smd, ormas="KNPI")
    make_delegate(region=bpp, ormas="GP Ansor")
    sending.mark_sent(db, a, channel="whatsapp", now=NOW)
    confirmation.confirm_attendance(db, b, answer="diwakilkan", substitute_name="Budi Santoso",
                                    substitute_position="Sekretaris", mandate_number="12/ST/2024",
                                    now=NOW)  # fmt: skip
    db.commit()
    regions = dict(sending.status_by_region(db, event))
    assert regions[smd].by_status[events.STATUS_SENT] == 1
    assert regions[smd].by_status[events.STATUS_CONFIRMED] == 1
    assert regions[smd].answers == {"diwakilkan": 1}
    assert regions[bpp].by_status[events.STATUS_NOT_SENT] == 1
    assert regions[event.regions[0]].total == 0
    ormas = dict(sending.status_by_ormas(db, event))
    assert ormas["KNPI"].total == 2 and ormas["GP Ansor"].total == 1
    assert [name for name, _ in sending.status_by_ormas(db, event, q="ans")] == ["GP Ansor"]
    total = sending.status_counts(db, event)
    assert (total.total, total.sent) == (3, 2)
    assert sending.status_counts(db, event, region_id=bpp.id).total == 1


def test_counts_per_ormas_merge_its_spellings_under_the_shown_one(db, event, make_delegate):
    smd, bpp = event.regions[10], event.regions[8]
    make_delegate(region=smd, ormas="Pemuda Pancasila")
    make_delegate(region=bpp, ormas="PEMUDA PANCASILA")
    make_delegate(region=bpp, ormas="PEMUDA  PANCASILA")
    make_delegate(region=smd, ormas="pemuda pancasila").revoked_at = NOW  # unused: no vote
    db.commit()
    [(name, counts)] = sending.status_by_ormas(db, event)
    assert name == "PEMUDA PANCASILA"
    assert (counts.total, counts.active) == (4, 3)
    # One region, one search: still the event's spelling, and any spelling matches.
    [(name, counts)] = sending.status_by_ormas(db, event, region_id=smd.id, q="pemuda  PANC")
    assert (name, counts.total, counts.active) == ("PEMUDA PANCASILA", 2, 1)


def test_list_by_status_ormas_filter_takes_every_spelling(db, event, make_delegate):
    a = make_delegate(ormas="Pemuda Pancasila")
    b = make_delegate(ormas="PEMUDA  PANCASILA")
    make_delegate(ormas="Pemuda Muhammadiyah")
    listed = sending.list_by_status(db, event, ormas="PEMUDA PANCASILA")
    assert sorted(d.id for d, _ in listed.items) == [a.id, b.id]


def test_list_by_status_filters_region_and_ormas(db, event, make_delegate):
    smd, bpp = event.regions[10], event.regions[8]
    a = make_delegate(region=smd, ormas="KNPI")
    make_delegate(region=bpp, ormas="KNPI")
    make_delegate(region=smd, ormas="Lain")
    listed = sending.list_by_status(db, event, region_id=smd.id, ormas="KNPI")
    assert [d.id for d, _ in listed.items] == [a.id]
    with pytest.raises(InvalidInput):
        sending.list_by_status(db, event, status="hilang")


def test_queue_gives_the_next_unsent_delegate_with_whatsapp_in_region_order(
    db, event, make_delegate
):
    smd, bpp = event.regions[10], event.regions[8]
    s1 = make_delegate(region=smd, name="Andi", phone="+6281100000001")
    make_delegate(region=smd, name="Aba", phone="+62541123456")  # landline
    make_delegate(region=smd, name="Abi", phone=None)
    b1 = make_delegate(region=bpp, name="Zaki", phone="+6281100000002")
    item = sending.next_in_queue(db, event, kind=sending.KIND_INVITATION)
    assert (item.delegate.id, item.waiting) == (b1.id, 2)  # Balikpapan sorts before Samarinda
    item = sending.next_in_queue(db, event, kind=sending.KIND_INVITATION, skip=1)
    assert item.delegate.id == s1.id
    sending.mark_sent(db, b1, channel="whatsapp", now=NOW)
    db.commit()
    item = sending.next_in_queue(db, event, kind=sending.KIND_INVITATION, region_id=smd.id)
    assert (item.delegate.id, item.waiting) == (s1.id, 1)
    sending.mark_sent(db, s1, channel="whatsapp", now=NOW)
    item = sending.next_in_queue(db, event, kind=sending.KIND_INVITATION, region_id=smd.id)
    assert item.delegate is None and item.waiting == 0


def test_reminder_queue_skips_those_who_cannot_come_or_arrived(db, event, make_delegate):
    a = make_delegate(name="A", phone="+6281100000001")
    b = make_delegate(name="B", phone="+6281100000002")
    c = make_delegate(name="C", phone="+6281100000003")
    confirmation.confirm_attendance(db, b, answer="berhalangan", now=NOW)
    db.commit()
    arrive(db, c)
    item = sending.next_in_queue(db, event, kind=sending.KIND_REMINDER)
    assert (item.delegate.id, item.waiting) == (a.id, 1)


def test_queue_progress_and_the_unreachable_per_region(db, event, make_delegate):
    smd = event.regions[10]
    a = make_delegate(region=smd, phone="+6281100000001")
    make_delegate(region=smd, phone="+6281100000002")
    landline = make_delegate(region=smd, phone="+62541123456")
    nophone = make_delegate(region=smd, phone=None)
    sending.mark_sent(db, a, channel="whatsapp", now=NOW)
    db.commit()
    progress = {p.region.id: p for p in sending.queue_progress(db, event, kind="undangan")}
    assert (progress[smd.id].reachable, progress[smd.id].done) == (2, 1)
    assert progress[smd.id].without_phone == 2 and progress[smd.id].percent == 50
    missing, total = sending.without_whatsapp(db, event, region_id=smd.id)
    assert total == 1 and {d.id for d in missing} == {nophone.id}
    offices, total = sending.office_lines(db, event, region_id=smd.id)
    assert total == 1 and [d.id for d in offices] == [landline.id]
