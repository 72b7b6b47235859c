// The door's verdict: full screen, a colour and an icon per answer, large text, a countdown,
// its own sound and vibration (feedback.js), and a line in the list of recent scans.
import { byId, el, setText } from "./dom.js";
import { signal } from "./feedback.js";

const MAX_RECENT = 6;

export const LOOKS = {
  admitted: { look: "admitted", icon: "✓" },
  already_checked_in: { look: "already", icon: "!" },
  unknown_code: { look: "refused", icon: "✕" },
  revoked: { look: "refused", icon: "✕" },
  no_roster: { look: "error", icon: "?" },
  error: { look: "error", icon: "⚠" },
};

// The line under the verdict's title; times: createTimeFormat() of format.js.
export function detailFor(answer, t, times) {
  const result = answer.result;
  const when = { time: times.zoned(answer.checked_in_at), gate: answer.gate || "" };
  if (result === "already_checked_in" && answer.local) return t("already_local", when);
  if (result === "already_checked_in") {
    let text = t("already_help", when);
    if (answer.checked_in_by) text += ` ${t("already_by", { who: answer.checked_in_by })}`;
    return text;
  }
  if (result === "no_roster") return t("no_roster_help");
  if (result === "unknown_code" && answer.offline && !answer.queued) return t("unknown_offline_help");
  if (result === "unknown_code") return t("unknown_code_help");
  if (result === "revoked") return t("revoked_help");
  if (result === "admitted" && answer.substitute_name) {
    return t("substitute", { name: answer.substitute_name });
  }
  return "";
}

// verdictMs: how long a verdict stays up (a tap closes it sooner); onHide(): after it closes.
// Returns { show(answer), showFailure(text), showPassRevoked(), isVisible() }.
export function createVerdict({ t, times, verdictMs, onHide }) {
  let visible = false;
  let timer = null;

  function paint(result, title, delegate, detail, isOffline = false) {
    const { look, icon } = LOOKS[result];
    const verdict = byId("verdict");
    verdict.className = `verdict verdict--${look}${isOffline ? " verdict--offline" : ""}`;
    verdict.dataset.result = result;
    verdict.dataset.offline = isOffline ? "1" : "";
    byId("verdict-offline").hidden = !isOffline;
    byId("verdict-icon").textContent = icon;
    setText("verdict-title", title);
    byId("verdict-vip").hidden = !(delegate && delegate.vip);
    setText("verdict-name", delegate ? delegate.name : "");
    setText("verdict-ormas", delegate ? delegate.ormas : "");
    setText("verdict-region", delegate ? delegate.region : "");
    setText("verdict-position", delegate ? delegate.position : "");
    setText("verdict-detail", detail);
    byId("verdict-signin").hidden = true;
    const countdown = byId("verdict-timer");
    countdown.classList.remove("is-running");
    void countdown.offsetWidth; // restart the countdown animation
    countdown.style.animationDuration = `${verdictMs}ms`;
    countdown.classList.add("is-running");
    verdict.hidden = false;
    visible = true;
    clearTimeout(timer);
    timer = setTimeout(hide, verdictMs);
  }

  function hide() {
    clearTimeout(timer);
    byId("verdict").hidden = true;
    visible = false;
    onHide();
  }

  function addRecent(result, who, isOffline = false) {
    const list = byId("recent");
    const item = el("li", `recent__item recent__item--${LOOKS[result].look}`);
    if (isOffline) item.classList.add("recent__item--offline");
    item.dataset.result = result;
    item.append(
      el("span", "recent__time", times.clock(new Date())),
      el("strong", "", t(result)),
      el("span", "recent__who", who),
    );
    if (isOffline) item.append(el("span", "recent__tag", t("offline_tag")));
    list.prepend(item);
    while (list.children.length > MAX_RECENT) list.lastElementChild.remove();
  }

  // answer: the server's (or offline.js's) answer to a scan or a check-in.
  function show(answer) {
    const result = answer.result in LOOKS ? answer.result : "unknown_code";
    const delegate = answer.delegate ? { ...answer.delegate } : null;
    if (delegate && answer.vip) delegate.vip = true;
    paint(result, t(result), delegate, detailFor(answer, t, times), Boolean(answer.offline));
    signal(result === "no_roster" ? "error" : result);
    addRecent(result, delegate ? delegate.name : "", Boolean(answer.offline));
  }

  // No answer to show: text says what went wrong.
  function showFailure(text) {
    paint("error", t("error"), null, text);
    signal("error");
    addRecent("error", "");
  }

  // The phone's door pass was revoked or reissued (the API's 401 `door_pass_revoked`): no
  // scan counts until it signs in again with the new pass.
  function showPassRevoked() {
    paint("error", t("pass_revoked_title"), null, t("pass_revoked"));
    byId("verdict-signin").hidden = false;
    signal("error");
    addRecent("error", "");
  }

  byId("verdict").addEventListener("click", hide);
  return { show, showFailure, showPassRevoked, isVisible: () => visible };
}
