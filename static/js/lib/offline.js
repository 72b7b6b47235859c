// Offline mode of the door scanner. The server stays the authority: offline is a degraded
// mode that switches on by itself when the API cannot be reached or is slow, judges scans
// from the encrypted roster on the phone, queues them durably (IndexedDB), and sends them
// through the batch endpoint when the server answers again, each scan exactly once (a scan
// leaves the queue only after the server's answer for its scan_id; resending is harmless
// because the server is idempotent on scan_id).

import { getJson, postJson, setCsrfToken } from "./api.js";
import {
  countQueued,
  enqueueScan,
  forgetKnownAdmissions,
  localAdmission,
  openOfflineDb,
  queuedScans,
  rememberAdmission,
  removeScans,
} from "./queue.js";
import { cryptoAvailable, deriveKeys, lookupCode, rosterInfo, saveRoster, secretFromCode } from "./roster.js";

const PROBE_MS = 5000;
const REFRESH_MS = 30000;
const FULL_ROSTER_EVERY_MS = 60 * 60 * 1000;
const BATCH_SIZE = 100;

// Errors that mean "no usable server": no answer, too slow, a proxy saying the app is down,
// or something that is not our API answering (a hotel captive portal).
export function isUnreachable(error) {
  if (!error) return false;
  if (["network", "timeout", "bad_response"].includes(error.kind)) return true;
  return error.kind === "http" && error.status >= 502 && error.status <= 504;
}

function card(details) {
  const { id, name, ormas, region, level, position } = details;
  return { id, name, ormas, region, level, position };
}

