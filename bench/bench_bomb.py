"""Benchmark of refusing spreadsheet bombs: time and peak memory of each refusal.

    .venv/bin/python bench/bench_bomb.py [--workdir DIR] [--rows 100000]

Builds the hostile files of tests/bombs.py (the XLSX of issue 11: 1 MB zipped, 392 MB
unpacked, 7.8 million empty rows and no <dimension>; more XML than the budget in few rows;
a sheet of the smallest cells up to the budget; CSV files of millions of empty lines or one
endless line) and, for comparison, the office's list of --rows delegates. Each file is then
checked by checkin.importing.preview_import (what the upload page and `checkin
import-delegates --dry-run` do) in its own process against a fresh SQLite database, and the
table shows the answer, wall-clock and CPU time, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SMALLEST_CELL = b"<c/>"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="the office list's size")
    parser.add_argument("--workdir", type=Path, help="keep the generated files here (reused)")
    parser.add_argument("--step", help=argparse.SUPPRESS)  # internal: check one file
    args = parser.parse_args()
    if args.step:
        print(json.dumps(check_file(json.loads(args.step))))
        return
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        run_all(args.workdir, args.rows)
    else:
        with tempfile.TemporaryDirectory() as work:
            run_all(Path(work), args.rows)


def run_all(work: Path, rows: int) -> None:
    files = build_files(work, rows)
    print(f"{'file':<22} {'zipped':>8} {'wall s':>7} {'cpu s':>6} {'peak':>9}  answer")
    for name, path in files.items():
        result = _spawn({"file": str(path), "db": str(work / f"{name}.sqlite")})
        size = f"{path.stat().st_size / 1024 / 1024:.1f} MB"
        peak = f"{result['rss_kib'] / 1024:.0f} MiB"
        print(
            f"{name:<22} {size:>8} {result['wall']:>7.2f} {result['cpu']:>6.2f} {peak:>9}  "
            f"{result['answer'][:90]}"
        )
    print()
    print("One process per file; the peak includes the app itself (about 90 MiB here).")
    print(f"Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def build_files(work: Path, rows: int) -> dict[str, Path]:
    """The hostile files and the office's list, built once in work."""
    from checkin.importing.limits import MAX_ROWS, MAX_UNPACKED_BYTES
    from tests.bombs import (
        HEADER_ROW,
        csv_long_line,
        csv_row_bomb,
        padded_sheet,
        row_bomb,
        xlsx_with_sheet,
    )

    def once(name: str, build) -> Path:
        path = work / name
        if not path.exists():
            build(path)
        return path

    cells_per_row = MAX_UNPACKED_BYTES // MAX_ROWS // len(SMALLEST_CELL) + 1
    namespace = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    return {
        "xlsx-row-bomb": once("row-bomb.xlsx", row_bomb),
        "xlsx-padded": once("padded.xlsx", lambda p: padded_sheet(p, MAX_UNPACKED_BYTES + 1)),
        "xlsx-smallest-cells": once(
            "cells.xlsx",
            lambda p: xlsx_with_sheet(
                p,
                b"<worksheet " + namespace + b"><sheetData>" + HEADER_ROW.encode(),
                b"<row>" + SMALLEST_CELL * cells_per_row + b"</row>",
                MAX_ROWS,
                b"</sheetData></worksheet>",
            ),
        ),
        "csv-row-bomb": once("row-bomb.csv", csv_row_bomb),
        "csv-long-line": once("long-line.csv", csv_long_line),
        f"xlsx-office-{rows}": once(f"office-{rows}.xlsx", lambda p: _office_list(p, rows)),
    }


def _office_list(path: Path, rows: int) -> None:
    from checkin.demo import generate_rows, write_xlsx

    write_xlsx(generate_rows(rows), path)


def _spawn(step: dict[str, Any]) -> dict[str, Any]:
    command = [sys.executable, __file__, "--step", json.dumps(step)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    out, _err = child.communicate()
    return json.loads(out.strip().splitlines()[-1])


# --- the child: one file ------------------------------------------------------------------


def check_file(step: dict[str, Any]) -> dict[str, Any]:
    """preview_import of one file in a fresh database; the answer and what it cost."""
    from checkin import create_app
    from checkin.db import database
    from checkin.errors import ImportInvalid
    from checkin.events import create_event
    from checkin.importing import preview_import
    from checkin.migrate import upgrade

    url = f"sqlite:///{step['db']}"
    Path(step["db"]).unlink(missing_ok=True)
    upgrade(url)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "bench"})
    path = Path(step["file"])
    with app.app_context(), app.test_request_context():
        db = database(app).writer()
        event = create_event(db, "bench", name="Bench")
        db.commit()
        data = path.read_bytes()
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            report = preview_import(db, event, data, path.name)
            answer = f"accepted: {report.rows} rows"
        except ImportInvalid as exc:
            answer = "refused: " + (exc.details[0] if exc.details else exc.message)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"answer": answer, "wall": wall, "cpu": cpu, "rss_kib": rss}


if __name__ == "__main__":
    main()
