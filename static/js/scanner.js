// The door scanner page: choose the door, then scan continuously with the rear camera (or a
// keyboard-wedge scanner, or a name search), and show each verdict full screen.
// Settings and texts come from data- attributes on #scanner (no template code in here).

import { getJson, newScanId, postJson } from "./lib/api.js";
import { createDecoder } from "./lib/decoder.js";
import { signal, unlockAudio } from "./lib/feedback.js";
import { createTimeFormat } from "./lib/format.js";
import { createOffline, isUnreachable, registerServiceWorker } from "./lib/offline.js";
import { translator } from "./lib/texts.js";
import { attachWedge, cleanScannedText } from "./lib/wedge.js";

const MAX_RECENT = 6;
const MAX_FRAME_ERRORS = 25;
const MODES = ["camera", "wedge", "search", "walkin"];

const root = document.getElementById("scanner");
const config = readConfig(root);
const el = (id) => document.getElementById(id);
const video = el("camera-video");
const offline = createOffline({
  slug: root.dataset.slug,
  rosterUrl: config.urls.roster,
  batchUrl: config.urls.batch,
  onChange: renderOffline,
});

const state = {
  door: null,
  mode: "camera",
  stream: null,
  track: null,
  decoder: null,
  cameraStarting: null,
  looping: false,
  frameErrors: 0,
  torch: false,
  inFlight: false,
  verdictVisible: false,
  verdictTimer: null,
  // The code last sent from the camera and when it was last in view: the same code is not
  // sent again until it has been out of view for repeatMs.
  lastSent: "",
  lastSentSeenAt: 0,
  searchSeq: 0,
  searchTimer: null,
  // The last sync whose result is on screen.
  shownSyncAt: 0,
  // The service worker could not be registered (an untrusted certificate).
  swMissing: false,
};

function milliseconds(dataset, name) {
  const value = Number(dataset[name]);
  if (dataset[name] === undefined || dataset[name] === "" || !Number.isFinite(value) || value < 0) {
    throw new Error(`#scanner needs a data- attribute for ${name} (milliseconds)`);
  }
  return value;
}

function readConfig(node) {
  const d = node.dataset;
  return {
    doors: JSON.parse(d.doors || "[]"),
    urlDoor: d.urlDoor || "",
    assignedDoor: d.assignedDoor || "",
    storageKey: d.storageKey,
    urls: {
      checkin: d.checkinUrl,
      manual: d.manualUrl,
      walkin: d.walkinUrl,
      search: d.searchUrl,
      ponyfill: d.ponyfillUrl,
      wasm: d.wasmUrl,
      batch: d.batchUrl,
      roster: d.rosterUrl,
      sw: d.swUrl,
      page: d.pageUrl,
    },
    swScope: d.swScope || "/",
    // Timings come from the server's configuration only (config.py DOOR_*_MS).
    onlineTimeoutMs: milliseconds(d, "onlineTimeoutMs"),
    verdictMs: milliseconds(d, "verdictMs"),
    repeatMs: milliseconds(d, "repeatMs"),
    wedgeIdleMs: milliseconds(d, "wedgeIdleMs"),
    scanIntervalMs: milliseconds(d, "scanIntervalMs"),
    searchDelayMs: milliseconds(d, "searchDelayMs"),
    timezone: d.timezone,
    tzLabel: d.tzLabel || "",
    messages: JSON.parse(d.messages || "{}"),
  };
}

const t = translator(config.messages);

