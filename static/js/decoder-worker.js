// The zxing-wasm QR decoder in a worker, so the door page's main thread only paints. The page
// (lib/decoder.js) sends { type: "init", ponyfillUrl, wasmUrl } once, then one camera frame
// at a time as an ImageBitmap it transfers (no copy): { type: "detect", id, image }.
// Answers: { type: "ready" } or { type: "failed", message }; { type: "found", id, texts } or
// { type: "error", id, message }.

let detector = null;
let canvas = null;
let context = null;

async function prepare({ ponyfillUrl, wasmUrl }) {
  // Some browsers have OffscreenCanvas but no 2D context for it in workers: say so now, so
  // the page decodes on its main thread instead.
  if (!new OffscreenCanvas(1, 1).getContext("2d")) throw new Error("no 2D OffscreenCanvas");
  const ponyfill = await import(ponyfillUrl);
  // Without this, zxing-wasm would fetch its .wasm from a CDN; the venue may have no internet.
  const overrides = {
    locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasmUrl : prefix + path),
  };
  await ponyfill.prepareZXingModule({ overrides, fireImmediately: true });
  detector = new ponyfill.BarcodeDetector({ formats: ["qr_code"] });
}

// The frame's pixels, through one canvas kept for every frame (the ponyfill would make a
// new canvas for each ImageBitmap).
function pixels(image) {
  if (!canvas || canvas.width !== image.width || canvas.height !== image.height) {
    canvas = new OffscreenCanvas(image.width, image.height);
    context = canvas.getContext("2d", { willReadFrequently: true });
  }
  context.drawImage(image, 0, 0);
  return context.getImageData(0, 0, image.width, image.height);
}

async function detect({ id, image }) {
  try {
    const found = await detector.detect(pixels(image));
    const texts = found.map((barcode) => barcode.rawValue).filter((text) => typeof text === "string");
    self.postMessage({ type: "found", id, texts });
  } catch (error) {
    self.postMessage({ type: "error", id, message: (error && error.message) || String(error) });
  } finally {
    image.close();
  }
}

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  if (message.type === "detect") {
    await detect(message);
  } else if (message.type === "init") {
    try {
      await prepare(message);
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage({ type: "failed", message: (error && error.message) || String(error) });
    }
  }
});
