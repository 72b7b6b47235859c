// QR decoding on the phone: the browser's BarcodeDetector where it really reads QR codes,
// else the barcode-detector ponyfill (zxing-wasm) served from our own static files, in a
// worker (decoder-worker.js) so the main thread only paints, or on the main thread where
// the browser cannot run it in a worker.

// Some Android browsers expose a BarcodeDetector whose getSupportedFormats() is empty:
// only trust it when "qr_code" is listed.
export async function nativeQrSupported() {
  if (!("BarcodeDetector" in globalThis)) return false;
  try {
    const formats = await globalThis.BarcodeDetector.getSupportedFormats();
    return Array.isArray(formats) && formats.includes("qr_code");
  } catch {
    return false;
  }
}

// A worker gets frames as transferred ImageBitmaps and draws them on an OffscreenCanvas.
export function workerSupported() {
  return ["Worker", "OffscreenCanvas", "createImageBitmap"].every(
    (name) => typeof globalThis[name] === "function",
  );
}

// Returns { kind: "native" | "zxing-worker" | "zxing", detect(source) -> Promise<string[]>,
// close() }; source: the video (or a canvas). ponyfillUrl: the barcode-detector ponyfill in
// /static/vendor; wasmUrl: the matching .wasm; workerUrl: /static/js/decoder-worker.js
// (none: the main thread).
export async function createDecoder({ ponyfillUrl, wasmUrl, workerUrl }) {
  if (await nativeQrSupported()) {
    return wrap("native", new globalThis.BarcodeDetector({ formats: ["qr_code"] }));
  }
  if (workerUrl && workerSupported()) {
    try {
      return await startWorker({ workerUrl, ponyfillUrl, wasmUrl });
    } catch (error) {
      // An old browser (no module workers, no 2D OffscreenCanvas): decode on the main thread.
      console.warn("QR decoder worker unavailable, decoding on the main thread:", error);
    }
  }
  const ponyfill = await import(ponyfillUrl);
  // Without this, zxing-wasm would fetch its .wasm from a CDN; the venue may have no internet.
  const overrides = {
    locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasmUrl : prefix + path),
  };
  await ponyfill.prepareZXingModule({ overrides, fireImmediately: true });
  return wrap("zxing", new ponyfill.BarcodeDetector({ formats: ["qr_code"] }));
}

function wrap(kind, detector) {
  return {
    kind,
    async detect(source) {
      const found = await detector.detect(source);
      return found.map((barcode) => barcode.rawValue).filter((text) => typeof text === "string");
    },
    close() {},
  };
}

function absolute(url) {
  return new URL(url, document.baseURI).href;
}

// Resolves once the worker has loaded zxing-wasm; rejects when it cannot.
function startWorker({ workerUrl, ponyfillUrl, wasmUrl }) {
  const worker = new Worker(absolute(workerUrl), { type: "module" });
  const pending = new Map();
  let nextId = 0;
  let broken = null;
  let ready = false;

  function fail(error) {
    broken = error;
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  }

  async function detect(source) {
    if (broken) throw broken;
    const image = await createImageBitmap(source);
    nextId += 1;
    const id = nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ type: "detect", id, image }, [image]);
    });
  }

  return new Promise((resolve, reject) => {
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      const error = new Error(event.message || "the decoder worker stopped");
      if (ready) return fail(error);
      worker.terminate();
      return reject(error);
    });
    worker.addEventListener("message", (event) => {
      const data = event.data || {};
      if (data.type === "ready") {
        ready = true;
        resolve({ kind: "zxing-worker", detect, close: () => worker.terminate() });
      } else if (data.type === "failed") {
        worker.terminate();
        reject(new Error(data.message));
      } else if (pending.has(data.id)) {
        const job = pending.get(data.id);
        pending.delete(data.id);
        if (data.type === "found") job.resolve(data.texts);
        else job.reject(new Error(data.message));
      }
    });
    worker.postMessage({ type: "init", ponyfillUrl: absolute(ponyfillUrl), wasmUrl: absolute(wasmUrl) });
  });
}
