"""Which decoder the scanner picks: the browser's BarcodeDetector only when it lists qr_code,
else zxing-wasm via the ponyfill, loaded from our static files (never a CDN), in a worker
where the browser can run it there, else on the main thread."""

from __future__ import annotations

import base64
import io

import pytest

from tests.browser.y4m import qr_frame

PICK = """
async ({ stub, ponyfillUrl, wasmUrl }) => {
  if (stub === "none") {
    delete window.BarcodeDetector;
  } else {
    window.BarcodeDetector = class {
      static async getSupportedFormats() { return stub === "empty" ? [] : ["qr_code", "ean_13"]; }
      async detect() { return [{ rawValue: "from-native" }]; }
    };
  }
  const { createDecoder } = await import("/static/js/lib/decoder.js");
  const decoder = await createDecoder({ ponyfillUrl, wasmUrl });
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  const found = await decoder.detect(canvas);
  return { kind: decoder.kind, found };
}
"""


@pytest.mark.parametrize(
    ("stub", "kind"),
    [("none", "zxing"), ("empty", "zxing"), ("qr", "native")],
    ids=["no-barcode-detector", "empty-formats-android", "native-with-qr"],
)
def test_decoder_choice(browser, live_url, stub, kind):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_url}/login")
    picked = page.evaluate(
        PICK,
        {
            "stub": stub,
            "ponyfillUrl": "/static/vendor/barcode-detector/ponyfill.js",
            "wasmUrl": "/static/vendor/zxing-wasm/zxing_reader.wasm",
        },
    )
    assert picked["kind"] == kind
    assert picked["found"] == (["from-native"] if kind == "native" else [])
    assert all(url.startswith(live_url) for url in requests), requests
    wasm_loaded = any(
        url.endswith("/static/vendor/zxing-wasm/zxing_reader.wasm") for url in requests
    )
    assert wasm_loaded == (kind == "zxing")


# A QR drawn on a canvas, decoded by the worker (or the main thread without one).
DECODE = """
async ({ removeWorker, workerUrl, ponyfillUrl, wasmUrl, png }) => {
  delete window.BarcodeDetector;
  if (removeWorker) delete window.Worker;
  const { createDecoder } = await import("/static/js/lib/decoder.js");
  const decoder = await createDecoder({ ponyfillUrl, wasmUrl, workerUrl });
  const image = new Image();
  image.src = png;
  await image.decode();
  const canvas = document.createElement("canvas");
  [canvas.width, canvas.height] = [image.width, image.height];
  canvas.getContext("2d").drawImage(image, 0, 0);
  const found = [await decoder.detect(canvas), await decoder.detect(canvas)];
  decoder.close();
  return { kind: decoder.kind, found };
}
"""


@pytest.mark.parametrize(
    ("worker_url", "remove_worker", "kind"),
    [
        ("/static/js/decoder-worker.js", False, "zxing-worker"),
        ("/static/js/decoder-worker.js", True, "zxing"),
        ("/static/js/no-such-worker.js", False, "zxing"),
    ],
    ids=["worker", "no-worker-api", "worker-fails-to-load"],
)
def test_zxing_decodes_in_a_worker_else_on_the_main_thread(
    browser, live_url, worker_url, remove_worker, kind
):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_url}/login")
    png = io.BytesIO()
    qr_frame("https://checkin.example.id/i/abc").save(png, "PNG")
    decoded = page.evaluate(
        DECODE,
        {
            "removeWorker": remove_worker,
            "workerUrl": worker_url,
            "ponyfillUrl": "/static/vendor/barcode-detector/ponyfill.js",
            "wasmUrl": "/static/vendor/zxing-wasm/zxing_reader.wasm",
            "png": "data:image/png;base64," + base64.b64encode(png.getvalue()).decode(),
        },
    )
    assert decoded == {"kind": kind, "found": [["https://checkin.example.id/i/abc"]] * 2}
    assert errors == []
    assert all(url.startswith((live_url, "data:")) for url in requests), requests
    # The worker's own requests are seen too: it fetched the local .wasm.
    assert any(url.endswith("/zxing-wasm/zxing_reader.wasm") for url in requests)
