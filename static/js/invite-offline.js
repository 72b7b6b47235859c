// The invitation page keeps working with no signal (a delegate in a basement): register the
// service worker (served from the site's root, two folders above this file) and ask it to
// keep this page and the images and styles it loaded.

const swUrl = new URL("../../sw.js", import.meta.url);

async function keepThisPage() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  try {
    await navigator.serviceWorker.register(swUrl.href, { scope: new URL("./", swUrl).pathname });
    const registration = await navigator.serviceWorker.ready;
    const urls = [window.location.href];
    for (const entry of performance.getEntriesByType("resource")) {
      if (entry.name.startsWith(window.location.origin)) urls.push(entry.name);
    }
    for (const image of document.images) {
      if (image.currentSrc.startsWith(window.location.origin)) urls.push(image.currentSrc);
    }
    if (registration.active) registration.active.postMessage({ type: "keep", urls });
  } catch {
    // An untrusted certificate or a private window: the page simply stays online-only.
  }
}

keepThisPage();
