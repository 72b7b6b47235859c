// fetch() for our JSON API: CSRF header, a timeout, and every failure as an ApiError.
// Callers show error.message (the server's readable message) or map error.kind to their own
// text; nothing here is swallowed.

export const DEFAULT_TIMEOUT_MS = 8000;

export class ApiError extends Error {
  // kind: "network" (no answer), "timeout", "http" (4xx/5xx with a JSON error),
  // "bad_response" (not JSON). status and code come from the server when it answered.
  constructor(message, { kind, status = 0, code = "" } = {}) {
    super(message);
    this.name = "ApiError";
    this.kind = kind;
    this.status = status;
    this.code = code;
  }
}

export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

// A page opened from the phone's cache may carry an old token; the roster brings a fresh one.
export function setCsrfToken(token) {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta && token) meta.content = token;
}

export async function apiFetch(url, { method = "GET", body, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && method !== "HEAD") headers["X-CSRFToken"] = csrfToken();
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      signal: controller.signal,
    });
  } catch (error) {
    const kind = controller.signal.aborted ? "timeout" : "network";
    throw new ApiError(String(error && error.message ? error.message : error), { kind });
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const message = data && data.message ? data.message : `HTTP ${response.status}`;
    throw new ApiError(message, {
      kind: "http",
      status: response.status,
      code: data && data.error ? data.error : "",
    });
  }
  if (data === null || typeof data !== "object") {
    throw new ApiError(`HTTP ${response.status}`, { kind: "bad_response", status: response.status });
  }
  return data;
}

export function getJson(url, options = {}) {
  return apiFetch(url, { ...options, method: "GET" });
}

export function postJson(url, body, options = {}) {
  return apiFetch(url, { ...options, method: "POST", body });
}

export function newScanId() {
  if (globalThis.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
