"""Live statistics: distinct delegates, regions, ormas, timeline, doors, latest arrivals."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete

from checkin.live import LATEST_COUNT, change_signal, compute_stats
from checkin.models import CheckIn, Scan

T0 = datetime(2024, 10, 15, 0, 0, tzinfo=UTC)  # 08:00 WITA


def admit(db, delegate, *, at=T0, gate="Pintu Utama"):
    """A check-in as the scanning service records it: a check_in row and a scan row."""
    db.add(
        CheckIn(event_id=delegate.event_id, delegate_id=delegate.id, checked_in_at=at, gate=gate)
    )
    db.add(
        Scan(
            event_id=delegate.event_id,
            code=delegate.secret,
            gate=gate,
            result="admitted",
            delegate_id=delegate.id,
            scanned_at=at,
            created_at=at,
        )
    )
    db.commit()


def repeat_scan(db, delegate, *, gate="Pintu Samping"):
    db.add(
        Scan(
            event_id=delegate.event_id,
            code=delegate.secret,
            gate=gate,
            result="already_checked_in",
            delegate_id=delegate.id,
        )
    )
    db.commit()


def undo(db, delegate):
    db.execute(delete(CheckIn).where(CheckIn.delegate_id == delegate.id))
    db.add(
        Scan(
            event_id=delegate.event_id,
            code="",
            gate="-",
            result="undone",
            delegate_id=delegate.id,
            note="salah pindai",
        )
    )
    db.commit()


def test_compute_stats_has_the_public_shape(db, event):
    stats = compute_stats(db, event, now=T0)
    assert {"invited", "checked_in", "by_region", "by_ormas", "timeline", "updated_at"} <= set(
        stats
    )
    assert stats["updated_at"] == "2024-10-15T00:00:00+00:00"
    assert (stats["invited"], stats["checked_in"], stats["timeline"], stats["latest"]) == (
        0,
        0,
        [],
        [],
    )


def test_compute_stats_counts_distinct_delegates_not_scans(db, event, make_delegate):
    first, second, _third = make_delegate(), make_delegate(), make_delegate()
    admit(db, first)
    admit(db, second, gate="Pintu Samping")
    repeat_scan(db, first)
    repeat_scan(db, first)
    db.add(Scan(event_id=event.id, code="palsu", gate="Pintu Utama", result="unknown_code"))
    db.commit()

    stats = compute_stats(db, event)

    assert stats["invited"] == 3
    assert stats["checked_in"] == 2
    assert sum(g["count"] for g in stats["by_gate"]) == 2


def test_compute_stats_undo_reduces_the_count(db, event, make_delegate):
    delegate = make_delegate()
    admit(db, delegate)
    assert compute_stats(db, event)["checked_in"] == 1

    undo(db, delegate)

    stats = compute_stats(db, event)
    assert stats["checked_in"] == 0
    assert stats["latest"] == []
    assert stats["timeline"] == []


def test_compute_stats_lists_every_region_in_order_even_with_no_delegates(db, event):
    stats = compute_stats(db, event)

    names = [r["region"] for r in stats["by_region"]]
    assert names == [r.name for r in event.regions]
    assert len(names) == 11
    assert stats["by_region"][0]["level"] == "provinsi"
    assert {r["level"] for r in stats["by_region"][1:]} == {"kabupaten_kota"}
    assert all(r["invited"] == 0 and r["checked_in"] == 0 for r in stats["by_region"])


def test_compute_stats_counts_per_region(db, event, make_delegate):
    province, samarinda = event.regions[0], event.regions[-1]
    a = make_delegate(region=province)
    make_delegate(region=province)
    b = make_delegate(region=samarinda)
    admit(db, a)
    admit(db, b)

    by_region = {r["region"]: r for r in compute_stats(db, event)["by_region"]}

    assert (by_region[province.name]["invited"], by_region[province.name]["checked_in"]) == (2, 1)
    assert (by_region[samarinda.name]["invited"], by_region[samarinda.name]["checked_in"]) == (
        1,
        1,
    )


def test_compute_stats_counts_per_ormas_across_regions_and_spellings(db, event, make_delegate):
    a = make_delegate(ormas="Pemuda Pancasila", region=event.regions[1])
    make_delegate(ormas="PEMUDA  PANCASILA ", region=event.regions[2])
    make_delegate(ormas="KNPI")
    admit(db, a)

    by_ormas = compute_stats(db, event)["by_ormas"]

    assert [(o["invited"], o["checked_in"]) for o in by_ormas] == [(1, 0), (2, 1)]
    assert by_ormas[0]["ormas"] == "KNPI"
    # One delegate per spelling: the tie goes to the first in code-point order (capitals).
    assert by_ormas[1]["ormas"] == "PEMUDA PANCASILA"


def test_compute_stats_shows_the_spelling_most_counted_delegates_use(db, event, make_delegate):
    make_delegate(ormas="PEMUDA PANCASILA")
    make_delegate(ormas="Pemuda  Pancasila", region=event.regions[2])
    make_delegate(ormas="Pemuda Pancasila")
    gone = make_delegate(ormas="pemuda pancasila")
    other = make_delegate(ormas="pemuda pancasila")
    gone.revoked_at = other.revoked_at = T0  # revoked and never used: no vote
    db.commit()

    by_ormas = compute_stats(db, event)["by_ormas"]

    assert by_ormas == [{"ormas": "Pemuda Pancasila", "invited": 3, "checked_in": 0}]


def test_compute_stats_counts_an_admitted_delegate_revoked_afterwards(db, event, make_delegate):
    make_delegate()
    gone, admitted = make_delegate(), make_delegate()
    admit(db, admitted)
    gone.revoked_at = admitted.revoked_at = T0
    db.commit()

    stats = compute_stats(db, event)

    assert (stats["invited"], stats["checked_in"]) == (2, 1)


def test_compute_stats_latest_arrivals_carry_the_shown_spelling(db, event, make_delegate):
    make_delegate(ormas="Fatayat NU")
    admit(db, make_delegate(ormas="fatayat  nu"))
    make_delegate(ormas="Fatayat NU")

    [latest] = compute_stats(db, event)["latest"]

    assert latest["ormas"] == "Fatayat NU"


def test_compute_stats_timeline_counts_arrivals_per_five_minutes(db, event, make_delegate):
    minutes = [1, 4, 5, 17]  # 08:01, 08:04, 08:05, 08:17 WITA
    for minute in minutes:
        admit(db, make_delegate(), at=T0 + timedelta(minutes=minute, seconds=30))

    timeline = compute_stats(db, event)["timeline"]

    assert timeline == [
        {"at": "2024-10-15T00:00:00+00:00", "count": 2},
        {"at": "2024-10-15T00:05:00+00:00", "count": 1},
        {"at": "2024-10-15T00:10:00+00:00", "count": 0},
        {"at": "2024-10-15T00:15:00+00:00", "count": 1},
    ]


def test_compute_stats_timeline_bucket_edges_are_exact(db, event, make_delegate):
    admit(db, make_delegate(), at=T0 + timedelta(minutes=4, seconds=59, microseconds=999_000))
    admit(db, make_delegate(), at=T0 + timedelta(minutes=5))

    timeline = compute_stats(db, event)["timeline"]

    assert [t["count"] for t in timeline] == [1, 1]


def test_compute_stats_counts_arrivals_per_door(db, event, make_delegate):
    for gate in ["Pintu Utama", "Pintu Samping", "Pintu Utama"]:
        admit(db, make_delegate(), gate=gate)

    assert compute_stats(db, event)["by_gate"] == [
        {"gate": "Pintu Utama", "count": 2},
        {"gate": "Pintu Samping", "count": 1},
    ]


def test_compute_stats_latest_arrivals_newest_first_with_ids(db, event, make_delegate):
    vip = make_delegate(name="Dr. H. Rusmadi, M.Si.", ormas="FKUB", is_vip=True)
    other = make_delegate(name="Siti Aminah")
    admit(db, other, at=T0)
    admit(db, vip, at=T0 + timedelta(minutes=1), gate="Pintu Samping")

    latest = compute_stats(db, event)["latest"]

    assert [entry["name"] for entry in latest] == ["Dr. H. Rusmadi, M.Si.", "Siti Aminah"]
    first = latest[0]
    assert first["vip"] is True and latest[1]["vip"] is False
    assert first["ormas"] == "FKUB"
    assert first["region"] == vip.region.name
    assert first["gate"] == "Pintu Samping"
    assert first["at"] == "2024-10-15T00:01:00+00:00"
    assert first["delegate_id"] == vip.id
    assert first["id"] > latest[1]["id"]


def test_compute_stats_latest_is_bounded(db, event, make_delegate):
    for _ in range(LATEST_COUNT + 3):
        admit(db, make_delegate())

    assert len(compute_stats(db, event)["latest"]) == LATEST_COUNT


def test_compute_stats_never_contains_phone_numbers_or_secrets(db, event, make_delegate):
    delegate = make_delegate(phone="+6281234567890", email="ketua@example.id")
    admit(db, delegate)

    text = json.dumps(compute_stats(db, event))

    assert "81234567890" not in text
    assert "ketua@example.id" not in text
    assert delegate.secret not in text


def test_compute_stats_ignores_other_events(db, event, make_delegate):
    from checkin.events import create_event
    from checkin.invitations import new_secret
    from checkin.models import Delegate

    other = create_event(db, "acara-lain", name="Acara lain", doors=["A"])
    db.flush()
    stranger = Delegate(
        event_id=other.id,
        region_id=other.regions[0].id,
        name="Orang lain",
        ormas="Lain",
        level="provinsi",
        secret=new_secret(),
        match_key="x",
    )
    db.add(stranger)
    db.commit()
    admit(db, stranger)
    make_delegate()

    stats = compute_stats(db, event)

    assert (stats["invited"], stats["checked_in"], stats["latest"]) == (1, 0, [])


def test_change_signal_changes_on_scan_undo_and_delegate_edit(db, event, make_delegate):
    delegate = make_delegate()
    before = change_signal(db)
    db.rollback()

    admit(db, delegate)
    after_scan = change_signal(db)
    db.rollback()
    undo(db, delegate)
    after_undo = change_signal(db)
    db.rollback()
    delegate.ormas = "Ormas baru"
    db.commit()
    after_edit = change_signal(db)
    db.rollback()

    assert len({before, after_scan, after_undo, after_edit}) == 4
    assert change_signal(db) == after_edit


def test_revoked_unused_invitation_is_not_counted_as_invited(db, event, make_delegate):
    kept = make_delegate()
    revoked = make_delegate(revoked_at=T0)
    assert revoked.id != kept.id
    stats = compute_stats(db, event, now=T0)
    assert (stats["invited"], stats["checked_in"]) == (1, 0)


def test_revoked_after_admission_still_counts(db, event, make_delegate):
    delegate = make_delegate()
    admit(db, delegate)
    delegate.revoked_at = T0 + timedelta(minutes=5)
    db.commit()
    stats = compute_stats(db, event, now=T0 + timedelta(minutes=10))
    assert (stats["invited"], stats["checked_in"]) == (1, 1)