function storageGet(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function storageSet(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

const times = createTimeFormat({ timeZone: config.timezone, tzLabel: config.tzLabel });
const clock = times.clock;
const localTime = times.zoned;

// --- doors -------------------------------------------------------------------------------

function initialDoor() {
  const stored = storageGet(config.storageKey);
  const candidates = [config.urlDoor, stored, config.assignedDoor];
  if (config.doors.length === 1) candidates.push(config.doors[0]);
  return candidates.find((name) => name && config.doors.includes(name)) || null;
}

function showChooser() {
  state.door = null;
  el("door-chooser").hidden = false;
  el("workspace").hidden = true;
  el("modes").hidden = true;
  el("door-current").hidden = true;
  root.dataset.door = "";
}

function chooseDoor(name) {
  state.door = name;
  storageSet(config.storageKey, name);
  root.dataset.door = name;
  el("door-current-name").textContent = name;
  el("door-current").hidden = false;
  el("door-chooser").hidden = true;
  el("workspace").hidden = false;
  el("modes").hidden = false;
  setMode(state.mode);
}

// --- modes -------------------------------------------------------------------------------

function availableMode(mode) {
  return document.querySelector(`[data-panel="${mode}"]`) ? mode : "camera";
}

function setMode(mode) {
  state.mode = availableMode(mode);
  storageSet(`${config.storageKey}.mode`, state.mode);
  root.dataset.mode = state.mode;
  for (const panel of document.querySelectorAll("[data-panel]")) {
    panel.hidden = panel.dataset.panel !== state.mode;
  }
  for (const tab of document.querySelectorAll(".modes__tab")) {
    if (tab.dataset.mode === state.mode) tab.setAttribute("aria-current", "true");
    else tab.removeAttribute("aria-current");
  }
  // Other modes stop the decoding loop (it checks shouldScan); the camera stays open.
  if (state.mode === "camera") startCamera();
  if (state.mode === "wedge") el("wedge-input").focus();
  if (state.mode === "search") el("search-input").focus();
}

// --- camera ------------------------------------------------------------------------------

function cameraErrorText(error) {
  const name = error && error.name;
  if (name === "NotAllowedError" || name === "SecurityError") return t("camera_denied");
  if (name === "NotFoundError" || name === "OverconstrainedError") return t("camera_missing");
  if (name === "NotReadableError" || name === "AbortError") return t("camera_busy");
  return t("camera_failed", { detail: (error && error.message) || String(error) });
}

function showCameraProblem(text, kind) {
  el("camera").hidden = true;
  el("camera-problem").hidden = false;
  el("camera-problem-text").textContent = text;
  root.dataset.camera = kind;
}

function cameraLive() {
  return state.track !== null && state.track.readyState === "live";
}

function startCamera() {
  if (cameraLive() && state.decoder) {
    runLoop();
    return state.cameraStarting;
  }
  if (!state.cameraStarting) {
    state.cameraStarting = openCamera().finally(() => {
      state.cameraStarting = null;
    });
  }
  return state.cameraStarting;
}

// The camera opens once per page and stays open: iPhones ask for permission again for every
// new stream, so we never stop and reopen it between scans or when switching modes.
async function openCamera() {
  el("camera").hidden = false;
  el("camera-problem").hidden = true;
  el("camera-status").textContent = t("starting");
  if (!window.isSecureContext) return showCameraProblem(t("insecure"), "insecure");
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return showCameraProblem(t("no_camera_api"), "unsupported");
  }
  const decoderReady = state.decoder ? Promise.resolve(state.decoder) : loadDecoder();
  if (!cameraLive()) {
    try {
      state.stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch (error) {
      decoderReady.catch(() => {});
      const denied = error && (error.name === "NotAllowedError" || error.name === "SecurityError");
      return showCameraProblem(cameraErrorText(error), denied ? "denied" : "failed");
    }
    state.track = state.stream.getVideoTracks()[0];
    state.track.addEventListener("ended", onCameraEnded);
    video.srcObject = state.stream;
    video.play().catch(() => {});
    setupTorch(state.track);
  }
  try {
    state.decoder = await decoderReady;
  } catch (error) {
    return showCameraProblem(t("decoder_failed", { detail: error.message || String(error) }), "decoder");
  }
  root.dataset.decoder = state.decoder.kind;
  root.dataset.camera = "on";
  el("camera-status").textContent = t("scanning");
  runLoop();
}

function loadDecoder() {
  return createDecoder({ ponyfillUrl: config.urls.ponyfill, wasmUrl: config.urls.wasm });
}

function onCameraEnded() {
  showCameraProblem(t("camera_stopped"), "stopped");
}

function setupTorch(track) {
  const capabilities = typeof track.getCapabilities === "function" ? track.getCapabilities() : {};
  el("torch").hidden = !capabilities.torch;
}

async function toggleTorch() {
  if (!state.track) return;
  const wanted = !state.torch;
  try {
    await state.track.applyConstraints({ advanced: [{ torch: wanted }] });
    state.torch = wanted;
  } catch (error) {
    showNetError(t("camera_failed", { detail: error.message || String(error) }));
  }
  el("torch").setAttribute("aria-pressed", String(state.torch));
  el("torch").textContent = state.torch ? t("torch_on") : t("torch_off");
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function shouldScan() {
  return state.mode === "camera" && state.door && cameraLive() && !document.hidden;
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
          for (const text of texts) onCameraCode(text);
        } catch (error) {
          // One bad frame is normal (the video is resizing); many in a row are not.
          state.frameErrors += 1;
          if (state.frameErrors >= MAX_FRAME_ERRORS) {
            showCameraProblem(t("decoder_failed", { detail: error.message || String(error) }), "decoder");
            return;
          }
        }
      }
      await sleep(config.scanIntervalMs);
    }
  } finally {
    state.looping = false;
  }
}

