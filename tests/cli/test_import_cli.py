"""`checkin import-delegates FILE --event SLUG`: a summary on success, every problem on failure."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import func, select

from checkin.models import Delegate
from tests.bombs import row_bomb
from tests.conftest import DATA

SLUG = "rakor-ormas-2024"


def count(db) -> int:
    n = db.scalar(select(func.count(Delegate.id)))
    db.rollback()
    return n


def test_import_prints_the_summary(runner, db, event):
    result = runner.invoke(
        args=["import-delegates", str(DATA / "delegates-rakor-750.xlsx"), "--event", SLUG]
    )
    assert result.exit_code == 0, result.output
    assert "added: 750" in result.output
    assert "updated: 0" in result.output and "unchanged: 0" in result.output
    assert count(db) == 750


def test_import_again_reports_unchanged(runner, db, event):
    args = ["import-delegates", str(DATA / "delegates-rakor-750.csv"), "--event", SLUG]
    runner.invoke(args=args)
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "added: 0" in result.output and "unchanged: 750" in result.output
    assert count(db) == 750


def test_import_reports_extra_columns(runner, event, tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("Nama;Ormas;Kota;Catatan\nSiti;Muslimat;Berau;vegetarian\n", encoding="utf-8")
    result = runner.invoke(args=["import-delegates", str(path), "--event", SLUG])
    assert result.exit_code == 0, result.output
    assert "extra columns ignored: Catatan" in result.output


def test_import_bad_file_lists_every_problem_and_imports_nothing(runner, db, event):
    path = DATA / "bad" / "unknown-region.csv"
    result = runner.invoke(args=["import-delegates", str(path), "--event", SLUG])
    assert result.exit_code != 0
    assert "Berkas tidak diimpor karena ada 2 masalah" in result.output
    assert "Baris 6 (Hj. Muhammad Daeng Matta), kolom Kabupaten/Kota" in result.output
    assert "Baris 11 (H. Yuliani Hidayat, S.Sos., M.AP.), kolom Kabupaten/Kota" in result.output
    assert "Traceback" not in result.output
    assert count(db) == 0


def test_import_not_a_spreadsheet_is_a_clear_error(runner, db, event):
    path = DATA / "bad" / "not-a-spreadsheet.xlsx"
    result = runner.invoke(args=["import-delegates", str(path), "--event", SLUG])
    assert result.exit_code != 0
    assert "tidak dapat dibuka sebagai berkas Excel" in result.output


def test_import_unknown_event_is_a_clear_error(runner, db):
    path = DATA / "delegates-rakor-750.csv"
    result = runner.invoke(args=["import-delegates", str(path), "--event", "tidak-ada"])
    assert result.exit_code != 0
    assert "tidak-ada tidak ditemukan" in result.output


def test_import_dry_run_saves_nothing(runner, db, event):
    path = DATA / "delegates-rakor-750.csv"
    result = runner.invoke(args=["import-delegates", str(path), "--event", SLUG, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "added: 750" in result.output and "nothing was saved" in result.output
    assert count(db) == 0


#: The CLI, reporting at exit its own peak resident memory (VmHWM). Not ru_maxrss from wait4:
#: Linux carries the pre-exec peak into it, i.e. the size of the pytest process that spawned
#: the child, which late in a full run is larger than the limit checked here.
PEAK_REPORTING_CLI = """
import atexit, sys

def _peak():
    with open("/proc/self/status") as status:
        kib = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    sys.stdout.write(f"PEAK_KIB={kib}\\n")
    sys.stdout.flush()

atexit.register(_peak)
from checkin.cli import main
main()
"""


def test_import_spreadsheet_bomb_is_refused_with_little_memory(db, event, app_config, tmp_path):
    """The bomb of issue 11 (7.8 million rows) through a real `checkin import-delegates`:
    refused at the row limit, the process peaking far below the 900 MB it once took."""
    bomb = row_bomb(tmp_path / "bom.xlsx")
    peak_file = tmp_path / "peak-kib"
    env = {
        **os.environ,
        "CHECKIN_DATABASE_URL": app_config["DATABASE_URL"],
        "CHECKIN_SECRET_KEY": "test-secret-key",
        "PEAK_FILE": str(peak_file),
    }
    command = [sys.executable, "-c", PEAK_REPORTING_CLI]
    output = tmp_path / "output.txt"
    with output.open("w") as sink:
        child = subprocess.Popen(
            [*command, "import-delegates", str(bomb), "--event", SLUG],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        child.wait()
    text = output.read_text()
    peak_kib = int(text.rsplit("PEAK_KIB=", 1)[1].split()[0])
    assert child.returncode != 0, text
    assert "berisi lebih dari 200000 baris (baris kosong ikut dihitung)" in text
    assert "Traceback" not in text
    # "Well under 300 MB" (issue 11); the app alone is about 100 MB, a fresh venv a little more.
    assert peak_kib < 250 * 1024, f"peak {peak_kib // 1024} MB"
    assert count(db) == 0
