"""CLI: export-invitations and revoke-invitation."""

from __future__ import annotations

import csv

from sqlalchemy import select

from checkin.invitations import invitation_url, new_secret
from checkin.models import AuditLog, Delegate, RevokedSecret

PUBLIC = "https://checkin.example.id"


def test_export_invitations_writes_the_exact_header_and_one_row_each(
    runner, db, event, make_delegate, tmp_path
):
    a = make_delegate(name="Andi", ormas="GP Ansor", phone="+628111")
    b = make_delegate(name="Budi", ormas="KNPI", region=event.regions[0])
    out = tmp_path / "undangan.csv"
    result = runner.invoke(args=["export-invitations", "--event", event.slug, "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "name,ormas,region,level,phone,invitation_url"
    rows = list(csv.DictReader(lines))
    assert [r["name"] for r in rows] == ["Budi", "Andi"]  # region order: province first
    assert rows[0] == {
        "name": "Budi",
        "ormas": "KNPI",
        "region": "Provinsi Kalimantan Timur",
        "level": "provinsi",
        "phone": "",
        "invitation_url": f"{PUBLIC}/i/{b.secret}",
    }
    assert rows[1]["phone"] == "+628111"
    assert rows[1]["invitation_url"] == invitation_url(PUBLIC, a.secret)
    assert db.scalar(select(AuditLog.actor).where(AuditLog.action == "export_invitations")) == (
        "cli"
    )


def test_export_invitations_without_public_url_says_how_to_set_it(
    app, runner, event, make_delegate, tmp_path
):
    make_delegate()
    app.config["PUBLIC_URL"] = ""
    out = tmp_path / "undangan.csv"
    result = runner.invoke(args=["export-invitations", "--event", event.slug, "-o", str(out)])
    assert result.exit_code != 0
    assert "CHECKIN_PUBLIC_URL" in result.output and "--base-url" in result.output
    assert not out.exists()
    result = runner.invoke(
        args=[
            "export-invitations",
            "--event",
            event.slug,
            "-o",
            str(out),
            "--base-url",
            "https://undangan.example.id/",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "https://undangan.example.id/i/" in out.read_text()


def test_export_invitations_unknown_event_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(
        args=["export-invitations", "--event", "tidak-ada", "-o", str(tmp_path / "x.csv")]
    )
    assert result.exit_code != 0
    assert "tidak ditemukan" in result.output


def test_revoke_invitation_by_url_revokes(runner, db, event, make_delegate):
    person = make_delegate()
    result = runner.invoke(
        args=["revoke-invitation", "--event", event.slug, invitation_url(PUBLIC, person.secret)]
    )
    assert result.exit_code == 0, result.output
    db.expire_all()
    fresh = db.get(Delegate, person.id)
    assert fresh.revoked_at is not None and fresh.secret == person.secret


def test_revoke_invitation_reissue_prints_the_new_url_last(runner, db, event, make_delegate):
    person = make_delegate()
    old = person.secret
    result = runner.invoke(args=["revoke-invitation", "--event", event.slug, old, "--reissue"])
    assert result.exit_code == 0, result.output
    db.expire_all()
    fresh = db.get(Delegate, person.id)
    assert fresh.secret != old and fresh.revoked_at is None
    assert result.output.strip().splitlines()[-1] == f"{PUBLIC}/i/{fresh.secret}"
    # The old code now answers "revoked".
    assert db.scalar(select(RevokedSecret.delegate_id).where(RevokedSecret.secret == old)) == (
        person.id
    )
    slug = event.slug
    db.rollback()  # end the test's write transaction before the command writes
    again = runner.invoke(args=["revoke-invitation", "--event", slug, old])
    assert again.exit_code != 0 and "sudah dicabut" in again.output


def test_revoke_invitation_unknown_code_is_a_clear_error(runner, event, make_delegate):
    make_delegate()
    result = runner.invoke(args=["revoke-invitation", "--event", event.slug, new_secret()])
    assert result.exit_code != 0
    assert "tidak dikenal" in result.output


def test_revoke_invitation_refuses_a_url_with_more_after_the_secret(
    runner, db, event, make_delegate
):
    person = make_delegate()
    code = invitation_url(PUBLIC, person.secret) + "/extra"
    result = runner.invoke(args=["revoke-invitation", "--event", event.slug, code])
    assert result.exit_code != 0
    assert "tidak dikenal" in result.output
    db.rollback()
    assert db.get(Delegate, person.id).revoked_at is None


def test_export_invitations_uses_the_events_public_address(
    app, runner, db, event, make_delegate, tmp_path
):
    person = make_delegate()
    event.public_url = "https://undangan.kaltim.example"
    db.commit()
    app.config["PUBLIC_URL"] = ""
    out = tmp_path / "undangan.csv"
    result = runner.invoke(args=["export-invitations", "--event", event.slug, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"https://undangan.kaltim.example/i/{person.secret}" in out.read_text()


def test_export_invitations_excel_writes_the_office_form(
    runner, db, event, make_delegate, tmp_path
):
    make_delegate(name="Andi", ormas="GP Ansor", phone="+6281234567890")
    out = tmp_path / "undangan.csv"
    args = ["export-invitations", "--event", event.slug, "-o", str(out), "--excel"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "Wrote 1 invitations" in result.output
    content = out.read_bytes()
    assert content.startswith(b"\xef\xbb\xbfNama;Ormas;Wilayah;Tingkat;Nomor HP;Tautan undangan;")
    (row,) = list(csv.DictReader(content.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert (row["Nama"], row["Tingkat"], row["Nomor HP"]) == (
        "Andi", "Kabupaten/Kota", "0812 3456 7890"
    )  # fmt: skip
