// The scanner's network-error line (#net-error): what went wrong talking to the server, in
// words, until the next answer arrives. Never swallowed.
import { byId } from "./dom.js";

// error: an ApiError (api.js) or anything else thrown on the way (an IndexedDB failure).
export function errorText(error, t) {
  if (error && error.kind === "http") return error.message;
  if (!error || error.name !== "ApiError") {
    return t("storage_failed", { detail: (error && error.message) || String(error) });
  }
  const detail = t(error && error.kind ? error.kind : "network");
  return t("error_help", { detail });
}

export function showNetError(text) {
  byId("net-error").textContent = text;
  byId("net-error").hidden = false;
}

export function clearNetError() {
  byId("net-error").hidden = true;
  byId("net-error").textContent = "";
}
