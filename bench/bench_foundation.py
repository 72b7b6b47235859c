"""Benchmark of the foundation: delegate import, invitation cards and delegate search.

    .venv/bin/python bench/bench_foundation.py [--rows 100000] [--seed 2024] [--profile STEP]

Generates the office's delegate list (checkin.demo.generate_rows) for 750 and for --rows
delegates, saves it as XLSX and CSV, then runs each step in its own process (so each peak RSS
is that step's own) against a fresh SQLite file built with the migrations:

- import: checkin.importing.import_delegates + commit, from XLSX and from CSV;
- cards: checkin.cards.cards_pdf for all 750 delegates (with the query that loads them);
- search: checkin.delegates.search_delegates over ~200 varied queries at --rows delegates,
  one session per query as in a request.

--profile STEP (e.g. import-xlsx-100000, cards-750, search-100000) prints that step's
cProfile top functions as well.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASE_URL = "https://checkin.example.id"
SEARCH_QUERIES = 200
#: name -> target in seconds (search: p95 in seconds).
TARGETS = {
    "import-xlsx-750": 2.0,
    "import-xlsx-big": 60.0,
    "import-csv-big": 60.0,
    "cards-750": 10.0,
    "search-big-p95": 0.050,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="the large list's size")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--profile", help="print cProfile output for this step")
    parser.add_argument(
        "--workdir", type=Path, help="keep the generated files and databases here (reused)"
    )
    parser.add_argument("--step", help=argparse.SUPPRESS)  # internal: run one step
    args = parser.parse_args()
    if args.step:
        print(json.dumps(run_step(json.loads(args.step))))
        return
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        run_all(args.workdir, args.rows, args.seed, args.profile)
        return
    with tempfile.TemporaryDirectory(prefix="checkin-bench-") as tmp:
        run_all(Path(tmp), args.rows, args.seed, args.profile)


# --- the parent: files, steps, table ------------------------------------------------------


def run_all(work: Path, big: int, seed: int, profile: str | None) -> None:
    results: list[tuple[str, str, dict[str, Any]]] = []
    for n in (750, big):
        _write_lists(work, n, seed)
        for kind in ("xlsx", "csv"):
            name = f"import-{kind}-{n}"
            db = work / f"{kind}-{n}.sqlite"
            step = {"do": "import", "file": str(work / f"list-{n}.{kind}"), "db": str(db)}
            results.append((name, _target_key(name, n, big), _spawn(step, name, profile)))
        if n == 750:
            name = "cards-750"
            step = {"do": "cards", "db": str(work / "xlsx-750.sqlite")}
            results.append((name, name, _spawn(step, name, profile)))
        if n == big:
            name = f"search-{n}"
            step = {"do": "search", "db": str(work / f"csv-{n}.sqlite"), "seed": seed}
            results.append((name, "search-big-p95", _spawn(step, name, profile)))
    _print_table(results)


def _write_lists(work: Path, n: int, seed: int) -> None:
    """The generated list as XLSX and CSV (kept from an earlier run with the same seed)."""
    from checkin.demo import generate_rows, write_csv, write_xlsx

    xlsx, csv_path = work / f"list-{n}.xlsx", work / f"list-{n}.csv"
    stamp = work / f"list-{n}.seed"
    if xlsx.exists() and csv_path.exists() and stamp.exists() and stamp.read_text() == str(seed):
        return
    started = time.perf_counter()
    rows = generate_rows(n, seed)
    write_xlsx(rows, xlsx)
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        write_csv(rows, fh)
    stamp.write_text(str(seed))
    print(f"generated {n} rows as XLSX and CSV in {time.perf_counter() - started:.1f} s")


def _target_key(name: str, n: int, big: int) -> str:
    if n == 750:
        return name
    return name.replace(str(big), "big")


def _spawn(step: dict[str, Any], name: str, profile: str | None) -> dict[str, Any]:
    step["profile"] = profile == name
    print(f"running {name} ...", flush=True)
    proc = subprocess.run(
        [sys.executable, __file__, "--step", json.dumps(step)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"step {name} failed")
    lines = proc.stdout.strip().splitlines()
    if step["profile"]:
        print("\n".join(lines[:-1]))
    return json.loads(lines[-1])


def _print_table(results: list[tuple[str, str, dict[str, Any]]]) -> None:
    print()
    print(f"{'step':<20} {'wall clock':>26} {'CPU':>24} {'target':>11} {'peak RSS':>9}  ok")
    print("-" * 100)
    for name, target_key, r in results:
        target = TARGETS.get(target_key)
        if r["kind"] == "search":
            wall = f"p50 {r['p50'] * 1000:.1f} ms p95 {r['p95'] * 1000:.1f} ms"
            cpu = f"p50 {r['cpu_p50'] * 1000:.1f} ms p95 {r['cpu_p95'] * 1000:.1f} ms"
            value = r["p95"]
            goal = f"p95<{target * 1000:.0f} ms" if target else ""
        else:
            wall, cpu = f"{r['seconds']:.2f} s", f"{r['cpu']:.2f} s"
            value = r["seconds"]
            goal = f"<{target:.0f} s" if target else ""
        ok = "" if target is None else ("yes" if value < target else "NO")
        print(f"{name:<20} {wall:>26} {cpu:>24} {goal:>11} {r['rss_mib']:>5.0f} MiB  {ok}")
        if r.get("detail"):
            print(f"{'':<20} {r['detail']}")
    print()
    print("One process per step; peak RSS is that process's maximum resident set size.")
    print("'ok' compares wall-clock time; CPU time is less disturbed by other load.")
    print(f"Load average at the end: {' '.join(f'{x:.2f}' for x in _loadavg())} ({_cpus()} CPUs)")


def _loadavg() -> tuple[float, float, float]:
    import os

    return os.getloadavg()


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


# --- the children: one step each ---------------------------------------------------------


def run_step(step: dict[str, Any]) -> dict[str, Any]:
    app = _app(step["db"], fresh=step["do"] == "import")
    with app.app_context():
        profiler = cProfile.Profile() if step.get("profile") else None
        if step["do"] == "import":
            result = _import(app, step, profiler)
        elif step["do"] == "cards":
            result = _cards(app, profiler)
        else:
            result = _search(app, step, profiler)
    if profiler is not None:
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(20)
    result["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _app(db_path: str, *, fresh: bool):
    """A bare Flask app with the database and translations: domain code needs no views."""
    from flask import Flask

    from checkin import db
    from checkin.config import DEFAULTS
    from checkin.extensions import babel
    from checkin.migrate import upgrade

    url = f"sqlite:///{db_path}"
    if fresh:
        Path(db_path).unlink(missing_ok=True)
        upgrade(url)
    app = Flask("checkin")
    app.config.from_mapping(DEFAULTS)
    app.config.update(DATABASE_URL=url, SECRET_KEY="bench", PUBLIC_URL=BASE_URL)
    db.init_app(app)
    babel.init_app(app)
    return app


def _timed(profiler: cProfile.Profile | None, fn, *args, **kwargs) -> tuple[Any, float, float]:
    """Call fn; return its value, the wall-clock seconds and this process's CPU seconds."""
    started, cpu_started = time.perf_counter(), time.process_time()
    if profiler is not None:
        profiler.enable()
    try:
        value = fn(*args, **kwargs)
    finally:
        if profiler is not None:
            profiler.disable()
    return value, time.perf_counter() - started, time.process_time() - cpu_started