function onCameraCode(raw) {
  const code = cleanScannedText(raw);
  if (!code) return;
  const now = performance.now();
  if (code === state.lastSent && now - state.lastSentSeenAt < config.repeatMs) {
    state.lastSentSeenAt = now;
    return;
  }
  // While a verdict is up (or a scan is on its way) the next person waits: they are
  // scanned on a later frame, once the screen is ready.
  if (state.inFlight || state.verdictVisible) return;
  state.lastSent = code;
  state.lastSentSeenAt = now;
  sendCode(code);
}

// --- talking to the server ---------------------------------------------------------------

async function sendCode(code) {
  // The scan keeps its id and time whichever way it goes: online now, or queued offline.
  const scan = {
    code,
    gate: state.door,
    scan_id: newScanId(),
    scanned_at: new Date().toISOString(),
  };
  await submit(async () => {
    if (offline.isOffline()) return offline.judge(scan);
    try {
      const answer = await postJson(config.urls.checkin, scan, { timeoutMs: config.onlineTimeoutMs });
      offline.noteOnlineAnswer(code, answer);
      return answer;
    } catch (error) {
      if (!offline.canWorkOffline() || !isUnreachable(error)) throw error;
      // No answer in time: judge it here. If the server did get it, sending the same
      // scan_id again later changes nothing there.
      offline.goOffline();
      return offline.judge(scan);
    }
  });
}

// A request that needs the server (search, manual check-in, walk-in) found none.
function noticeUnreachable(error) {
  if (isUnreachable(error)) offline.goOffline();
}

async function submit(request, { onError } = {}) {
  state.inFlight = true;
  try {
    const answer = await request();
    clearNetError();
    showVerdict(answer);
    return answer;
  } catch (error) {
    if (onError && onError(error)) return null;
    showFailure(error);
    // Let the camera send the same code again as soon as the error is off the screen.
    state.lastSent = "";
    return null;
  } finally {
    state.inFlight = false;
  }
}

function errorText(error) {
  if (error && error.kind === "http") return error.message;
  if (!error || error.name !== "ApiError") {
    return t("storage_failed", { detail: (error && error.message) || String(error) });
  }
  const detail = t(error && error.kind ? error.kind : "network");
  return t("error_help", { detail });
}

function showNetError(text) {
  el("net-error").textContent = text;
  el("net-error").hidden = false;
}

function clearNetError() {
  el("net-error").hidden = true;
  el("net-error").textContent = "";
}

// --- the verdict -------------------------------------------------------------------------

const LOOKS = {
  admitted: { look: "admitted", icon: "✓" },
  already_checked_in: { look: "already", icon: "!" },
  unknown_code: { look: "refused", icon: "✕" },
  revoked: { look: "refused", icon: "✕" },
  no_roster: { look: "error", icon: "?" },
  error: { look: "error", icon: "⚠" },
};

function setText(id, text) {
  const node = el(id);
  node.textContent = text || "";
  node.hidden = !text;
}

function detailFor(answer) {
  const result = answer.result;
  if (result === "already_checked_in" && answer.local) {
    return t("already_local", { time: localTime(answer.checked_in_at), gate: answer.gate || "" });
  }
  if (result === "already_checked_in") {
    let text = t("already_help", { time: localTime(answer.checked_in_at), gate: answer.gate || "" });
    if (answer.checked_in_by) text += ` ${t("already_by", { who: answer.checked_in_by })}`;
    return text;
  }
  if (result === "no_roster") return t("no_roster_help");
  if (result === "unknown_code" && answer.offline && !answer.queued) return t("unknown_offline_help");
  if (result === "unknown_code") return t("unknown_code_help");
  if (result === "revoked") return t("revoked_help");
  if (result === "admitted" && answer.substitute_name) {
    return t("substitute", { name: answer.substitute_name });
  }
  return "";
}

function showVerdict(answer) {
  const result = answer.result in LOOKS ? answer.result : "unknown_code";
  const delegate = answer.delegate ? { ...answer.delegate } : null;
  if (delegate && answer.vip) delegate.vip = true;
  paintVerdict(result, t(result), delegate, detailFor(answer), Boolean(answer.offline));
  signal(result === "no_roster" ? "error" : result);
  addRecent(result, delegate ? delegate.name : "", Boolean(answer.offline));
}

