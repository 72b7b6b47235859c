"""Shared benchmark helpers: a seeded database, `checkin serve` as a child, /proc sampling.

Everything runs on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed_database(url: str, events: dict[str, int]) -> tuple[dict[str, list[str]], str]:
    """Build the schema, create each event with N delegates and a door account's API token.

    Returns ({slug: [secrets]}, token).
    """
    from sqlalchemy import insert

    from checkin import create_app
    from checkin.accounts import create_token, create_user
    from checkin.db import session_scope
    from checkin.events import create_event
    from checkin.invitations import new_secret
    from checkin.migrate import upgrade
    from checkin.models import Delegate

    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    secrets: dict[str, list[str]] = {}
    with app.app_context(), session_scope(app) as db:
        for slug, size in events.items():
            event = create_event(
                db, slug, name=f"Bench {slug}", doors=["Pintu Utama", "Pintu Samping"]
            )
            regions = event.regions
            rows = []
            for i in range(size):
                region = regions[i % len(regions)]
                name, ormas = f"Peserta Bench {i}", f"Ormas Bench {i // 2}"
                rows.append(
                    {
                        "event_id": event.id,
                        "region_id": region.id,
                        "name": name,
                        "ormas": ormas,
                        "position": "Ketua",
                        "level": region.level,
                        "phone": f"+62812{i:08d}",
                        "secret": new_secret(),
                        "match_key": f"{name}|{ormas}|{region.name}".lower(),
                        "search_text": f"{name} {ormas}".lower(),
                    }
                )
            db.execute(insert(Delegate), rows)
            secrets[slug] = [r["secret"] for r in rows]
        create_user(db, "bench-door", role="door")
        create_user(db, "bench-viewer", role="viewer")
        token = create_token(db, "bench-door")
        viewer_token = create_token(db, "bench-viewer")
    from checkin.db import database

    database(app).engine.dispose()
    secrets["__viewer_token__"] = [viewer_token]
    return secrets, token


#: The benchmarks' screens all stream as one viewer account from 127.0.0.1: lift the
#: per-account and per-address stream limits and rate limits (the total, 256 threads minus
#: 56, still holds).
SCREEN_LIMITS = {
    "CHECKIN_LIVE_MAX_STREAMS_PER_ACCOUNT": "100000",
    "CHECKIN_LIVE_MAX_STREAMS_PER_ADDRESS": "100000",
    "CHECKIN_LIVE_STATS_RATE_LIMIT": "100000 per minute",
    "CHECKIN_LIVE_STATS_ADDRESS_LIMIT": "100000 per minute",
}


@contextmanager
def checkin_server(env: dict[str, str], *args: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`checkin serve` on 127.0.0.1 as a child process group; stopped with SIGTERM."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "checkin.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *args,
        ],
        cwd=ROOT,
        env={**os.environ, **SCREEN_LIMITS, **env},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/login", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("checkin serve did not start") from None
                time.sleep(0.1)
        yield base, proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def process_tree(root_pid: int) -> list[int]:
    """The pid and its descendants (gunicorn master and workers)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / CLK_TCK


def memory_mib(pids: list[int]) -> tuple[float, float]:
    """(sum of RSS, sum of PSS) in MiB over these processes."""
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return rss / 1024, pss / 1024


@dataclass
class MemorySampler:
    """Samples the server's memory every 100 ms in a thread; keeps the peaks."""

    root_pid: int
    peak_rss: float = 0.0
    peak_pss: float = 0.0
    threads: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> MemorySampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()

    def sample(self) -> None:
        pids = process_tree(self.root_pid)
        rss, pss = memory_mib(pids)
        self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
        count = 0
        for pid in pids:
            try:
                count += len(os.listdir(f"/proc/{pid}/task"))
            except OSError:
                pass
        self.threads = max(self.threads, count)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(0.1)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass
class Answer:
    """One scan request as the door client saw it."""

    #: Seconds from the scheduled send (not the actual one) to the answer.
    latency: float
    #: time.monotonic() when the answer arrived, to compare with what live screens saw.
    answered_at: float
    #: The verdict (`admitted`, ...); None when the request failed.
    result: str | None


def send_at_rate(
    base: str,
    path: str,
    token: str,
    count: int,
    body: Callable[[int, int], str],
    rate: float,
    clients: int,
) -> tuple[list[Answer], float]:
    """POST `count` JSON scans to `path` at a fixed rate from `clients` keep-alive connections.

    Open loop: the i-th request is due at start + i / rate and its latency counts from then,
    so a slow server cannot hide its queue. body(n, i) is client n's text for request i.
    Returns the answers (in arrival order) and the seconds the run took.
    """
    host, port = base.removeprefix("http://").split(":")
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    jobs: queue.Queue = queue.Queue()
    lock = threading.Lock()
    answers: list[Answer] = []

    def client(n: int) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        while (job := jobs.get()) is not None:
            due, i = job
            try:
                conn.request("POST", path, body(n, i), headers)
                response = conn.getresponse()
                data = response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=30)
                ok, data = False, b""
            finished = time.perf_counter()
            answered_at = time.monotonic()
            with lock:
                result = json.loads(data)["result"] if ok else None
                answers.append(Answer(finished - due, answered_at, result))
        conn.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    for i in range(count):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        jobs.put((due, i))
    for _ in threads:
        jobs.put(None)
    for thread in threads:
        thread.join(timeout=60)
    return answers, time.perf_counter() - start
