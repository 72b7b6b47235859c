"""Scan benchmark: door clients against `checkin serve` on loopback, SQLite file database.

    .venv/bin/python bench/bench_scan.py [--rate 100] [--duration 20] [--screens 200]

1. Seeds a temporary SQLite file with the 750-delegate event (and a bigger one for the ramp).
2. Starts `checkin serve` on 127.0.0.1 and, when the live stream exists, opens --screens
   Server-Sent-Events connections as live screens would.
3. Fixed rate: --clients door clients send --rate scans/s for --duration seconds, open loop
   (latency counts from the scheduled send time, so a slow server cannot hide its queue):
   first-time, repeated and unknown codes mixed, each with a scan_id as the scanner sends.
4. Ramp: rising rates, --step seconds each, until the server no longer keeps up.
Prints throughput, p50/p95/p99, the maximum sustained rate, the server's CPU seconds per scan
(from /proc of gunicorn's master and workers) and the peak memory of the whole server.
Targets: p99 <= 25 ms at 100 scans/s; whole server < 150 MiB RSS.
"""

from __future__ import annotations

import argparse
import json
import random
import selectors
import socket
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    MemorySampler,
    checkin_server,
    cpu_seconds,
    percentile,
    process_tree,
    seed_database,
    send_at_rate,
)

SLUG = "rakor-ormas-2024"
RAMP_SLUG = "bench-ramp"
TARGET_P99_MS = 25.0
TARGET_RSS_MIB = 150.0
GATES = ("Pintu Utama", "Pintu Samping", "Pintu Utara", "Pintu VIP")


@dataclass
class Phase:
    """What one load phase measured."""

    offered: float
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    verdicts: Counter = field(default_factory=Counter)
    errors: int = 0
    cpu: float = 0.0

    @property
    def done(self) -> int:
        return len(self.latencies)

    @property
    def achieved(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        return percentile(self.latencies, q) * 1000


def code_mix(fresh: list[str], count: int, rng: random.Random) -> list[str]:
    """Codes as doors see them: first-time ones, repeats (35%) and unknown text (15%)."""
    fresh = list(fresh)
    rng.shuffle(fresh)
    used: list[str] = []
    codes = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.15:
            codes.append(
                rng.choice(["WIFI:S:hotel;;", "8991234567890", "https://evil.example/i/x"])
            )
        elif (roll < 0.50 and used) or not fresh:
            codes.append(f"https://checkin.example.id/i/{rng.choice(used)}")
        else:
            secret = fresh.pop()
            used.append(secret)
            codes.append(f"https://checkin.example.id/i/{secret}")
    return codes


def run_phase(
    base: str, slug: str, token: str, codes: list[str], rate: float, clients: int, root_pid: int
) -> Phase:
    """Send the codes at a fixed rate from `clients` keep-alive connections."""
    phase = Phase(offered=rate)
    run_id = random.randrange(10**9)

    def body(n: int, i: int) -> str:
        gate = GATES[n % len(GATES)]
        return json.dumps({"code": codes[i], "gate": gate, "scan_id": f"b{run_id}-{i}"})

    cpu_before = cpu_seconds(process_tree(root_pid))
    path = f"/api/events/{slug}/checkins"
    answers, phase.seconds = send_at_rate(base, path, token, len(codes), body, rate, clients)
    phase.cpu = cpu_seconds(process_tree(root_pid)) - cpu_before
    for answer in answers:
        if answer.result is None:
            phase.errors += 1
        else:
            phase.latencies.append(answer.latency)
            phase.verdicts[answer.result] += 1
    return phase


class Screens:
    """Live screens: SSE connections kept open and drained by one thread."""

    def __init__(self, base: str, slug: str, token: str, count: int) -> None:
        self.host, port = base.removeprefix("http://").split(":")
        self.port = int(port)
        self.request = (
            f"GET /api/events/{slug}/stats/stream HTTP/1.1\r\nHost: {self.host}\r\n"
            f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n"
        ).encode()
        self.count = count
        self.sockets: list[socket.socket] = []
        self.bytes = 0
        self.events = 0
        self.selector = selectors.DefaultSelector()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._drain, daemon=True)

    def available(self) -> bool:
        with socket.create_connection((self.host, self.port), timeout=5) as s:
            s.sendall(self.request)
            s.settimeout(5)
            head = s.recv(4096)
        return head.startswith(b"HTTP/1.1 200") and b"text/event-stream" in head

    def __enter__(self) -> Screens:
        for _ in range(self.count):
            s = socket.create_connection((self.host, self.port), timeout=5)
            s.sendall(self.request)
            s.setblocking(False)
            self.selector.register(s, selectors.EVENT_READ)
            self.sockets.append(s)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        for s in self.sockets:
            s.close()

    def open_count(self) -> int:
        return len(self.selector.get_map())

    def _drain(self) -> None:
        while not self.stop.is_set():
            for key, _ in self.selector.select(timeout=0.2):
                try:
                    data = key.fileobj.recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    self.selector.unregister(key.fileobj)
                    continue
                self.bytes += len(data)
                self.events += data.count(b"event: stats")


