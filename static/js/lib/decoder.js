// QR decoding on the phone: the browser's BarcodeDetector where it really reads QR codes,
// else the barcode-detector ponyfill (zxing-wasm) served from our own static files.

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

// Returns { kind: "native" | "zxing", detect(source) -> Promise<string[]> }.
// ponyfillUrl: /static/vendor/barcode-detector/ponyfill.js; wasmUrl: the matching .wasm.
export async function createDecoder({ ponyfillUrl, wasmUrl }) {
  if (await nativeQrSupported()) {
    return wrap("native", new globalThis.BarcodeDetector({ formats: ["qr_code"] }));
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
  };
}
