// The offline roster on the phone: entries indexed by a key derived from each delegate's
// secret and encrypted with another (HKDF-SHA256 -> AES-GCM, the same as checkin/roster.py),
// so the phone can read a delegate's details only when that delegate's QR is in front of it.
// A lost phone leaks no one: without the QRs the entries are noise.

import { done, transact } from "./queue.js";

export const FORMAT = 1;
const LOOKUP_INFO = "checkin roster lookup v1";
const DETAILS_INFO = "checkin roster details v1";
const encoder = new TextEncoder();

// --- reading a code (the same rules as checkin/invitations/links.py parse_code) ------------

// A secret is token_urlsafe(24): exactly 32 base64url characters.
const SECRET = "[A-Za-z0-9_-]{32}";
const BARE_SECRET = new RegExp(`^${SECRET}$`);
const INVITATION_PATH = new RegExp(`^(?:/[^?#]*)?/i/(${SECRET})/?$`);
const NO_SCHEME_URL = /^[A-Za-z0-9.-]+(?::\d+)?\//;
const CONTROL_OR_SPACE = /[\u0000-\u001f\u007f-\u009f\s]/;

// The secret in an invitation URL (<any base>/i/<secret>) or a bare secret, else null.
export function secretFromCode(raw) {
  if (typeof raw !== "string" || raw.length > 2048) return null;
  let text = raw.trim();
  if (!text || CONTROL_OR_SPACE.test(text)) return null;
  if (BARE_SECRET.test(text)) return text;
  if (!text.includes("://")) {
    if (!NO_SCHEME_URL.test(text)) return null;
    text = `https://${text}`;
  }
  let url;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const match = url.pathname.match(INVITATION_PATH);
  return match ? match[1] : null;
}

// --- keys ----------------------------------------------------------------------------------

export function cryptoAvailable() {
  return Boolean(globalThis.crypto && crypto.subtle && globalThis.indexedDB);
}

export function b64urlEncode(bytes) {
  let text = "";
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function b64urlDecode(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// { k, key }: the entry's index and the AES-GCM key that opens it.
export async function deriveKeys(secret, saltB64) {
  const material = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveBits",
    "deriveKey",
  ]);
  const salt = b64urlDecode(saltB64);
  const params = (info) => ({ name: "HKDF", hash: "SHA-256", salt, info: encoder.encode(info) });
  const lookup = await crypto.subtle.deriveBits(params(LOOKUP_INFO), material, 256);
  const key = await crypto.subtle.deriveKey(
    params(DETAILS_INFO),
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["decrypt"],
  );
  return { k: b64urlEncode(lookup), key };
}

// The plaintext is the details' JSON padded with spaces to whole blocks, so that an entry's
// length does not tell whether its delegate has arrived (checkin/scanning/roster.py padded);
// JSON.parse skips the spaces.
async function openEntry(entry, key) {
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: b64urlDecode(entry.iv), additionalData: encoder.encode(entry.k) },
    key,
    b64urlDecode(entry.ct),
  );
  return JSON.parse(new TextDecoder().decode(plain));
}

// --- the stored roster ---------------------------------------------------------------------

// { salt, cursor, count, savedAt, fullAt } or null when no roster was ever saved.
export async function rosterInfo(db) {
  const info = await transact(db, ["meta"], "readonly", (tx) =>
    done(tx.objectStore("meta").get("roster")),
  );
  return info || null;
}

// Save an answer of GET /roster: a full one replaces everything, an incremental one
// replaces the entries it carries. Returns the new info.
export async function saveRoster(db, answer) {
  if (answer.format !== FORMAT) throw new Error(`roster format ${answer.format}`);
  const previous = await rosterInfo(db);
  if (!answer.full && (!previous || previous.salt !== answer.salt)) {
    throw new Error("incremental roster without a matching full one");
  }
  return transact(db, ["roster", "meta"], "readwrite", async (tx) => {
    const store = tx.objectStore("roster");
    if (answer.full) store.clear();
    for (const entry of answer.entries) store.put(entry);
    const count = await done(store.count());
    const now = Date.now();
    const info = {
      salt: answer.salt,
      cursor: answer.cursor,
      count,
      savedAt: now,
      fullAt: answer.full ? now : previous.fullAt,
    };
    tx.objectStore("meta").put(info, "roster");
    return info;
  });
}

// Look a scanned code up: { secret, k, details } where details is null when the roster has
// no entry for it (unknown) and {revoked: true} for a revoked invitation.
export async function lookupCode(db, info, code) {
  const secret = secretFromCode(code);
  if (!secret) return { secret: null, k: null, details: null };
  const { k, key } = await deriveKeys(secret, info.salt);
  const entry = await transact(db, ["roster"], "readonly", (tx) =>
    done(tx.objectStore("roster").get(k)),
  );
  if (!entry) return { secret, k, details: null };
  try {
    return { secret, k, details: await openEntry(entry, key) };
  } catch {
    // An entry this secret cannot open was not made for it.
    return { secret, k, details: null };
  }
}
