"""Every export of personal data (phone numbers, invitation links) leaves an audit entry
naming who, what and when: on the web and from the command line."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from checkin.models import AuditLog

SLUG = "rakor-ormas-2024"


def _entries(db) -> list[AuditLog]:
    db.expire_all()
    rows = list(db.scalars(select(AuditLog).order_by(AuditLog.id)))
    db.commit()
    return rows


@pytest.mark.parametrize(
    ("method", "path", "role", "action"),
    [
        ("get", "/e/{slug}/admin/reports/attendance.xlsx", "admin", "export_attendance"),
        ("get", "/e/{slug}/admin/reports/attendance.csv", "admin", "export_attendance"),
        ("get", "/e/{slug}/admin/reports/attendance.pdf", "admin", "export_attendance"),
        ("get", "/e/{slug}/admin/reports/no-shows", "admin", "view_no_shows"),
        ("post", "/e/{slug}/admin/invitations/export.csv", "admin", "export_invitations"),
        (
            "post",
            "/e/{slug}/admin/invitations/regions/{region}/bundle.zip",
            "admin",
            "export_region_bundle",
        ),
        ("post", "/e/{slug}/liaison/links.csv", "liaison", "export_region_links"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith("/") else None,
)
def test_web_export_of_personal_data_is_audit_logged(
    client, login, db, event, make_delegate, method, path, role, action
):
    region = event.regions[1]
    make_delegate(name="Hj. Nurul Aini", phone="+6281234567890", region=region)
    fields = {"region_id": region.id} if role == "liaison" else {}
    user = login(role, **fields)
    url = path.format(slug=SLUG, region=region.id)
    user_id, username, event_id = user.id, user.username, event.id
    before = len(_entries(db))
    response = getattr(client, method)(url)
    assert response.status_code == 200, response.status_code
    new = _entries(db)[before:]
    assert [e.action for e in new] == [action]
    assert (new[0].user_id, new[0].actor, new[0].event_id) == (user_id, username, event_id)


@pytest.mark.parametrize(
    ("args", "action"),
    [
        (["export-invitations", "--event", SLUG, "-o", "{out}"], "export_invitations"),
        (
            ["export-attendance", "--event", SLUG, "--format", "csv", "-o", "{out}"],
            "export_attendance",
        ),
    ],
    ids=["export-invitations", "export-attendance"],
)
def test_cli_export_of_personal_data_is_audit_logged(
    runner, db, event, make_delegate, tmp_path, args, action
):
    make_delegate(phone="+6281234567890")
    out = str(tmp_path / "out.csv")
    result = runner.invoke(args=[a.format(out=out) for a in args])
    assert result.exit_code == 0, result.output
    entries = _entries(db)
    assert [e.action for e in entries] == [action]
    assert entries[0].actor == "cli" and entries[0].user_id is None