function showFailure(error) {
  const text = errorText(error);
  showNetError(text);
  paintVerdict("error", t("error"), null, text);
  signal("error");
  addRecent("error", "");
}

function paintVerdict(result, title, delegate, detail, isOffline = false) {
  const { look, icon } = LOOKS[result];
  const verdict = el("verdict");
  verdict.className = `verdict verdict--${look}${isOffline ? " verdict--offline" : ""}`;
  verdict.dataset.result = result;
  verdict.dataset.offline = isOffline ? "1" : "";
  el("verdict-offline").hidden = !isOffline;
  el("verdict-icon").textContent = icon;
  setText("verdict-title", title);
  el("verdict-vip").hidden = !(delegate && delegate.vip);
  setText("verdict-name", delegate ? delegate.name : "");
  setText("verdict-ormas", delegate ? delegate.ormas : "");
  setText("verdict-region", delegate ? delegate.region : "");
  setText("verdict-position", delegate ? delegate.position : "");
  setText("verdict-detail", detail);
  const timer = el("verdict-timer");
  timer.classList.remove("is-running");
  void timer.offsetWidth; // restart the countdown animation
  timer.style.animationDuration = `${config.verdictMs}ms`;
  timer.classList.add("is-running");
  verdict.hidden = false;
  state.verdictVisible = true;
  clearTimeout(state.verdictTimer);
  state.verdictTimer = setTimeout(hideVerdict, config.verdictMs);
}

function hideVerdict() {
  clearTimeout(state.verdictTimer);
  el("verdict").hidden = true;
  state.verdictVisible = false;
  if (state.mode === "wedge") el("wedge-input").focus();
}

function addRecent(result, text, isOffline = false) {
  const list = el("recent");
  const item = document.createElement("li");
  item.className = `recent__item recent__item--${LOOKS[result].look}`;
  if (isOffline) item.classList.add("recent__item--offline");
  item.dataset.result = result;
  const time = document.createElement("span");
  time.className = "recent__time";
  time.textContent = clock(new Date());
  const label = document.createElement("strong");
  label.textContent = t(result);
  const who = document.createElement("span");
  who.className = "recent__who";
  who.textContent = text;
  item.append(time, label, who);
  if (isOffline) item.append(line("recent__tag", t("offline_tag")));
  list.prepend(item);
  while (list.children.length > MAX_RECENT) list.lastElementChild.remove();
}

// --- manual search -----------------------------------------------------------------------

function onSearchInput() {
  clearTimeout(state.searchTimer);
  state.searchTimer = setTimeout(runSearch, config.searchDelayMs);
}

async function runSearch() {
  const query = el("search-input").value.trim().replace(/\s+/g, " ");
  const seq = ++state.searchSeq;
  const results = el("search-results");
  const status = el("search-status");
  if (offline.isOffline()) {
    results.replaceChildren();
    status.textContent = "";
    return;
  }
  if (query.length < 2) {
    // No query, no list: the door never browses the whole roster.
    results.replaceChildren();
    status.textContent = t("search_hint");
    return;
  }
  status.textContent = t("sending");
  let data;
  try {
    data = await getJson(`${config.urls.search}?q=${encodeURIComponent(query)}`);
  } catch (error) {
    if (seq !== state.searchSeq) return;
    results.replaceChildren();
    noticeUnreachable(error);
    status.textContent = offline.isOffline() ? "" : errorText(error);
    if (!offline.isOffline()) showNetError(errorText(error));
    return;
  }
  if (seq !== state.searchSeq) return;
  clearNetError();
  results.replaceChildren(...data.results.map(resultItem));
  if (!data.results.length) status.textContent = t("search_none");
  else if (data.total > data.results.length) status.textContent = t("search_more");
  else status.textContent = "";
}

function line(className, text) {
  const node = document.createElement("span");
  node.className = className;
  node.textContent = text;
  return node;
}

function button(className, text, onClick, type = "button") {
  const node = document.createElement("button");
  node.type = type;
  node.className = className;
  node.textContent = text;
  if (onClick) node.addEventListener("click", onClick);
  return node;
}

