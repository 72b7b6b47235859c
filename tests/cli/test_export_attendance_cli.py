"""CLI: export-attendance writes each format and logs the export with actor "cli"."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from checkin import audit
from checkin.models import AuditLog, CheckIn

SLUG = "rakor-ormas-2024"


@pytest.fixture
def people(db, event, make_delegate):
    ani = make_delegate(name="Ani Suryani", ormas="KNPI", region=event.regions[0])
    make_delegate(name='=HYPERLINK("x")', ormas="Ansor", phone="+6281311112222")
    db.add(
        CheckIn(
            event_id=event.id,
            delegate_id=ani.id,
            checked_in_at=datetime(2024, 10, 15, 0, 5, tzinfo=UTC),
            gate="Pintu Samping",
        )
    )
    db.commit()


def export(runner, fmt, path):
    return runner.invoke(
        args=["export-attendance", "--event", SLUG, "--format", fmt, "-o", str(path)]
    )


def test_export_attendance_xlsx(runner, event, people, tmp_path):
    path = tmp_path / "hadir.xlsx"
    result = export(runner, "xlsx", path)
    assert result.exit_code == 0, result.output
    assert "2 delegates" in result.output
    wb = load_workbook(path)
    ws = wb["Daftar Hadir"]
    assert (ws["B2"].value, ws["G2"].value, ws["H2"].value) == (
        "Ani Suryani", datetime(2024, 10, 15, 8, 5), "Pintu Samping",
    )  # fmt: skip
    assert (ws["B3"].value, ws["B3"].data_type) == ('=HYPERLINK("x")', "s")
    assert wb["Belum Hadir"]["F2"].value == "+6281311112222"


def test_export_attendance_csv(runner, event, people, tmp_path):
    path = tmp_path / "hadir.csv"
    assert export(runner, "csv", path).exit_code == 0
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["No", "Nama", "Jabatan"]
    assert rows[1][1] == "Ani Suryani" and rows[1][6] == "15-10-2024 08:05"
    assert rows[2][1] == '\'=HYPERLINK("x")'


def test_export_attendance_pdf(runner, event, people, tmp_path):
    path = tmp_path / "hadir.pdf"
    assert export(runner, "pdf", path).exit_code == 0
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "DAFTAR HADIR" in text and "Ani Suryani" in text and "Mengetahui" in text


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "pdf"])
def test_export_attendance_is_audit_logged_as_cli(runner, db, event, people, tmp_path, fmt):
    assert export(runner, fmt, tmp_path / f"hadir.{fmt}").exit_code == 0
    [entry] = db.scalars(select(AuditLog)).all()
    assert (entry.actor, entry.user_id, entry.event_id) == ("cli", None, event.id)
    assert entry.action == "export_attendance"
    assert audit.entry_fields(entry) == {"format": fmt, "rows": 2}


def test_export_attendance_unknown_event_is_a_clear_error(runner, db, tmp_path):
    path = tmp_path / "hadir.csv"
    result = runner.invoke(
        args=["export-attendance", "--event", "tidak-ada", "--format", "csv", "-o", str(path)]
    )
    assert result.exit_code != 0
    assert "tidak ditemukan" in result.output
    assert not path.exists()
    assert db.scalars(select(AuditLog)).all() == []


def test_export_attendance_refuses_other_formats(runner, event, tmp_path):
    result = export(runner, "docx", tmp_path / "hadir.docx")
    assert result.exit_code == 2
    assert "docx" in result.output