// onChange(state) after every change; state: { available, mode: "online"|"offline",
// pending, roster: {count, savedAt, …}|null, syncing, needsLogin, lastSync }.
export function createOffline({ slug, rosterUrl, batchUrl, onChange = () => {} }) {
  const state = {
    available: false,
    mode: "online",
    pending: 0,
    roster: null,
    syncing: false,
    needsLogin: false,
    lastSync: null,
  };
  let db = null;
  let timer = null;
  let running = null;

  const emit = () => onChange({ ...state });

  function setMode(mode) {
    if (state.mode === mode) return;
    state.mode = mode;
    emit();
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(checkNow, ms);
  }

  async function start() {
    if (!cryptoAvailable()) {
      emit();
      return;
    }
    try {
      db = await openOfflineDb(slug);
      state.roster = await rosterInfo(db);
      state.pending = await countQueued(db);
      state.available = true;
    } catch {
      db = null;
    }
    if (navigator.onLine === false) state.mode = "offline";
    emit();
    window.addEventListener("online", () => checkNow());
    window.addEventListener("offline", () => goOffline());
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden) checkNow();
    });
    checkNow();
  }

  // Refresh the roster, send the queue, and decide the mode; one run at a time.
  function checkNow() {
    if (!state.available) return Promise.resolve();
    if (running) return running;
    clearTimeout(timer);
    running = (async () => {
      try {
        const started = Date.now();
        await refreshRoster();
        await forgetKnownAdmissions(db, started);
        state.needsLogin = false;
        await syncQueue();
        setMode("online");
      } catch (error) {
        if (isUnreachable(error)) setMode("offline");
        else if (error && error.kind === "http" && (error.status === 401 || error.status === 403)) {
          // Signed out (or the door pass was revoked): scans wait until someone signs in.
          state.needsLogin = true;
          setMode("online");
          emit();
        }
      } finally {
        running = null;
        schedule(state.mode === "offline" ? PROBE_MS : REFRESH_MS);
      }
    })();
    return running;
  }

  async function refreshRoster({ forceFull = false } = {}) {
    const info = state.roster;
    const full = forceFull || !info || !info.fullAt || Date.now() - info.fullAt > FULL_ROSTER_EVERY_MS;
    const url = full ? rosterUrl : `${rosterUrl}?since=${encodeURIComponent(info.cursor)}`;
    const answer = await getJson(url, { timeoutMs: full ? 30000 : 4000 });
    if (answer.csrf_token) setCsrfToken(answer.csrf_token);
    try {
      state.roster = await saveRoster(db, answer);
    } catch (error) {
      if (full) throw error;
      return refreshRoster({ forceFull: true });
    }
    emit();
    return state.roster;
  }

  async function sendBatch(items, retried = false) {
    const scans = items.map(({ code, gate, scan_id, scanned_at, offline_admitted }) => {
      const scan = { code, gate, scan_id, scanned_at };
      if (offline_admitted) scan.offline_admitted = true;
      return scan;
    });
    try {
      return await postJson(batchUrl, { scans }, { timeoutMs: 20000 });
    } catch (error) {
      // A page kept from an earlier visit may hold an old form token: take a fresh one.
      if (retried || error.code !== "csrf_failed") throw error;
      await refreshRoster();
      return sendBatch(items, true);
    }
  }

  async function syncQueue() {
    const items = await queuedScans(db);
    state.pending = items.length;
    if (!items.length) return;
    state.syncing = true;
    emit();
    const tally = { sent: 0, admitted: 0, already: 0, refused: 0, invalid: 0, conflicts: [] };
    try {
      for (let i = 0; i < items.length; i += BATCH_SIZE) {
        const chunk = items.slice(i, i + BATCH_SIZE);
        const answer = await sendBatch(chunk);
        const answered = [];
        chunk.forEach((item, n) => {
          const result = answer.results && answer.results[n];
          if (!result) return;
          answered.push(item.scan_id);
          countResult(tally, result);
        });
        await removeScans(db, answered);
        state.pending = await countQueued(db);
        emit();
      }
    } finally {
      state.syncing = false;
      if (tally.sent) state.lastSync = { ...tally, at: Date.now() };
      emit();
    }
  }

  function countResult(tally, result) {
    tally.sent += 1;
    if (result.result === "admitted") tally.admitted += 1;
    else if (result.result === "already_checked_in") {
      tally.already += 1;
      if (result.conflict) {
        tally.conflicts.push({
          name: result.delegate ? result.delegate.name : "",
          gate: result.gate || "",
          at: result.checked_in_at || "",
        });
      }
    } else if (result.result === "invalid") tally.invalid += 1;
    else tally.refused += 1;
  }

  function goOffline() {
    if (!state.available) return;
    setMode("offline");
    schedule(PROBE_MS);
  }

  async function keep(scan, admission = null) {
    await enqueueScan(db, scan, admission);
    state.pending += 1;
    emit();
  }

  // The verdict from the phone's roster; the scan is queued unless sending it could admit
  // someone the door refused (a code the roster does not know may be valid on the server).
  async function judge(scan) {
    const base = { delegate: null, gate: scan.gate, scan_id: scan.scan_id, offline: true };
    if (!secretFromCode(scan.code)) {
      await keep(scan);
      return { ...base, result: "unknown_code", queued: true };
    }
    const info = state.roster;
    if (!info) return { ...base, result: "no_roster", queued: false };
    const found = await lookupCode(db, info, scan.code);
    if (!found.details) return { ...base, result: "unknown_code", queued: false };
    if (found.details.revoked) {
      await keep(scan);
      return { ...base, result: "revoked", queued: true };
    }
    const delegate = card(found.details);
    const known = found.details.status === "checked_in";
    const local = known ? null : await localAdmission(db, found.k);
    if (known || local) {
      await keep(scan);
      return {
        ...base,
        result: "already_checked_in",
        delegate,
        vip: Boolean(found.details.vip),
        checked_in_at: known ? found.details.checked_in_at : local.at,
        gate: known ? found.details.gate : local.gate,
        local: !known,
        queued: true,
      };
    }
    const admission = { k: found.k, at: scan.scanned_at, gate: scan.gate, scan_id: scan.scan_id };
    await keep({ ...scan, offline_admitted: true }, admission);
    return { ...base, result: "admitted", delegate, vip: Boolean(found.details.vip), queued: true };
  }

  // The server admitted (or had admitted) this code: remember it here, so that if the
  // network drops before the next roster refresh, a second scan says "already in".
  async function noteOnlineAnswer(code, answer) {
    if (!state.available || !state.roster) return;
    if (answer.result !== "admitted" && answer.result !== "already_checked_in") return;
    const secret = secretFromCode(code);
    if (!secret) return;
    try {
      const { k } = await deriveKeys(secret, state.roster.salt);
      await rememberAdmission(db, {
        k,
        at: answer.checked_in_at,
        gate: answer.gate,
        scan_id: answer.scan_id,
        syncedAt: Date.now(),
      });
    } catch {
      // Only a hint for offline verdicts; the server has the check-in.
    }
  }

  return {
    start,
    checkNow,
    goOffline,
    judge,
    noteOnlineAnswer,
    isOffline: () => state.available && state.mode === "offline",
    canWorkOffline: () => state.available,
    state: () => ({ ...state }),
  };
}

// Register the service worker and ask it to keep this page and files loaded on demand.
// Ask the worker to keep these URLs and wait until it has (or KEEP_TIMEOUT_MS): the page is
// "ready offline" only once its own address is in the worker's cache, else a reload with no
// network right after would find nothing.
const KEEP_TIMEOUT_MS = 15000;

function askToKeep(worker, urls) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(resolve, KEEP_TIMEOUT_MS);
    channel.port1.onmessage = () => {
      clearTimeout(timer);
      resolve();
    };
    worker.postMessage({ type: "keep", urls }, [channel.port2]);
  });
}

export async function registerServiceWorker(swUrl, scope, keepUrls = []) {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return null;
  try {
    await navigator.serviceWorker.register(swUrl, { scope });
    const registration = await navigator.serviceWorker.ready;
    if (registration.active) await askToKeep(registration.active, keepUrls);
    return registration;
  } catch {
    // A certificate the phone does not trust: the page keeps working online only.
    return null;
  }
}
