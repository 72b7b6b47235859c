// Sending scans and check-ins to the server and showing each answer as a verdict. A scanned
// code goes to the server when it answers in time; else it is judged on the phone from the
// roster and queued (offline.js), keeping its id and time whichever way it goes.
import { newScanId, postJson } from "./api.js";
import { clearNetError, errorText, showNetError } from "./net-error.js";
import { isUnreachable } from "./offline.js";

// offline: createOffline() of offline.js; verdict: createVerdict() of verdict.js;
// checkinUrl: the scan endpoint; onlineTimeoutMs: slower than this is "unreachable";
// door(): the chosen door; onFailure(): after a failure is on screen.
// Returns { submit, sendCode, noticeUnreachable, isBusy }.
export function createSender({ t, offline, verdict, checkinUrl, onlineTimeoutMs, door, onFailure }) {
  let inFlight = false;

  // request(): a promise of the server's answer. onError(error) returns true when it has
  // shown the error itself (a form's own message); else the error is the verdict.
  async function submit(request, { onError } = {}) {
    inFlight = true;
    try {
      const answer = await request();
      clearNetError();
      verdict.show(answer);
      return answer;
    } catch (error) {
      if (error && error.code === "door_pass_revoked") {
        showNetError(t("pass_revoked"));
        verdict.showPassRevoked();
        onFailure();
        return null;
      }
      if (onError && onError(error)) return null;
      const text = errorText(error, t);
      showNetError(text);
      verdict.showFailure(text);
      onFailure();
      return null;
    } finally {
      inFlight = false;
    }
  }

  async function sendCode(code) {
    const scan = { code, gate: door(), scan_id: newScanId(), scanned_at: new Date().toISOString() };
    await submit(async () => {
      if (offline.isOffline()) return offline.judge(scan);
      try {
        const answer = await postJson(checkinUrl, scan, { timeoutMs: onlineTimeoutMs });
        offline.noteOnlineAnswer(code, answer);
        return answer;
      } catch (error) {
        if (!offline.canWorkOffline() || !isUnreachable(error)) throw error;
        // No answer in time: judge it here. If the server did get it, sending the same
        // scan_id again later changes nothing there.
        offline.goOffline();
        return offline.judge(scan);
      }
    });
  }

  // A request that needs the server (search, manual check-in, walk-in) found none.
  function noticeUnreachable(error) {
    if (isUnreachable(error)) offline.goOffline();
  }

  return { submit, sendCode, noticeUnreachable, isBusy: () => inFlight };
}
