"""Scan benchmark through nginx: two `checkin serve` processes on one PostgreSQL.

    .venv/bin/python bench/bench_proxy.py [--postgres URL] [--rate 100] [--duration 20]

The deployment of docs/deploy/nginx.conf (without TLS), on 127.0.0.1:
1. Creates a scratch database on the PostgreSQL server of --postgres (default
   $CHECKIN_TEST_POSTGRES_URL) and seeds the 750-delegate event (dropped at the end).
2. Starts --processes `checkin serve` processes and nginx in front of them (round robin), and
   opens --screens live screens (Server-Sent Events) through the proxy.
3. Fixed rate through the proxy: door clients send --rate scans/s for --duration seconds,
   open loop, the same code mix as bench_scan.py; then a short ramp of rising rates.
Prints throughput, p50/p95/p99 latency, how nginx spread the scans over the processes, and
whether live screens kept receiving updates.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

from bench_scan import SLUG, TARGET_P99_MS, Phase, Screens, code_mix, run_phase
from common import checkin_server, cpu_seconds, process_tree, seed_database
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.servers import nginx_proxy, upstream_log

#: run_phase measures the CPU of one process tree; here it is measured across all of them.
NO_PID = -1


def scratch_database(server_url: str, name: str) -> str:
    """Create an empty database on this server; return its URL."""
    admin = create_engine(
        make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    admin = create_engine(
        make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def report(title: str, phase: Phase) -> None:
    print(title)
    print(
        f"  offered {phase.offered:.0f}/s, achieved {phase.achieved:.1f} scans/s "
        f"({phase.done} scans in {phase.seconds:.1f} s, {phase.errors} errors)"
    )
    print(
        f"  latency p50 {phase.p(50):.1f} ms, p95 {phase.p(95):.1f} ms, "
        f"p99 {phase.p(99):.1f} ms, max {phase.p(100):.1f} ms"
    )
    print(f"  verdicts {dict(phase.verdicts)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("CHECKIN_TEST_POSTGRES_URL"))
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16, help="concurrent door clients")
    parser.add_argument("--processes", type=int, default=2, help="app processes behind nginx")
    parser.add_argument("--threads", type=int, default=64, help="threads per app process")
    parser.add_argument("--screens", type=int, default=50, help="live screens through nginx")
    parser.add_argument("--ramp", default="200,300,400,500")
    parser.add_argument("--step", type=float, default=5.0, help="seconds per ramp step")
    parser.add_argument(
        "--direct", action="store_true", help="first, the same load on one process, no proxy"
    )
    args = parser.parse_args()
    if not args.postgres:
        parser.error("give --postgres URL (or set CHECKIN_TEST_POSTGRES_URL)")
    rng = random.Random(2024)
    ramp = [float(r) for r in args.ramp.split(",") if r]
    name = f"checkin_bench_proxy_{os.getpid()}"
    url = scratch_database(args.postgres, name)
    try:
        print(f"Seeding database {name} (750 delegates)...")
        secrets, token = seed_database(url, {SLUG: 750})
        viewer_token = secrets["__viewer_token__"][0]
        env = {"CHECKIN_DATABASE_URL": url, "CHECKIN_SECRET_KEY": "bench-proxy-secret"}
        with tempfile.TemporaryDirectory(prefix="checkin-proxy-") as tmp, ExitStack() as stack:
            servers = [
                stack.enter_context(checkin_server(env, "--threads", str(args.threads)))
                for _ in range(args.processes)
            ]
            apps = [base for base, _proc in servers]
            folder = Path(tmp) / "nginx"
            proxy = stack.enter_context(nginx_proxy(apps, folder))
            print(f"nginx at {proxy} -> {', '.join(apps)}")
            screens = stack.enter_context(Screens(proxy, SLUG, viewer_token, args.screens))
            time.sleep(1.0)
            print(f"Live screens: {screens.open_count()} SSE connections open through nginx.")
            if args.direct:
                codes = code_mix(secrets[SLUG], int(args.rate * args.duration), rng)
                direct = run_phase(apps[0], SLUG, token, codes, args.rate, args.clients, NO_PID)
                report(f"Baseline: one process, no proxy, {args.duration:.0f} s:", direct)
            codes = code_mix(secrets[SLUG], int(args.rate * args.duration), rng)
            pids = [pid for _base, proc in servers for pid in process_tree(proc.pid)]
            cpu_before = cpu_seconds(pids)
            fixed = run_phase(proxy, SLUG, token, codes, args.rate, args.clients, NO_PID)
            report(f"Fixed rate through nginx, {args.duration:.0f} s:", fixed)
            cpu = cpu_seconds(pids) - cpu_before
            print(f"  app CPU {cpu / max(fixed.done, 1) * 1000:.2f} ms per scan, all processes")
            events_before = screens.events
            for rate in ramp:
                step_codes = code_mix(secrets[SLUG], int(rate * args.step), rng)
                clients = max(args.clients, int(rate / 10))
                step = run_phase(proxy, SLUG, token, step_codes, rate, clients, NO_PID)
                print(
                    f"  ramp {rate:5.0f}/s -> {step.achieved:6.1f}/s, p50 {step.p(50):6.1f} ms, "
                    f"p95 {step.p(95):6.1f} ms, p99 {step.p(99):7.1f} ms, errors {step.errors}"
                )
                if step.achieved < 0.9 * rate or step.errors:
                    break
            spread = Counter(u for m, _p, _s, u in upstream_log(folder) if m == "POST")
            print(f"Scans per app process: {dict(spread)}")
            print(
                f"Live screens still open: {screens.open_count()}; {screens.events} stats "
                f"events received ({screens.events - events_before} during the ramp)."
            )
    finally:
        drop_database(args.postgres, name)
    ok = fixed.p(99) <= TARGET_P99_MS and fixed.achieved >= 0.95 * args.rate
    print(
        f"Target p99 <= {TARGET_P99_MS:.0f} ms at {args.rate:.0f}/s through the proxy: "
        f"{'OK' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
