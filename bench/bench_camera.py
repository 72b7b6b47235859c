"""Camera benchmark: QR in view -> verdict painted, on the real door page in headless Chromium.

    .venv/bin/python bench/bench_camera.py [--codes 40] [--levels none,mild,strong]
        [--fps 30] [--hold 0.6] [--gap 0.6]

1. Seeds a temporary SQLite file with the 750-delegate event, running now, and a door pass.
2. Starts `checkin serve` (verdicts stay up CHECKIN_DOOR_VERDICT_MS=300 ms, so the door is
   free again before the next code comes: what is measured is a free scanner meeting a code).
3. Per realism level (tests/browser/y4m.py: none; mild; strong = smaller, turned, slanted,
   blurred, dim, shaded, noisy, shaking), writes a fake-camera video at --fps: a blank lead,
   then --codes invitations, each in view for --hold s with --gap s of blank between, each
   frame carrying its code's number in a marker strip along the top edge.
4. Opens the scanner with that video as the camera (signed in with the door pass). A probe
   script in the page reads the marker of every frame the video element presents
   (requestVideoFrameCallback) and notes the frame's captureTime when a code's first frame
   arrives: "QR in view". It also watches #verdict and notes when a verdict is on screen,
   after the frame that shows it (requestAnimationFrame, then a task): "verdict painted".
5. Per code: painted - in view. Prints median, p95 and max per level against the 60 ms
   target, how many codes were decoded while first in view (before the video loops), and
   any code sent twice; the figures of the loop this replaced are printed for reference.
   The medians of its parts follow: the frame's capture -> the page's frame callback
   (the browser presents the frame), -> check-in request sent (decoding in the worker,
   Resource Timing), the request (the server), response -> verdict painted. The probe
   itself costs the main thread under a millisecond a frame.

Exit status 0 when every level meets the target and every code was read on its first showing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import ROOT, checkin_server, percentile, seed_database

sys.path.insert(0, str(ROOT))

from tests.browser.y4m import MARK_BITS, MARK_HEIGHT, REALISM, Shot, write_y4m  # noqa: E402

SLUG = "rakor-ormas-2024"
TARGET_P95_MS = 60.0
BASE = "https://checkin.example.id"
VERDICT_MS = 300
#: The decoding loop this replaced (main-thread zxing, a fixed 120 ms sleep between frames),
#: measured with this script on 2026-12-04: (median, p95, max) ms per level.
REFERENCE = {
    "none": (80.2, 146.4, 167.3),
    "mild": (84.5, 145.4, 150.2),
    "strong": (110.7, 181.9, 272.7),
}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]

PROBE = """
window.__bench = { marks: [], verdicts: [], posts: [], looped: false };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.name.includes("/checkins")) {
      window.__bench.posts.push({ start: entry.startTime, end: entry.responseEnd });
    }
  }
}).observe({ type: "resource", buffered: true });
document.addEventListener("DOMContentLoaded", () => {
  const bench = window.__bench;
  const video = document.getElementById("camera-video");
  const verdict = document.getElementById("verdict");
  if (!video || !verdict) return;
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  let last = -1;
  let highest = 0;
  function readMark() {
    const width = video.videoWidth;
    if (canvas.width !== width) [canvas.width, canvas.height] = [width, MARK_HEIGHT];
    context.drawImage(video, 0, 0, width, MARK_HEIGHT, 0, 0, width, MARK_HEIGHT);
    const row = context.getImageData(0, MARK_HEIGHT >> 1, width, 1).data;
    const block = Math.floor(width / MARK_BITS);
    let number = 0;
    for (let bit = 0; bit < MARK_BITS; bit++) {
      if (row[4 * (bit * block + (block >> 1))] < 128) number |= 1 << bit;
    }
    return number;
  }
  function onFrame(now, meta) {
    const seen = performance.now();
    if (video.videoWidth) {
      const number = readMark();
      if (number !== last) {
        if (number && number < highest) bench.looped = true;
        highest = Math.max(highest, number);
        bench.marks.push({ number, at: meta.captureTime ?? meta.presentationTime, seen });
        last = number;
      }
    }
    video.requestVideoFrameCallback(onFrame);
  }
  video.requestVideoFrameCallback(onFrame);
  new MutationObserver(() => {
    if (verdict.hidden) return;
    const seen = {
      result: verdict.dataset.result,
      name: document.getElementById("verdict-name").textContent,
      shown: performance.now(),
    };
    bench.verdicts.push(seen);
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { seen.painted = performance.now(); };
      channel.port2.postMessage(0);
    });
  }).observe(verdict, { attributes: true, attributeFilter: ["hidden", "data-result"] });
});
"""


def prepare_event(url: str) -> tuple[str, str]:
    """Make the event run now and give its first door a pass; returns (pass secret, PIN)."""
    from checkin import create_app
    from checkin.accounts import issue_pass
    from checkin.db import database, session_scope
    from checkin.events import get_event

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context(), session_scope(app) as db:
        event = get_event(db, SLUG)
        event.starts_at = datetime.now(UTC) - timedelta(hours=1)
        event.ends_at = datetime.now(UTC) + timedelta(hours=6)
        issued = issue_pass(db, event.doors[0])
        secret, pin = issued.secret, issued.pin
    database(app).engine.dispose()
    return secret, pin


def run_level(playwright, base, door_pass, video, codes, timeout_s):
    """Open the scanner with the video as camera; returns the probe's marks and verdicts."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_FLAGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        page.add_init_script(
            f"{{ const MARK_HEIGHT = {MARK_HEIGHT}, MARK_BITS = {MARK_BITS};\n{PROBE}}}"
        )
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        secret, pin = door_pass
        page.goto(f"{base}/door/{secret}")
        page.fill("input[name=pin]", pin)
        page.click(".pass-signin button[type=submit]")
        page.wait_for_url(f"{base}/e/{SLUG}/scan*")
        page.wait_for_function("() => document.getElementById('scanner')?.dataset.camera === 'on'")
        decoder = page.locator("#scanner").get_attribute("data-decoder")
        page.wait_for_function(
            f"""() => window.__bench.looped || (window.__bench.verdicts.length >= {codes}
                && window.__bench.verdicts.every((verdict) => "painted" in verdict))""",
            timeout=timeout_s * 1000,
        )
        if errors:
            raise RuntimeError(f"page errors: {errors}")
        return decoder, page.evaluate("() => window.__bench")
    finally:
        browser.close()