def _import(app, step: dict[str, Any], profiler) -> dict[str, Any]:
    from checkin.db import session_scope
    from checkin.demo import DEMO_EVENT, DEMO_SLUG
    from checkin.events import create_event
    from checkin.importing import import_delegates

    with session_scope(app) as db:
        create_event(db, DEMO_SLUG, **DEMO_EVENT)
    data = Path(step["file"]).read_bytes()

    def do() -> Any:
        with session_scope(app) as db:
            from checkin.events import get_event

            return import_delegates(db, get_event(db, DEMO_SLUG), data, Path(step["file"]).name)

    report, seconds, cpu = _timed(profiler, do)
    return {
        "kind": "import",
        "seconds": seconds,
        "cpu": cpu,
        "detail": f"{report.added} added, {len(data) / 1024:.0f} KiB file",
    }


def _cards(app, profiler) -> dict[str, Any]:
    from checkin.db import session_scope
    from checkin.demo import DEMO_SLUG
    from checkin.events import get_event
    from checkin.invitations import card_delegates, cards_pdf

    def do() -> tuple[int, bytes]:
        with session_scope(app, write=False) as db:
            event = get_event(db, DEMO_SLUG)
            delegates = card_delegates(db, event)
            return len(delegates), cards_pdf(event, delegates, BASE_URL)

    (count, pdf), seconds, cpu = _timed(profiler, do)
    return {
        "kind": "cards",
        "seconds": seconds,
        "cpu": cpu,
        "detail": f"{count} cards, {len(pdf) / 1024:.0f} KiB PDF",
    }


