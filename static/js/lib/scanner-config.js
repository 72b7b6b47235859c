// What the door page's template hands the scanner script, read from the data- attributes of
// #scanner: doors, URLs, timings (the server's DOOR_*_MS settings) and translated texts.

// A timing the server must give: no second copy of its default lives in the script.
export function readMilliseconds(dataset, name) {
  const text = dataset[name];
  const value = Number(text);
  if (text === undefined || text === "" || !Number.isFinite(value) || value < 0) {
    throw new Error(`#scanner needs a data- attribute for ${name} (milliseconds)`);
  }
  return value;
}

export function readConfig(dataset) {
  const d = dataset;
  return {
    slug: d.slug,
    doors: JSON.parse(d.doors || "[]"),
    urlDoor: d.urlDoor || "",
    assignedDoor: d.assignedDoor || "",
    storageKey: d.storageKey,
    urls: {
      checkin: d.checkinUrl,
      manual: d.manualUrl,
      walkin: d.walkinUrl,
      search: d.searchUrl,
      ponyfill: d.ponyfillUrl,
      wasm: d.wasmUrl,
      decoderWorker: d.decoderWorkerUrl,
      batch: d.batchUrl,
      roster: d.rosterUrl,
      sw: d.swUrl,
      page: d.pageUrl,
    },
    swScope: d.swScope || "/",
    onlineTimeoutMs: readMilliseconds(d, "onlineTimeoutMs"),
    verdictMs: readMilliseconds(d, "verdictMs"),
    repeatMs: readMilliseconds(d, "repeatMs"),
    wedgeIdleMs: readMilliseconds(d, "wedgeIdleMs"),
    scanIntervalMs: readMilliseconds(d, "scanIntervalMs"),
    searchDelayMs: readMilliseconds(d, "searchDelayMs"),
    timezone: d.timezone,
    tzLabel: d.tzLabel || "",
    messages: JSON.parse(d.messages || "{}"),
  };
}
