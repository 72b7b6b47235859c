// The invitation page keeps working with no signal (a delegate in a basement): register the
// service worker (served from the site's root, two folders above this file) and ask it to
// keep this page and the images and styles it loaded, asking again until they are kept.

const swUrl = new URL("../../sw.js", import.meta.url);
const ATTEMPTS = 5;
const RETRY_MS = 1500;

export function urlsToKeep() {
  const urls = new Set([window.location.href]);
  for (const entry of performance.getEntriesByType("resource")) {
    if (entry.name.startsWith(window.location.origin)) urls.add(entry.name);
  }
  for (const image of document.images) {
    if (image.currentSrc.startsWith(window.location.origin)) urls.add(image.currentSrc);
  }
  return [...urls];
}

export async function missingFromCaches(urls) {
  const names = await caches.keys();
  const missing = [];
  for (const url of urls) {
    let found = false;
    for (const name of names) {
      if (await (await caches.open(name)).match(url, { ignoreVary: true })) {
        found = true;
        break;
      }
    }
    if (!found) missing.push(url);
  }
  return missing;
}

async function keepThisPage() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  try {
    await navigator.serviceWorker.register(swUrl.href, { scope: new URL("./", swUrl).pathname });
    const registration = await navigator.serviceWorker.ready;
    const urls = urlsToKeep();
    // What the page needs to open offline: itself and its images (the QR).
    let needed = [window.location.href, ...[...document.images].map((image) => image.currentSrc)];
    for (let attempt = 0; attempt < ATTEMPTS && needed.length > 0; attempt += 1) {
      (registration.active || navigator.serviceWorker.controller)?.postMessage({
        type: "keep",
        urls,
      });
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      needed = await missingFromCaches(needed);
    }
    // Marks the page once it opens without a signal (the browser tests wait for this).
    if (needed.length === 0) document.documentElement.dataset.offlineReady = "true";
  } catch {
    // An untrusted certificate or a private window: the page simply stays online-only.
  }
}

if (document.readyState === "complete") keepThisPage();
else window.addEventListener("load", keepThisPage, { once: true });
