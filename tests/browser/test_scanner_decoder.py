"""Which decoder the scanner picks: the browser's BarcodeDetector only when it lists qr_code,
else zxing-wasm via the ponyfill, loaded from our static files (never a CDN)."""

from __future__ import annotations

import pytest

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
