// The service worker: the door scanner and the invitation page open with no network once
// they have been opened. Served from /sw.js (checkin/views/offline.py) so its scope covers
// /e/<slug>/scan and /i/<secret>. It never touches the API: scans and the roster live in
// IndexedDB (static/js/lib/queue.js, roster.js), and the server stays the authority.
//
// - the scanner and invitation pages: network first (the server's copy when it answers
//   within a few seconds), else the copy kept from the last visit;
// - static files: from the cache at once, refreshed in the background for the next load.

const VERSION = "v1";
const SHELL_CACHE = `checkin-shell-${VERSION}`;
const PAGE_CACHE = `checkin-pages-${VERSION}`;
const PAGE_TIMEOUT_MS = 3000;

const ROOT = new URL("./", self.location.href);
const ROOT_PATH = ROOT.pathname;

// The scanner's shell, fetched when the worker installs (the decoder's .wasm included).
const SHELL = [
  "static/css/app.css",
  "static/css/door.css",
  "static/css/invite.css",
  "static/js/scanner.js",
  "static/js/decoder-worker.js",
  "static/js/invite-offline.js",
  "static/js/lib/api.js",
  "static/js/lib/camera.js",
  "static/js/lib/decoder.js",
  "static/js/lib/dom.js",
  "static/js/lib/doors.js",
  "static/js/lib/feedback.js",
  "static/js/lib/format.js",
  "static/js/lib/net-error.js",
  "static/js/lib/offline-status.js",
  "static/js/lib/offline.js",
  "static/js/lib/queue.js",
  "static/js/lib/roster.js",
  "static/js/lib/scanner-config.js",
  "static/js/lib/search.js",
  "static/js/lib/sending.js",
  "static/js/lib/storage.js",
  "static/js/lib/texts.js",
  "static/js/lib/verdict.js",
  "static/js/lib/walkin.js",
  "static/js/lib/wedge.js",
  "static/vendor/barcode-detector/ponyfill.js",
  "static/vendor/barcode-detector/zxing-exported.js",
  "static/vendor/zxing-wasm/zxing_reader.wasm",
  "static/img/icon.svg",
].map((path) => new URL(path, ROOT).href);

const SCAN_PAGE = /^e\/[^/]+\/scan\/?$/;
const INVITE = /^i\/[A-Za-z0-9_-]+(\/qr\.(png|svg))?\/?$/;
const STATIC = /^(static\/|icon-\d+\.png$|e\/[^/]+\/manifest\.webmanifest$)/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      // One missing file must not stop the rest from being kept.
      await Promise.allSettled(SHELL.map((url) => cache.add(url)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([SHELL_CACHE, PAGE_CACHE]);
      for (const name of await caches.keys()) {
        if (name.startsWith("checkin-") && !keep.has(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

// A page asks to keep URLs it loaded (its own address, lazily loaded decoder files). It is
// told on the port it sends once all are kept: only then may it say it works offline.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  const done = Promise.allSettled(data.urls.map(keep)).then(() => {
    if (event.ports && event.ports[0]) event.ports[0].postMessage({ type: "kept" });
  });
  event.waitUntil(done);
});

async function keep(rawUrl) {
  const url = new URL(rawUrl, ROOT);
  if (url.origin !== self.location.origin) return;
  const kind = kindOf(url);
  if (!kind) return;
  const response = await fetch(url.href, { credentials: "same-origin", cache: "no-store" });
  if (!usable(response)) return;
  const cache = await caches.open(kind === "static" ? SHELL_CACHE : PAGE_CACHE);
  await cache.put(pageKey(url, kind), response);
}

function kindOf(url) {
  if (!url.pathname.startsWith(ROOT_PATH)) return null;
  const path = url.pathname.slice(ROOT_PATH.length);
  if (path.startsWith("api/")) return null;
  if (SCAN_PAGE.test(path)) return "scan";
  if (INVITE.test(path)) return "invite";
  if (STATIC.test(path)) return "static";
  return null;
}

// The scanner page is kept without its query (?door=… only preselects a door once).
function pageKey(url, kind) {
  if (kind !== "scan") return url.href;
  const clean = new URL(url.href);
  clean.search = "";
  return clean.href;
}

function usable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const kind = kindOf(url);
  if (kind === "static") event.respondWith(cacheFirst(request));
  else if (kind === "scan" || kind === "invite") event.respondWith(networkFirst(request, url, kind));
});

async function cacheFirst(request) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request, { ignoreVary: true });
  const fresh = fetch(request)
    .then(async (response) => {
      if (usable(response)) await cache.put(request, response.clone());
      return response;
    })
    .catch(() => null);
  if (cached) {
    fresh.catch(() => {});
    return cached;
  }
  return (await fresh) || Response.error();
}

async function networkFirst(request, url, kind) {
  const cache = await caches.open(PAGE_CACHE);
  const key = pageKey(url, kind);
  const network = fetch(request).then(async (response) => {
    // Keep the scanner page only from its clean address, so no ?door= is baked in.
    if (usable(response) && (kind !== "scan" || !url.search)) {
      await cache.put(key, response.clone());
    }
    return response;
  });
  const answer = await Promise.race([
    network.then((response) => ({ response }), () => ({ failed: true })),
    sleep(PAGE_TIMEOUT_MS).then(() => ({ slow: true })),
  ]);
  if (answer.response) return answer.response;
  const cached = await cache.match(key, { ignoreSearch: kind === "scan", ignoreVary: true });
  if (cached) return cached;
  // Nothing kept: wait for the network after all, or say plainly that we are offline.
  try {
    return await network;
  } catch {
    return offlinePage();
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function offlinePage() {
  const body =
    "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
    "<title>Luring</title><h1>Tidak ada sambungan</h1>" +
    "<p>Halaman ini belum pernah dibuka di perangkat ini, jadi belum tersimpan. " +
    "Sambungkan ke wifi acara lalu muat ulang.</p>";
  return new Response(body, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
