"""The door scanner in Chromium with a fake camera: a Y4M video (tests/browser/y4m.py) plays
as the phone's camera into the real page, signed in with the door's pass."""

from __future__ import annotations

from checkin.accounts import issue_pass
from tests.browser.verdicts import record_verdicts

#: Init scripts for the decoder paths: "as-is" uses the browser's BarcodeDetector where it
#: reads QR codes (Chrome on Android, macOS; Chromium on Linux has none, so there it runs
#: the ponyfill in a worker too); "zxing-ponyfill" removes BarcodeDetector, so the worker
#: runs everywhere; "zxing-main-thread" also removes Worker, as on a browser without module
#: workers, so the ponyfill decodes on the page's main thread.
DECODER_PATHS = {
    "as-is": "",
    "zxing-ponyfill": "delete window.BarcodeDetector;",
    "zxing-main-thread": "delete window.BarcodeDetector; delete window.Worker;",
}

#: Counts the frames the page hands a decoder worker (window.__decodes).
COUNT_WORKER_DECODES = """
window.__decodes = 0;
if (window.Worker) {
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === "detect") window.__decodes += 1;
    return post.call(this, message, ...rest);
  };
}
"""


def invitation(base: str, delegate) -> str:
    return f"{base}/i/{delegate.secret}"


def camera_flags(video) -> list[str]:
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]


def open_scanner_with_fake_camera(
    launch_browser, db, live_url, event, video, *, init_script="", fields=("result", "name")
):
    """Sign in with a new pass of the event's first door; returns (page, errors).

    errors collects page errors and any request to another origin (no CDN: the venue may
    have no internet). init_script runs before the page's own scripts.
    """
    issued = issue_pass(db, event.doors[0])
    db.commit()
    browser = launch_browser(*camera_flags(video))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    if init_script:
        page.add_init_script(init_script)
    record_verdicts(page, *fields)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "request",
        lambda r: r.url.startswith((live_url, "data:", "blob:")) or errors.append(r.url),
    )
    page.goto(f"{live_url}/door/{issued.secret}")
    page.fill("input[name=pin]", issued.pin)
    page.click(".pass-signin button[type=submit]")
    page.wait_for_url(f"{live_url}/e/{event.slug}/scan*")
    page.wait_for_function("() => document.getElementById('scanner')?.dataset.camera === 'on'")
    return page, errors
