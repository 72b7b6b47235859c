// The door scanner page: choose the door, then scan continuously with the rear camera (or a
// keyboard-wedge scanner, or a name search), and show each verdict full screen.
// Settings and texts come from data- attributes on #scanner (no template code in here); the
// work is done in lib/: this file only wires the parts together.

import { createCamera } from "./lib/camera.js";
import { byId } from "./lib/dom.js";
import { createDoors } from "./lib/doors.js";
import { unlockAudio } from "./lib/feedback.js";
import { createTimeFormat } from "./lib/format.js";
import { createOffline } from "./lib/offline.js";
import { createOfflineStatus, startOffline } from "./lib/offline-status.js";
import { readConfig } from "./lib/scanner-config.js";
import { createSearch } from "./lib/search.js";
import { createSender } from "./lib/sending.js";
import { translator } from "./lib/texts.js";
import { createVerdict } from "./lib/verdict.js";
import { setWalkinOffline, wireWalkin } from "./lib/walkin.js";
import { attachWedge, catchStrayKeys } from "./lib/wedge.js";

export function init() {
  const root = byId("scanner");
  const config = readConfig(root.dataset);
  const t = translator(config.messages);
  const times = createTimeFormat({ timeZone: config.timezone, tzLabel: config.tzLabel });
  const wedgeInput = byId("wedge-input");
  // The parts reach each other through callbacks; none of them runs before init() returns
  // (the first ones run in startOffline() and doors.start() below), so a callback may name
  // a part made further down.
  const status = createOfflineStatus({
    root,
    t,
    times,
    onOffline: (isOffline) => {
      search.setOffline(isOffline);
      setWalkinOffline(isOffline);
    },
  });
  const offline = createOffline({
    slug: config.slug,
    rosterUrl: config.urls.roster,
    batchUrl: config.urls.batch,
    onChange: status.render,
  });
  const doors = createDoors({
    root,
    config,
    onMode: (mode) => {
      // Other modes stop the decoding loop (it checks isWanted()); the camera stays open.
      if (mode === "camera") camera.start();
      if (mode === "wedge") wedgeInput.focus();
      if (mode === "search") byId("search-input").focus();
    },
  });
  const isScanning = (mode) => doors.mode() === mode && Boolean(doors.door());
  const verdict = createVerdict({
    t,
    times,
    verdictMs: config.verdictMs,
    onHide: () => {
      if (doors.mode() === "wedge") wedgeInput.focus();
      // Decoding stops while a verdict is up; the next person's code is read at once.
      if (isScanning("camera")) camera.start();
    },
  });
  const sender = createSender({
    t,
    offline,
    verdict,
    checkinUrl: config.urls.checkin,
    onlineTimeoutMs: config.onlineTimeoutMs,
    door: doors.door,
    onFailure: () => camera.forgetLastSent(),
  });
  const camera = createCamera({
    root,
    t,
    decoderUrls: {
      ponyfill: config.urls.ponyfill,
      wasm: config.urls.wasm,
      worker: config.urls.decoderWorker,
    },
    intervalMs: config.scanIntervalMs,
    repeatMs: config.repeatMs,
    isWanted: () => isScanning("camera"),
    isBusy: () => sender.isBusy(),
    isPaused: () => verdict.isVisible(),
    send: sender.sendCode,
  });
  const search = createSearch({
    t,
    times,
    urls: { search: config.urls.search, manual: config.urls.manual },
    delayMs: config.searchDelayMs,
    door: doors.door,
    isOffline: offline.isOffline,
    submit: sender.submit,
    noticeUnreachable: sender.noticeUnreachable,
  });
  wireWalkin({
    url: config.urls.walkin,
    door: doors.door,
    submit: sender.submit,
    noticeUnreachable: sender.noticeUnreachable,
  });
  attachWedge(wedgeInput, { idleMs: config.wedgeIdleMs, onCode: (code) => sender.sendCode(code) });
  catchStrayKeys(wedgeInput, () => isScanning("wedge"));

  // Browsers allow sound only after a tap or a key: any of them unlocks it.
  document.addEventListener("pointerdown", unlockAudio, { passive: true });
  document.addEventListener("keydown", unlockAudio);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && isScanning("camera")) camera.start();
  });

  startOffline({
    offline,
    status,
    swUrl: config.urls.sw,
    swScope: config.swScope,
    keepUrls: [
      config.urls.page,
      config.urls.ponyfill,
      config.urls.wasm,
      config.urls.decoderWorker,
    ],
  });
  doors.start();
  root.dataset.ready = "1";
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init, { once: true });
} else {
  init();
}