def latencies(probe: dict, names: list[str]) -> tuple[list[dict[str, float]], int, list[str]]:
    """Per code read: ms from in view to painted, split into the parts before, during and
    after its check-in request; how many codes were sent more than once; what went wrong
    with the others."""
    in_view: dict[int, tuple[float, float]] = {}
    for mark in probe["marks"]:
        in_view.setdefault(mark["number"], (mark["at"], mark["seen"]))
    by_name: dict[str, list[dict]] = {}
    for verdict in probe["verdicts"]:
        by_name.setdefault(verdict["name"], []).append(verdict)
    found, resent, missed = [], 0, []
    for number, name in enumerate(names, start=1):
        shown = by_name.get(name, [])
        resent += len(shown) > 1
        if not shown or number not in in_view or "painted" not in shown[0]:
            why = "no verdict" if not shown else "never painted" if number in in_view else ""
            missed.append(f"code {number}: {why or 'its frames never reached the page'}")
            continue
        verdict, (at, seen) = shown[0], in_view[number]
        post = max(
            (p for p in probe["posts"] if at <= p["start"] <= verdict["shown"]),
            key=lambda p: p["start"],
            default=None,
        )
        times = {"total": verdict["painted"] - at, "frame to page": seen - at}
        if post:
            times |= {
                "to request": post["start"] - seen,
                "request": post["end"] - post["start"],
                "to painted": verdict["painted"] - post["end"],
            }
        found.append(times)
    return found, resent, missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--codes", type=int, default=40)
    parser.add_argument("--levels", default=",".join(REALISM))
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--hold", type=float, default=0.6)
    parser.add_argument("--gap", type=float, default=0.6)
    args = parser.parse_args()
    levels = [level for level in args.levels.split(",") if level]

    from playwright.sync_api import sync_playwright

    ok = True
    with tempfile.TemporaryDirectory(prefix="checkin-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        print(f"Seeding {url} (750 delegates, a door pass)...")
        secrets, _ = seed_database(url, {SLUG: 750})
        door_pass = prepare_event(url)
        env = {
            "CHECKIN_DATABASE_URL": url,
            "CHECKIN_SECRET_KEY": "bench-secret",
            "CHECKIN_DOOR_VERDICT_MS": str(VERDICT_MS),
            "CHECKIN_DOOR_PASS_RATE_LIMIT": "100 per minute",
        }
        people = iter(enumerate(secrets[SLUG]))
        with checkin_server(env) as (base, _proc), sync_playwright() as playwright:
            print(
                f"QR in view -> verdict painted, {args.codes} codes per level, camera "
                f"{args.fps} fps, each code {args.hold} s in view, {args.gap} s apart "
                f"(target p95 <= {TARGET_P95_MS:.0f} ms):"
            )
            for level in levels:
                chosen = [next(people) for _ in range(args.codes)]
                names = [f"Peserta Bench {i}" for i, _ in chosen]
                shots = [Shot(None, 3)]
                for _, secret in chosen:
                    shots += [Shot(f"{BASE}/i/{secret}", args.hold), Shot(None, args.gap)]
                shots.append(Shot(None, 2))
                video = write_y4m(
                    Path(tmp) / f"{level}.y4m", shots, fps=args.fps, realism=level, marks=True
                )
                length = sum(shot.seconds for shot in shots)
                decoder, probe = run_level(
                    playwright, base, door_pass, video, args.codes, int(length) + 60
                )
                video.unlink()
                found, resent, missed = latencies(probe, names)
                ok &= report(level, decoder, found, resent, args.codes)
                for line in missed:
                    print(f"          {line}")
    return 0 if ok else 1


def report(level, decoder, found, resent, codes) -> bool:
    """Print one level's lines; True when it meets the target."""
    if not found:
        print(f"  {level:7s} no code read")
        return False
    total = [times["total"] for times in found]
    median, p95, worst = statistics.median(total), percentile(total, 95), max(total)
    old = REFERENCE.get(level)
    was = f" (was {old[0]:.0f} / {old[1]:.0f} / {old[2]:.0f})" if old else ""
    met = p95 <= TARGET_P95_MS and len(found) == codes and not resent
    print(
        f"  {level:7s} [{decoder}] median {median:5.1f} ms, p95 {p95:5.1f} ms, "
        f"max {worst:5.1f} ms{was}; read on first showing {len(found)}/{codes}; sent twice "
        f"{resent}: {'OK' if met else 'MISSED'}"
    )
    parts = [
        f"{part} {statistics.median(values):.1f}"
        for part in ("frame to page", "to request", "request", "to painted")
        if (values := [times[part] for times in found if part in times])
    ]
    print(f"          medians (ms): {', '.join(parts)}")
    return met


if __name__ == "__main__":
    raise SystemExit(main())
