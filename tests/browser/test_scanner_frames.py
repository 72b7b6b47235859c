"""The camera loop at the speed of the camera, with a fake camera at 30 frames a second in a
real Chromium: every code is read on its first showing, even when it is in view for only
three frames and the picture is poor (tests/browser/y4m.py's realism levels); decoding runs
in a worker and rests while a verdict is up or the tab is hidden. No timing is asserted:
bench/bench_camera.py measures how fast."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from checkin.models import Scan
from tests.browser.camera import (
    COUNT_WORKER_DECODES,
    DECODER_PATHS,
    invitation,
    open_scanner_with_fake_camera,
)
from tests.browser.verdicts import verdicts as wait_for_verdicts
from tests.browser.y4m import REALISM, Shot, write_y4m

FPS = 30
#: A code waved past the camera: three frames, shorter than the old loop's 120 ms sleep.
FLASH = 3 / FPS
CODES = 8

#: Counts the frames the video element presents (window.__frames), and fakes the tab being
#: hidden or shown again: window.__setHidden(true | false).
FRAMES_AND_VISIBILITY = """
window.__frames = 0;
window.__hidden = false;
Object.defineProperty(document, "hidden", { configurable: true, get: () => window.__hidden });
Object.defineProperty(document, "visibilityState", {
  configurable: true,
  get: () => (window.__hidden ? "hidden" : "visible"),
});
window.__setHidden = (hidden) => {
  window.__hidden = hidden;
  document.dispatchEvent(new Event("visibilitychange"));
};
document.addEventListener("DOMContentLoaded", () => {
  const video = document.getElementById("camera-video");
  if (!video) return;
  const count = () => {
    window.__frames += 1;
    video.requestVideoFrameCallback(count);
  };
  video.requestVideoFrameCallback(count);
});
"""

#: The worker decodes seen when each verdict came up and when it went away.
DECODES_AT_VERDICTS = """
window.__atVerdicts = [];
document.addEventListener("DOMContentLoaded", () => {
  const verdict = document.getElementById("verdict");
  if (!verdict) return;
  let shown = false;
  new MutationObserver(() => {
    if (verdict.hidden === !shown) return;
    shown = !verdict.hidden;
    window.__atVerdicts.push({ shown, decodes: window.__decodes });
  }).observe(verdict, { attributes: true, attributeFilter: ["hidden"] });
});
"""


@pytest.fixture
def app_config(app_config):
    # A short verdict, so the next code may follow soon; and longer than the repeat window,
    # so a code still in view when its verdict goes would be sent again if the pause (no
    # decoding while the verdict is up) counted as out of view.
    return {**app_config, "WTF_CSRF_ENABLED": True, "DOOR_VERDICT_MS": 400, "DOOR_REPEAT_MS": 300}


@pytest.fixture
def video_path(tmp_path):
    path = tmp_path / "camera.y4m"
    yield path
    path.unlink(missing_ok=True)  # tens of megabytes


def first_scans(db, count: int) -> list[Scan]:
    db.rollback()
    return db.scalars(select(Scan).order_by(Scan.id).limit(count)).all()


#: Browsers without requestVideoFrameCallback (Firefox before 132) poll animation frames.
WITHOUT_VIDEO_FRAME_CALLBACK = "delete HTMLVideoElement.prototype.requestVideoFrameCallback;"


@pytest.mark.parametrize(
    ("realism", "init_script"),
    [(level, DECODER_PATHS["as-is"]) for level in REALISM]
    + [("mild", WITHOUT_VIDEO_FRAME_CALLBACK)],
    ids=[*REALISM, "mild-animation-frames"],
)
def test_every_code_is_read_on_its_first_showing(
    launch_browser, db, live_url, running_event, make_delegate, video_path, realism, init_script
):
    people = [make_delegate(name=f"Tamu Sekilas {n}") for n in range(CODES)]
    shots = [Shot(None, 4)]
    for person in people:
        shots += [Shot(invitation(live_url, person), FLASH), Shot(None, 0.9)]
    video = write_y4m(video_path, shots, fps=FPS, realism=realism)
    page, errors = open_scanner_with_fake_camera(
        launch_browser, db, live_url, running_event, video, init_script=init_script
    )

    # A code missed on its showing would be read only when the video loops, after the
    # others (or, if it was the last, the first code would come back as already in).
    seen = wait_for_verdicts(page, CODES, timeout=90_000)[:CODES]
    assert [(v["result"], v["name"]) for v in seen] == [("admitted", p.name) for p in people]
    assert errors == []
    page.context.close()
    scans = first_scans(db, CODES)
    assert [(s.delegate_id, s.result) for s in scans] == [(p.id, "admitted") for p in people]


def test_decoding_runs_in_a_worker_and_rests_while_a_verdict_is_up_or_the_tab_is_hidden(
    launch_browser, db, live_url, running_event, make_delegate, video_path
):
    first, second = make_delegate(name="Tamu Pertama"), make_delegate(name="Tamu Kedua")
    # Each code stays in view after its verdict has gone: decoding goes on, nothing is sent.
    shots = [Shot(None, 4), Shot(invitation(live_url, first), 1.5), Shot(None, 2)]
    shots += [Shot(invitation(live_url, second), 1.5), Shot(None, 12)]
    video = write_y4m(video_path, shots, fps=FPS)
    page, errors = open_scanner_with_fake_camera(
        launch_browser,
        db,
        live_url,
        running_event,
        video,
        init_script=DECODER_PATHS["zxing-ponyfill"]
        + COUNT_WORKER_DECODES
        + FRAMES_AND_VISIBILITY
        + DECODES_AT_VERDICTS,
    )
    assert page.locator("#scanner").get_attribute("data-decoder") == "zxing-worker"

    seen = wait_for_verdicts(page, 2, timeout=60_000)
    assert [(v["result"], v["name"]) for v in seen] == [
        ("admitted", "Tamu Pertama"),
        ("admitted", "Tamu Kedua"),
    ]
    page.wait_for_function("() => window.__atVerdicts.length >= 4")
    moments = page.evaluate("() => window.__atVerdicts")[:4]
    assert [m["shown"] for m in moments] == [True, False, True, False]
    first_up, first_down, second_up, _ = (m["decodes"] for m in moments)
    # Frames went to the worker; none while a verdict was up; decoding resumed after it.
    assert first_up > 0
    assert first_down == first_up
    assert second_up > first_down

    # The tab is hidden: not one frame is decoded while the video plays on.
    page.evaluate("() => window.__setHidden(true)")
    hidden_at = page.evaluate("() => [window.__decodes, window.__frames]")
    page.wait_for_function(f"() => window.__frames >= {hidden_at[1] + 30}")
    assert page.evaluate("() => window.__decodes") == hidden_at[0]
    # Shown again: decoding resumes.
    page.evaluate("() => window.__setHidden(false)")
    page.wait_for_function(f"() => window.__decodes > {hidden_at[0]}")

    assert errors == []
    page.context.close()
    scans = first_scans(db, 3)
    assert [(s.delegate_id, s.result) for s in scans] == [
        (first.id, "admitted"),
        (second.id, "admitted"),
    ], "a code still in view after its verdict was sent again"