def _search(app, step: dict[str, Any], profiler) -> dict[str, Any]:
    from checkin.db import session_scope
    from checkin.demo import DEMO_SLUG
    from checkin.events import get_event, search_delegates

    with session_scope(app, write=False) as db:
        event = get_event(db, DEMO_SLUG)
        queries = search_queries(db, event, step["seed"])
    timings: list[float] = []
    cpu_timings: list[float] = []
    totals: list[int] = []
    for query in queries:

        def do(query: dict[str, Any] = query) -> int:
            with session_scope(app, write=False) as db:
                # The organisers' search: phone queries match the phone digits too.
                return search_delegates(db, event, match_phone=True, **query).total

        total, seconds, cpu = _timed(profiler, do)
        timings.append(seconds)
        cpu_timings.append(cpu)
        totals.append(total)
    slowest = sorted(range(len(queries)), key=lambda i: cpu_timings[i], reverse=True)[:3]
    ranked, cpu_ranked = sorted(timings), sorted(cpu_timings)
    return {
        "kind": "search",
        "p50": statistics.median(ranked),
        "p95": _p95(ranked),
        "cpu_p50": statistics.median(cpu_ranked),
        "cpu_p95": _p95(cpu_ranked),
        "max": ranked[-1],
        "detail": (
            f"{len(queries)} queries, {sum(1 for t in totals if t == 0)} with no hit; "
            "slowest (CPU): "
            + "; ".join(f"{queries[i]} {cpu_timings[i] * 1000:.0f} ms" for i in slowest)
        ),
    }


def _p95(ranked: list[float]) -> float:
    return ranked[max(0, round(len(ranked) * 0.95) - 1)]


def search_queries(db, event, seed: int) -> list[dict[str, Any]]:
    """About 200 queries as organisers type them: names, ormas, regions, phones, filters."""
    from sqlalchemy import func, select

    from checkin.models import Delegate

    rng = random.Random(seed)
    sample = db.execute(
        select(Delegate.name, Delegate.ormas, Delegate.phone)
        .where(Delegate.event_id == event.id)
        .order_by(func.random())
        .limit(400)
    ).all()
    words = [
        w.strip(",.") for n, _o, _p in sample for w in n.split() if len(w) > 3 and "." not in w
    ]
    ormas_words = [w for _n, o, _p in sample for w in o.split() if len(w) > 3]
    phones = [p for _n, _o, p in sample if p]
    regions = [r.id for r in event.regions]
    queries: list[dict[str, Any]] = []
    for _ in range(40):
        queries.append({"q": rng.choice(words)})
    for name, _o, _p in rng.sample(sample, 30):
        queries.append({"q": " ".join(w for w in name.split(",")[0].split() if "." not in w)})
    for _ in range(25):
        queries.append({"q": rng.choice(ormas_words)})
    for _n, ormas, _p in rng.sample(sample, 15):
        queries.append({"q": ormas.lower()})
    for text in ("samarinda", "kutai", "bontang", "mahakam ulu", "ppu", "balikpapan", "berau"):
        queries.append({"q": text})
    for phone in rng.sample(phones, 20):
        digits = phone.lstrip("+")
        queries.append({"q": rng.choice((phone, "0" + digits[2:], digits[-6:]))})
    for _ in range(15):
        queries.append({"q": rng.choice(words), "region_id": rng.choice(regions)})
    for status in ("hadir", "belum_hadir", "dicabut") * 4:
        queries.append({"q": rng.choice(("", rng.choice(words))), "status": status})
    for text in ("zzqx", "tidak ada orang ini", "08999999999999", "xylofon", "qwerty"):
        queries.append({"q": text})
    for page in (1, 2, 10, 100, 500, 1000, 2000):
        queries.append({"q": "", "page": page})
    for _ in range(SEARCH_QUERIES - len(queries)):
        queries.append({"q": rng.choice(words)[:3]})
    return queries


if __name__ == "__main__":
    main()