def report(title: str, phase: Phase) -> None:
    per_scan = phase.cpu / phase.done * 1000 if phase.done else float("nan")
    print(f"{title}")
    print(
        f"  offered {phase.offered:.0f}/s, achieved {phase.achieved:.1f} scans/s "
        f"({phase.done} scans in {phase.seconds:.1f} s, {phase.errors} errors)"
    )
    print(
        f"  latency p50 {phase.p(50):.1f} ms, p95 {phase.p(95):.1f} ms, "
        f"p99 {phase.p(99):.1f} ms, max {phase.p(100):.1f} ms"
    )
    print(f"  server CPU {per_scan:.2f} ms per scan ({phase.cpu:.2f} s in all)")
    print(f"  verdicts {dict(phase.verdicts)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16, help="concurrent door clients")
    parser.add_argument("--screens", type=int, default=200, help="live screens (SSE) open")
    parser.add_argument("--ramp", default="100,200,300,400,500,650,800,1000")
    parser.add_argument("--step", type=float, default=5.0, help="seconds per ramp step")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--threads", type=int)
    args = parser.parse_args()
    rng = random.Random(2024)
    ramp = [float(r) for r in args.ramp.split(",") if r]
    ramp_size = int(sum(ramp) * args.step * 0.6) + 1000

    with tempfile.TemporaryDirectory(prefix="checkin-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        print(f"Seeding {url} (750 delegates + {ramp_size} for the ramp)...")
        secrets, token = seed_database(url, {SLUG: 750, RAMP_SLUG: ramp_size})
        viewer_token = secrets["__viewer_token__"][0]
        server_args = []
        if args.workers:
            server_args += ["--workers", str(args.workers)]
        if args.threads:
            server_args += ["--threads", str(args.threads)]
        env = {"CHECKIN_DATABASE_URL": url, "CHECKIN_SECRET_KEY": "bench-secret"}
        with checkin_server(env, *server_args) as (base, proc):
            pids = process_tree(proc.pid)
            print(
                f"checkin serve {' '.join(server_args) or '(defaults)'} at {base}: "
                f"{len(pids)} processes (master + workers)"
            )
            sampler = MemorySampler(proc.pid)
            sampler.sample()
            idle_rss = sampler.peak_rss
            screens = Screens(base, SLUG, viewer_token, args.screens)
            use_screens = args.screens > 0 and screens.available()
            if not use_screens:
                print("Live screens: stream endpoint not available, running without them.")
                screens.count = 0
            with sampler, screens:
                time.sleep(1.0)
                if use_screens:
                    print(f"Live screens: {screens.open_count()} SSE connections open.")
                codes = code_mix(secrets[SLUG], int(args.rate * args.duration), rng)
                fixed = run_phase(base, SLUG, token, codes, args.rate, args.clients, proc.pid)
                report(f"Fixed rate, {args.duration:.0f} s, {args.clients} door clients:", fixed)
                steps = []
                fresh = list(secrets[RAMP_SLUG])
                for rate in ramp:
                    n = int(rate * args.step)
                    step_codes = code_mix(fresh[: int(n * 0.6) + 1], n, rng)
                    fresh = fresh[int(n * 0.6) + 1 :]
                    clients = max(args.clients, int(rate / 10))
                    step = run_phase(base, RAMP_SLUG, token, step_codes, rate, clients, proc.pid)
                    steps.append(step)
                    print(
                        f"  ramp {rate:6.0f}/s -> {step.achieved:6.1f}/s, p50 {step.p(50):6.1f}"
                        f" ms, p99 {step.p(99):7.1f} ms, errors {step.errors}, "
                        f"CPU {step.cpu / max(step.done, 1) * 1000:.2f} ms/scan"
                    )
                    if step.achieved < 0.9 * rate or step.errors:
                        break
                if use_screens:
                    print(
                        f"Live screens still open: {screens.open_count()}, "
                        f"{screens.events} stats events received."
                    )
            kept_up = [s for s in steps if s.achieved >= 0.95 * s.offered and not s.errors]
            in_target = [s for s in kept_up if s.p(99) <= TARGET_P99_MS]
            print(
                "Maximum sustained rate: "
                f"{max((s.offered for s in kept_up), default=0):.0f} scans/s "
                f"(with p99 <= {TARGET_P99_MS:.0f} ms: "
                f"{max((s.offered for s in in_target), default=0):.0f} scans/s)"
            )
            print(
                f"Server memory: idle {idle_rss:.1f} MiB RSS; peak {sampler.peak_rss:.1f} MiB "
                f"RSS summed over master + workers ({sampler.peak_pss:.1f} MiB PSS), "
                f"up to {sampler.threads} threads"
            )
    ok_latency = fixed.p(99) <= TARGET_P99_MS and fixed.achieved >= 0.95 * args.rate
    ok_memory = sampler.peak_rss < TARGET_RSS_MIB
    print(
        f"Targets: p99 <= {TARGET_P99_MS:.0f} ms at {args.rate:.0f}/s: "
        f"{'OK' if ok_latency else 'MISSED'}; RSS < {TARGET_RSS_MIB:.0f} MiB: "
        f"{'OK' if ok_memory else 'MISSED'}"
    )
    return 0 if ok_latency and ok_memory else 1


if __name__ == "__main__":
    raise SystemExit(main())
