// Keyboard-wedge scanners (USB or Bluetooth) "type" the QR's text into the focused field,
// some with Enter or Tab after it, some with nothing; some add control characters or a
// symbology prefix. We clean the text and submit on Enter/Tab or after a short pause.

// C0 and C1 control characters (STX/ETX framing, GS, CR, LF...).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// AIM symbology identifier some scanners put first: "]Q1" for QR, "]d2", "]C1"...
const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;

export function cleanScannedText(raw, extraPrefixes = []) {
  let text = String(raw || "").replace(CONTROL, "").trim();
  text = text.replace(AIM_PREFIX, "").trim();
  for (const prefix of extraPrefixes) {
    if (prefix && text.startsWith(prefix)) text = text.slice(prefix.length).trim();
  }
  return text;
}

// Wire an <input> so that each scanned code reaches onCode(text) exactly once. Without Enter,
// a pause submits only what arrived as a scanner burst (fast keys), so a person typing a
// code by hand is not cut off half-way: they press Enter. idleMs: the page's setting
// (data-wedge-idle-ms, from the server's DOOR_WEDGE_IDLE_MS).
export function attachWedge(input, { onCode, idleMs, burstMsPerChar = 60, prefixes = [] }) {
  let timer = null;
  let burstStart = 0;
  let burstChars = 0;
  let lastAt = 0;
  let baseLength = 0;
  let prevLength = 0;

  function submit() {
    clearTimeout(timer);
    timer = null;
    burstChars = 0;
    prevLength = 0;
    const text = cleanScannedText(input.value, prefixes);
    input.value = "";
    if (text) onCode(text);
  }

  function onIdle() {
    const perChar = (lastAt - burstStart) / Math.max(1, burstChars - 1);
    if (burstChars >= 6 && perChar <= burstMsPerChar) submit();
    else burstChars = 0;
  }

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      submit();
    }
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const length = input.value.length;
    lastAt = performance.now();
    if (burstChars === 0) {
      burstStart = lastAt;
      baseLength = Math.min(prevLength, length);
    }
    prevLength = length;
    if (!length) {
      burstChars = 0;
      return;
    }
    // Count characters, not events: some Bluetooth scanners deliver the code in one event.
    burstChars = length - baseLength;
    timer = setTimeout(onIdle, idleMs);
  });
  return { submit };
}

// A scanner types wherever the focus is: while isActive(), keys pressed outside any field
// move the focus to the code field, so the scan is not lost.
export function catchStrayKeys(input, isActive) {
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement
      || target instanceof HTMLSelectElement;
    if (isActive() && !typing) input.focus();
  });
}