function resultItem(person) {
  const item = document.createElement("li");
  item.className = "result";
  item.dataset.delegateId = String(person.id);
  const who = document.createElement("div");
  who.className = "result__who";
  const name = line("result__name", person.name);
  if (person.vip) name.append(" ", line("badge badge--warn", t("vip")));
  who.append(name, line("result__ormas", person.ormas));
  who.append(line("result__meta", [person.region, person.position].filter(Boolean).join(" · ")));
  item.append(who);
  if (person.checked_in_at) {
    const text = t("search_in", { time: localTime(person.checked_in_at), gate: person.gate || "" });
    item.append(line("result__status result__status--in", text));
    return item;
  }
  if (person.revoked) {
    item.append(line("result__status result__status--revoked", t("search_revoked")));
    return item;
  }
  const actions = document.createElement("div");
  actions.className = "result__actions";
  const form = substituteForm(person);
  actions.append(
    button("button button--primary result__checkin", t("check_in"), () => manualCheckIn(person)),
    button("button result__substitute-toggle", t("substitute_button"), () => {
      form.hidden = !form.hidden;
      if (!form.hidden) form.querySelector("input").focus();
    }),
  );
  item.append(actions, form);
  return item;
}

function substituteForm(person) {
  const form = document.createElement("form");
  form.className = "result__substitute";
  form.hidden = true;
  const input = document.createElement("input");
  input.type = "text";
  input.required = true;
  input.maxLength = 200;
  input.autocomplete = "off";
  const label = document.createElement("label");
  label.className = "result__substitute-label";
  label.append(line("", t("substitute_prompt")), input);
  form.append(label, button("button button--primary", t("substitute_confirm"), null, "submit"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (name) manualCheckIn(person, name);
    else input.focus();
  });
  return form;
}

async function manualCheckIn(person, substituteName = "") {
  const body = { delegate_id: person.id, gate: state.door };
  if (substituteName) body.substitute_name = substituteName;
  await submit(() => postJson(config.urls.manual, body), {
    onError(error) {
      noticeUnreachable(error);
      return false;
    },
  });
  runSearch();
}

// --- walk-ins ----------------------------------------------------------------------------

async function onWalkinSubmit(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const data = Object.fromEntries(new FormData(form).entries());
  const problem = el("walkin-error");
  problem.hidden = true;
  const body = {
    name: data.name.trim(),
    ormas: data.ormas.trim(),
    region_id: Number(data.region_id) || null,
    position: data.position.trim(),
    gate: state.door,
  };
  if (data.phone.trim()) body.phone = data.phone.trim();
  const answer = await submit(() => postJson(config.urls.walkin, body), {
    onError(error) {
      noticeUnreachable(error);
      if (error.kind !== "http" || error.status >= 500) return false;
      problem.textContent = error.message;
      problem.hidden = false;
      return true;
    },
  });
  if (answer) form.reset();
}

// --- offline mode --------------------------------------------------------------------------

function renderOffline(st) {
  root.dataset.network = st.mode;
  root.dataset.pending = String(st.pending);
  root.dataset.roster = st.roster ? "ready" : "none";
  const isOffline = st.available && st.mode === "offline";
  const banner = el("offline-banner");
  let title = "";
  let detail = "";
  let look = "";
  if (isOffline) {
    title = t("offline_title", { n: st.pending });
    detail = t("offline_detail");
    look = "offline";
  } else if (st.needsLogin && st.pending) {
    title = t("sync_login", { n: st.pending });
    look = "problem";
  } else if (st.syncing) {
    title = t("syncing", { n: st.pending });
    look = "syncing";
  } else if (st.pending) {
    title = t("pending_online", { n: st.pending });
    look = "syncing";
  }
  banner.hidden = !title;
  banner.className = `offline-banner offline-banner--${look}`;
  el("offline-title").textContent = title;
  setText("offline-detail", detail);
  el("offline-retry").hidden = !(isOffline || (st.pending && !st.syncing));

  el("search-offline").hidden = !isOffline;
  el("search-input").disabled = isOffline;
  const walkinNote = el("walkin-offline");
  if (walkinNote) {
    walkinNote.hidden = !isOffline;
    for (const node of el("walkin-form").elements) node.disabled = isOffline;
  }
  if (isOffline) {
    el("search-results").replaceChildren();
    el("search-status").textContent = "";
    clearNetError();
  }

  let rosterText = t("offline_unavailable");
  if (st.available) {
    rosterText = st.roster
      ? t("roster_ready", { n: st.roster.count, time: localTime(new Date(st.roster.savedAt).toISOString()) })
      : t("roster_loading");
  }
  el("roster-status").textContent = rosterText;
  el("sw-status").hidden = !(st.available && state.swMissing);
  el("roster-status").classList.toggle("roster-status--warn", !st.available || !st.roster);

  if (st.lastSync && st.lastSync.at !== state.shownSyncAt) {
    state.shownSyncAt = st.lastSync.at;
    showSyncResult(st.lastSync);
  }
}

