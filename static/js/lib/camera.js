// The door scanner's camera: opened once per page, the decoding loop, the torch, and what to
// say when the camera cannot be used. Decoding is the browser's BarcodeDetector where it
// reads QR codes, else the zxing-wasm ponyfill from static/vendor, in a worker (decoder.js).
//
// The loop follows the camera: each new frame is decoded as soon as the decoder is free
// (requestVideoFrameCallback; requestAnimationFrame where a browser lacks it), one frame at a
// time, so a code is read within a frame or two of coming into view. It stops while a
// verdict is up, in another mode and while the tab is hidden (start() resumes it), and skips
// frames while a scan is on its way, to spare the phone's battery.
import { createDecoder } from "./decoder.js";
import { byId } from "./dom.js";
import { showNetError } from "./net-error.js";
import { cleanScannedText } from "./wedge.js";

// One bad frame is normal (the video is resizing); this many in a row are not.
const MAX_FRAME_ERRORS = 25;

export function cameraErrorText(error, t) {
  const name = error && error.name;
  if (name === "NotAllowedError" || name === "SecurityError") return t("camera_denied");
  if (name === "NotFoundError" || name === "OverconstrainedError") return t("camera_missing");
  if (name === "NotReadableError" || name === "AbortError") return t("camera_busy");
  return t("camera_failed", { detail: (error && error.message) || String(error) });
}

function isDenied(error) {
  return Boolean(error && (error.name === "NotAllowedError" || error.name === "SecurityError"));
}

