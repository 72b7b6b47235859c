// The phone's offline store (IndexedDB), one database per event:
//   roster    encrypted roster entries by lookup key k (static/js/lib/roster.js)
//   meta      the roster's salt, cursor and freshness
//   queue     scans waiting to be sent, by scan_id: a reload or a closed tab loses nothing
//   admitted  delegates this phone let in (by k), so a second scan here says "already in"
// Queue writes are "strict" (flushed to disk before the verdict shows).

const DB_VERSION = 1;

export function openOfflineDb(slug) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(`checkin-offline:${slug}`, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains("roster")) db.createObjectStore("roster", { keyPath: "k" });
      if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
      if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", { keyPath: "scan_id" });
      if (!db.objectStoreNames.contains("admitted")) db.createObjectStore("admitted", { keyPath: "k" });
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the schema: let it, this tab reloads later.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error("IndexedDB blocked by another tab"));
  });
}

export function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Run work(tx) in one transaction; resolves with work's result once the transaction has
// committed (not merely when the requests succeeded).
export function transact(db, stores, mode, work, { durable = false } = {}) {
  const options = durable ? { durability: "strict" } : undefined;
  const tx = db.transaction(stores, mode, options);
  const finished = new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
    tx.onerror = () => reject(tx.error);
  });
  const result = Promise.resolve().then(() => work(tx));
  result.catch(() => {
    try {
      tx.abort();
    } catch {
      // already finished
    }
  });
  return Promise.all([result, finished]).then(([value]) => value);
}

let sequence = 0;

// Keep a scan (and, if the phone let the delegate in, that admission) in one transaction.
export function enqueueScan(db, scan, admission = null) {
  const item = { ...scan, queued_at: Date.now(), seq: (sequence += 1) };
  return transact(
    db,
    ["queue", "admitted"],
    "readwrite",
    (tx) => {
      tx.objectStore("queue").put(item);
      if (admission) tx.objectStore("admitted").put({ ...admission, syncedAt: null });
    },
    { durable: true },
  );
}

// The waiting scans, oldest first (the order they happened in).
export async function queuedScans(db) {
  const items = await transact(db, ["queue"], "readonly", (tx) =>
    done(tx.objectStore("queue").getAll()),
  );
  return items.sort(
    (a, b) => a.queued_at - b.queued_at || a.seq - b.seq || a.scanned_at.localeCompare(b.scanned_at),
  );
}

export function countQueued(db) {
  return transact(db, ["queue"], "readonly", (tx) => done(tx.objectStore("queue").count()));
}

// The server answered these scans: drop them, and note when their admissions reached it.
export function removeScans(db, scanIds, syncedAt = Date.now()) {
  const ids = new Set(scanIds);
  return transact(
    db,
    ["queue", "admitted"],
    "readwrite",
    async (tx) => {
      const queue = tx.objectStore("queue");
      for (const id of ids) queue.delete(id);
      const admitted = tx.objectStore("admitted");
      for (const row of await done(admitted.getAll())) {
        if (ids.has(row.scan_id) && !row.syncedAt) admitted.put({ ...row, syncedAt });
      }
    },
    { durable: true },
  );
}

// Remember that the server admitted a delegate here (online), or that this phone did.
export function rememberAdmission(db, admission) {
  return transact(db, ["admitted"], "readwrite", (tx) => {
    tx.objectStore("admitted").put(admission);
  });
}

export function localAdmission(db, k) {
  return transact(db, ["admitted"], "readonly", (tx) => done(tx.objectStore("admitted").get(k)));
}

// A roster read that started after an admission reached the server already knows it.
export function forgetKnownAdmissions(db, rosterStartedAt) {
  return transact(db, ["admitted"], "readwrite", async (tx) => {
    const store = tx.objectStore("admitted");
    for (const row of await done(store.getAll())) {
      if (row.syncedAt && row.syncedAt < rosterStartedAt) store.delete(row.k);
    }
  });
}
