// The door scanner's camera: opened once per page, the decoding loop, the torch, and what to
// say when the camera cannot be used. Decoding is the browser's BarcodeDetector where it
// reads QR codes, else the zxing-wasm ponyfill from static/vendor (decoder.js).
import { createDecoder } from "./decoder.js";
import { byId } from "./dom.js";
import { showNetError } from "./net-error.js";
import { cleanScannedText } from "./wedge.js";

// One bad frame is normal (the video is resizing); this many in a row are not.
const MAX_FRAME_ERRORS = 25;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

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

// root: #scanner (gets data-camera and data-decoder); decoderUrls: { ponyfill, wasm };
// intervalMs: pause between frames; repeatMs: the same code is not sent again until it has
// been out of view this long; isWanted(): the page wants scanning (camera mode, a door
// chosen); isBusy(): a scan on its way or a verdict up, so the next person waits for a later frame;
// send(code): a new code in view. Returns { start, forgetLastSent }.
export function createCamera({ root, t, decoderUrls, intervalMs, repeatMs, isWanted, isBusy, send }) {
  const video = byId("camera-video");
  const state = {
    stream: null,
    track: null,
    decoder: null,
    starting: null,
    looping: false,
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
      : createDecoder({ ponyfillUrl: decoderUrls.ponyfill, wasmUrl: decoderUrls.wasm });
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

  async function runLoop() {
    if (state.looping || !state.decoder) return;
    state.looping = true;
    try {
      while (shouldScan()) {
        if (video.readyState >= 2 && video.videoWidth > 0) {
          try {
            const texts = await state.decoder.detect(video);
            state.frameErrors = 0;
            for (const text of texts) onCode(text);
          } catch (error) {
            state.frameErrors += 1;
            if (state.frameErrors >= MAX_FRAME_ERRORS) {
              showProblem(t("decoder_failed", { detail: error.message || String(error) }), "decoder");
              return;
            }
          }
        }
        await sleep(intervalMs);
      }
    } finally {
      state.looping = false;
    }
  }

  function onCode(raw) {
    const code = cleanScannedText(raw);
    if (!code) return;
    const now = performance.now();
    if (code === state.lastSent && now - state.lastSentSeenAt < repeatMs) {
      state.lastSentSeenAt = now;
      return;
    }
    if (isBusy()) return;
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
