"""Who counts as invited and who as arrived: every domain count follows one rule.

Four delegates: one admitted, one admitted and then revoked (still invited: the attendance
stands), one revoked unused (no longer invited), one waiting. So 3 invited, 2 arrived.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from checkin import events, invitations, reports, sending
from checkin.events import invited_and_arrived
from checkin.events.delegates import level_summary
from checkin.live import compute_stats
from checkin.models import CheckIn

ARRIVAL = datetime(2024, 10, 15, 0, 5, tzinfo=UTC)
LATER = datetime(2024, 10, 15, 1, 0, tzinfo=UTC)


@pytest.fixture
def scenario(db, event, make_delegate):
    admitted, admitted_then_revoked, revoked, waiting = (make_delegate() for _ in range(4))
    for delegate in (admitted, admitted_then_revoked):
        db.add(
            CheckIn(event_id=event.id, delegate_id=delegate.id, checked_in_at=ARRIVAL, gate="Pintu")
        )
    admitted_then_revoked.revoked_at = revoked.revoked_at = LATER
    db.commit()
    assert waiting.revoked_at is None


def _sums(pairs) -> tuple[int, int]:
    pairs = list(pairs)
    return sum(i for i, _ in pairs), sum(a for _, a in pairs)


def _status(db, event) -> tuple[int, int]:
    counts = sending.status_counts(db, event)
    return counts.active, counts.by_status[events.STATUS_ARRIVED]


#: Each domain count of the event, as (invited, arrived).
COUNTS: dict[str, Callable] = {
    "invited_and_arrived": lambda db, ev: tuple(invited_and_arrived(db, ev)[0]),
    "compute_stats": lambda db, ev: (
        compute_stats(db, ev)["invited"],
        compute_stats(db, ev)["checked_in"],
    ),
    "level_summary": lambda db, ev: _sums((c.invited, c.checked_in) for c in level_summary(db, ev)),
    "invitation_counts": lambda db, ev: (
        invitations.invitation_counts(db, ev).invited,
        invitations.invitation_counts(db, ev).checked_in,
    ),
    "invitation_counts_by_region": lambda db, ev: _sums(
        (c.invited, c.checked_in) for _, c in invitations.invitation_counts_by_region(db, ev)
    ),
    "expected_total": lambda db, ev: (
        invitations.expected_total(db, ev).invited,
        invitations.expected_total(db, ev).arrived,
    ),
    "expected_by_region": lambda db, ev: _sums(
        (c.invited, c.arrived) for _, c in invitations.expected_by_region(db, ev)
    ),
    "status_counts": _status,
    "region_summary": lambda db, ev: _sums(
        (line.invited, line.arrived) for line in reports.region_summary(db, ev)
    ),
    "ormas_summary": lambda db, ev: _sums(
        (line.invited, line.arrived) for line in reports.ormas_summary(db, ev)
    ),
    "attendance_rows": lambda db, ev: (
        len(reports.attendance_rows(db, ev)),
        sum(r.arrived_at is not None for r in reports.attendance_rows(db, ev)),
    ),
}


@pytest.mark.parametrize("name", COUNTS)
def test_count_leaves_out_only_the_revoked_unused_invitation(db, event, scenario, name):
    assert COUNTS[name](db, event) == (3, 2)


def test_invitation_counts_still_tell_every_revoked_invitation(db, event, scenario):
    assert invitations.invitation_counts(db, event).revoked == 2