function showSyncResult(tally) {
  const parts = [t("sync_done", { n: tally.sent, admitted: tally.admitted, already: tally.already })];
  const refused = tally.refused + tally.invalid;
  if (refused) parts.push(t("sync_refused", { n: refused }));
  el("sync-result-title").textContent = parts.join(" · ");
  const list = el("sync-conflicts");
  const items = tally.conflicts.map((c) => {
    const item = document.createElement("li");
    item.textContent = t("sync_conflict_item", { name: c.name, time: localTime(c.at), gate: c.gate });
    return item;
  });
  if (items.length) {
    const head = document.createElement("li");
    head.className = "sync-result__conflicts-head";
    head.textContent = t("sync_conflicts", { n: items.length });
    items.unshift(head);
  }
  list.replaceChildren(...items);
  const box = el("sync-result");
  box.classList.toggle("sync-result--conflict", tally.conflicts.length > 0);
  box.dataset.sent = String(tally.sent);
  box.dataset.conflicts = String(tally.conflicts.length);
  box.hidden = false;
}

function startOffline() {
  offline.start();
  // The page itself (clean address) and the decoder files it loads on demand.
  const keep = [config.urls.page, config.urls.ponyfill, config.urls.wasm];
  for (const entry of performance.getEntriesByType("resource")) {
    if (entry.name.startsWith(window.location.origin)) keep.push(entry.name);
  }
  registerServiceWorker(config.urls.sw, config.swScope, keep).then((registration) => {
    root.dataset.sw = registration ? "ready" : "none";
    // Without a worker (an untrusted certificate) the queue still works, but a reload
    // with no network cannot bring the page back: say so while there is time.
    state.swMissing = !registration;
    renderOffline(offline.state());
  });
}

// --- wiring ------------------------------------------------------------------------------

function wire() {
  for (const choice of document.querySelectorAll(".door-choice")) {
    choice.addEventListener("click", () => {
      unlockAudio();
      chooseDoor(choice.dataset.door);
    });
  }
  el("door-current").addEventListener("click", showChooser);
  for (const tab of document.querySelectorAll(".modes__tab")) {
    tab.addEventListener("click", () => setMode(tab.dataset.mode));
  }
  for (const link of document.querySelectorAll("[data-goto]")) {
    link.addEventListener("click", () => setMode(link.dataset.goto));
  }
  el("camera-retry").addEventListener("click", () => startCamera());
  el("torch").addEventListener("click", toggleTorch);
  el("verdict").addEventListener("click", hideVerdict);
  // Browsers allow sound only after a tap: any tap on the page unlocks it.
  document.addEventListener("pointerdown", unlockAudio, { passive: true });
  document.addEventListener("keydown", (event) => {
    unlockAudio();
    // A scanner types wherever the focus is: in wedge mode, catch keys that would be lost.
    const target = event.target;
    const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement
      || target instanceof HTMLSelectElement;
    if (state.mode === "wedge" && state.door && !typing) el("wedge-input").focus();
  });
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && state.mode === "camera" && state.door) startCamera();
  });
  attachWedge(el("wedge-input"), {
    idleMs: config.wedgeIdleMs,
    onCode: (code) => sendCode(code),
  });
  el("search-input").addEventListener("input", onSearchInput);
  el("offline-retry").addEventListener("click", () => offline.checkNow());
  el("sync-result-close").addEventListener("click", () => {
    el("sync-result").hidden = true;
  });
  const walkin = el("walkin-form");
  if (walkin) walkin.addEventListener("submit", onWalkinSubmit);
}

function start() {
  wire();
  startOffline();
  const savedMode = storageGet(`${config.storageKey}.mode`);
  state.mode = MODES.includes(savedMode) ? availableMode(savedMode) : "camera";
  if (config.urlDoor) {
    // The door came in the link (door pass): remember it, then drop it from the address so
    // a later change of door is not undone by a reload.
    const url = new URL(window.location.href);
    url.searchParams.delete("door");
    history.replaceState(null, "", url);
  }
  const door = initialDoor();
  if (door) chooseDoor(door);
  else showChooser();
  root.dataset.ready = "1";
}

start();