// root: #scanner (gets data-camera and data-decoder); decoderUrls: { ponyfill, wasm, worker };
// intervalMs: the least time between the starts of two decodes (0: every new frame);
// repeatMs: the same code is not sent again until it has been out of view this long;
// isWanted(): the page wants scanning (camera mode, a door chosen); isBusy(): a scan on its
// way (frames are skipped); isPaused(): a verdict is up (the loop stops until start());
// send(code): a new code in view. Returns { start, forgetLastSent }.
export function createCamera(options) {
  const { root, t, decoderUrls, intervalMs, repeatMs, isWanted, isBusy, isPaused, send } = options;
  const video = byId("camera-video");
  const state = {
    stream: null,
    track: null,
    decoder: null,
    starting: null,
    // A frame callback is requested; a decode is running; a frame came since the last one.
    watching: false,
    decoding: false,
    newFrame: false,
    lastDecodeAt: -Infinity,
    framesShown: -1,
    pausedForVerdict: false,
    frameErrors: 0,
    torch: false,
    // The code last sent and when it was last in view.
    lastSent: "",
    lastSentSeenAt: 0,
  };

  function showProblem(text, kind) {
    byId("camera").hidden = true;
    byId("camera-problem").hidden = false;
    byId("camera-problem-text").textContent = text;
    root.dataset.camera = kind;
  }

  function isLive() {
    return state.track !== null && state.track.readyState === "live";
  }

  function shouldScan() {
    return isWanted() && isLive() && !document.hidden;
  }

  // Resume scanning, opening the camera first if it is not open (one opening at a time).
  function start() {
    if (isLive() && state.decoder) {
      runLoop();
      return state.starting;
    }
    if (!state.starting) {
      state.starting = open().finally(() => {
        state.starting = null;
      });
    }
    return state.starting;
  }

  // The camera stays open once opened: iPhones ask for permission again for every new
  // stream, so it is never stopped and reopened between scans or when switching modes.
  async function open() {
    byId("camera").hidden = false;
    byId("camera-problem").hidden = true;
    byId("camera-status").textContent = t("starting");
    if (!window.isSecureContext) return showProblem(t("insecure"), "insecure");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return showProblem(t("no_camera_api"), "unsupported");
    }
    const decoderReady = state.decoder
      ? Promise.resolve(state.decoder)
      : createDecoder({
          ponyfillUrl: decoderUrls.ponyfill,
          wasmUrl: decoderUrls.wasm,
          workerUrl: decoderUrls.worker,
        });
    if (!isLive()) {
      try {
        state.stream = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } },
        });
      } catch (error) {
        decoderReady.catch(() => {});
        return showProblem(cameraErrorText(error, t), isDenied(error) ? "denied" : "failed");
      }
      state.track = state.stream.getVideoTracks()[0];
      state.track.addEventListener("ended", () => showProblem(t("camera_stopped"), "stopped"));
      video.srcObject = state.stream;
      video.play().catch(() => {});
      setupTorch(state.track);
    }
    try {
      state.decoder = await decoderReady;
    } catch (error) {
      return showProblem(t("decoder_failed", { detail: error.message || String(error) }), "decoder");
    }
    root.dataset.decoder = state.decoder.kind;
    root.dataset.camera = "on";
    byId("camera-status").textContent = t("scanning");
    runLoop();
  }

  function setupTorch(track) {
    const capabilities = typeof track.getCapabilities === "function" ? track.getCapabilities() : {};
    byId("torch").hidden = !capabilities.torch;
  }

  async function toggleTorch() {
    if (!state.track) return;
    const wantedOn = !state.torch;
    try {
      await state.track.applyConstraints({ advanced: [{ torch: wantedOn }] });
      state.torch = wantedOn;
    } catch (error) {
      showNetError(t("camera_failed", { detail: error.message || String(error) }));
    }
    byId("torch").setAttribute("aria-pressed", String(state.torch));
    byId("torch").textContent = state.torch ? t("torch_on") : t("torch_off");
  }

  function runLoop() {
    if (!state.decoder || state.watching) return;
    // Nothing was decoded while the verdict was up: count the code just sent as in view
    // until now, so the person still holding it up is not sent again.
    if (state.pausedForVerdict && state.lastSent) state.lastSentSeenAt = performance.now();
    state.pausedForVerdict = false;
    watchFrames();
  }

  function watchFrames() {
    if (!shouldScan() || isPaused()) {
      state.pausedForVerdict ||= isPaused();
      state.watching = false;
      return;
    }
    state.watching = true;
    if (typeof video.requestVideoFrameCallback === "function") {
      video.requestVideoFrameCallback(onFrame);
    } else {
      requestAnimationFrame(onFrame);
    }
  }

  // Without requestVideoFrameCallback, an animation frame is a new camera frame only when
  // the browser counts one more frame shown (where it counts them at all).
  function isNewFrame() {
    if (typeof video.requestVideoFrameCallback === "function") return true;
    if (typeof video.getVideoPlaybackQuality !== "function") return true;
    const shown = video.getVideoPlaybackQuality().totalVideoFrames;
    if (shown === state.framesShown) return false;
    state.framesShown = shown;
    return true;
  }

  function onFrame() {
    state.watching = false;
    if (!state.decoder || !shouldScan() || isPaused()) {
      state.pausedForVerdict ||= isPaused();
      return;
    }
    if (isNewFrame()) state.newFrame = true;
    decodeWhenFree();
    watchFrames();
  }

  async function decodeWhenFree() {
    if (state.decoding || !state.newFrame || isBusy() || isPaused()) return;
    if (video.readyState < 2 || video.videoWidth === 0) return;
    if (performance.now() - state.lastDecodeAt < intervalMs) return;
    state.newFrame = false;
    state.decoding = true;
    state.lastDecodeAt = performance.now();
    try {
      const texts = await state.decoder.detect(video);
      state.frameErrors = 0;
      if (shouldScan()) for (const text of texts) onCode(text);
    } catch (error) {
      state.frameErrors += 1;
      if (state.frameErrors >= MAX_FRAME_ERRORS) {
        // The loop stops; "try again" (start()) makes a new decoder.
        state.decoder.close();
        state.decoder = null;
        showProblem(t("decoder_failed", { detail: error.message || String(error) }), "decoder");
        return;
      }
    } finally {
      state.decoding = false;
    }
    // A frame that came while this one was decoded is decoded at once.
    if (shouldScan()) decodeWhenFree();
  }

  function onCode(raw) {
    const code = cleanScannedText(raw);
    if (!code) return;
    const now = performance.now();
    if (code === state.lastSent && now - state.lastSentSeenAt < repeatMs) {
      state.lastSentSeenAt = now;
      return;
    }
    if (isBusy() || isPaused()) return;
    state.lastSent = code;
    state.lastSentSeenAt = now;
    send(code);
  }

  // After a failed scan: the same code may go again as soon as the error is off the screen.
  function forgetLastSent() {
    state.lastSent = "";
  }

  byId("camera-retry").addEventListener("click", () => start());
  byId("torch").addEventListener("click", toggleTorch);
  return { start, forgetLastSent };
}
