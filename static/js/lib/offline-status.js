// What the door scanner shows of offline mode (offline.js does the work): the banner (offline,
// scans waiting to be sent, syncing, signed out), the queue count, whether the roster is kept
// on the phone, a missing service worker, and the result of the last sync with its conflicts.
import { byId, el, setText } from "./dom.js";
import { clearNetError } from "./net-error.js";
import { registerServiceWorker } from "./offline.js";

export function isOfflineMode(st) {
  return st.available && st.mode === "offline";
}

function bannerFor(st, t) {
  if (isOfflineMode(st)) {
    return { title: t("offline_title", { n: st.pending }), detail: t("offline_detail"), look: "offline" };
  }
  if (st.needsLogin && st.pending) return { title: t("sync_login", { n: st.pending }), look: "problem" };
  if (st.syncing) return { title: t("syncing", { n: st.pending }), look: "syncing" };
  if (st.pending) return { title: t("pending_online", { n: st.pending }), look: "syncing" };
  return { title: "", look: "" };
}

// root: #scanner (gets data-network, -pending, -roster, -sw); onOffline(isOffline): after
// each render, for the parts of the page that only work online.
// Returns { render(state of offline.js), serviceWorker(registration or null) }.
export function createOfflineStatus({ root, t, times, onOffline }) {
  // The service worker could not be registered (an untrusted certificate).
  let swMissing = false;
  // The last sync whose result is on screen.
  let shownSyncAt = 0;

  function render(st) {
    root.dataset.network = st.mode;
    root.dataset.pending = String(st.pending);
    root.dataset.roster = st.roster ? "ready" : "none";
    const offline = isOfflineMode(st);
    const { title, detail = "", look } = bannerFor(st, t);
    const node = byId("offline-banner");
    node.hidden = !title;
    node.className = `offline-banner offline-banner--${look}`;
    byId("offline-title").textContent = title;
    setText("offline-detail", detail);
    byId("offline-retry").hidden = !(offline || (st.pending && !st.syncing));

    onOffline(offline);
    if (offline) clearNetError();

    let rosterText = t("offline_unavailable");
    if (st.available) {
      rosterText = st.roster
        ? t("roster_ready", { n: st.roster.count, time: times.zoned(new Date(st.roster.savedAt)) })
        : t("roster_loading");
    }
    byId("roster-status").textContent = rosterText;
    byId("sw-status").hidden = !(st.available && swMissing);
    byId("roster-status").classList.toggle("roster-status--warn", !st.available || !st.roster);

    if (st.lastSync && st.lastSync.at !== shownSyncAt) {
      shownSyncAt = st.lastSync.at;
      showSyncResult(st.lastSync);
    }
  }

  function showSyncResult(tally) {
    const parts = [t("sync_done", { n: tally.sent, admitted: tally.admitted, already: tally.already })];
    const refused = tally.refused + tally.invalid;
    if (refused) parts.push(t("sync_refused", { n: refused }));
    byId("sync-result-title").textContent = parts.join(" · ");
    const items = tally.conflicts.map((c) =>
      el("li", "", t("sync_conflict_item", { name: c.name, time: times.zoned(c.at), gate: c.gate })),
    );
    if (items.length) {
      items.unshift(el("li", "sync-result__conflicts-head", t("sync_conflicts", { n: items.length })));
    }
    byId("sync-conflicts").replaceChildren(...items);
    const box = byId("sync-result");
    box.classList.toggle("sync-result--conflict", tally.conflicts.length > 0);
    box.dataset.sent = String(tally.sent);
    box.dataset.conflicts = String(tally.conflicts.length);
    box.hidden = false;
  }

  // Without a worker (an untrusted certificate) the queue still works, but a reload with no
  // network cannot bring the page back: the page says so while there is time.
  function serviceWorker(registration) {
    root.dataset.sw = registration ? "ready" : "none";
    swMissing = !registration;
  }

  byId("sync-result-close").addEventListener("click", () => {
    byId("sync-result").hidden = true;
  });
  return { render, serviceWorker };
}

// Start offline mode (offline: createOffline() of offline.js) and the service worker, asking
// it to keep keepUrls (the page's clean address, the decoder files it loads on demand) and
// every file of ours the page has loaded.
export function startOffline({ offline, status, swUrl, swScope, keepUrls }) {
  byId("offline-retry").addEventListener("click", () => offline.checkNow());
  offline.start();
  const keep = [...keepUrls];
  for (const entry of performance.getEntriesByType("resource")) {
    if (entry.name.startsWith(window.location.origin)) keep.push(entry.name);
  }
  registerServiceWorker(swUrl, swScope, keep).then((registration) => {
    status.serviceWorker(registration);
    status.render(offline.state());
  });
}
