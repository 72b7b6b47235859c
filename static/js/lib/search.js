// Manual lookup at the door: a name or ormas search (nothing is listed until two letters are
// typed, so the door never browses the roster), each result with its check-in button and a
// form for a substitute from the same ormas.
import { getJson, postJson } from "./api.js";
import { button, byId, el } from "./dom.js";
import { clearNetError, errorText, showNetError } from "./net-error.js";

// urls: { search, manual }; delayMs: the pause in typing before a search is sent;
// door(): the chosen door; isOffline(): offline mode (no search then); submit(request,
// options) and noticeUnreachable(error): from sending.js. Returns { setOffline(isOffline) }.
export function createSearch({ t, times, urls, delayMs, door, isOffline, submit, noticeUnreachable }) {
  const input = byId("search-input");
  const results = byId("search-results");
  const status = byId("search-status");
  let seq = 0;
  let timer = null;

  async function run() {
    const query = input.value.trim().replace(/\s+/g, " ");
    const mine = ++seq;
    if (isOffline()) {
      results.replaceChildren();
      status.textContent = "";
      return;
    }
    if (query.length < 2) {
      results.replaceChildren();
      status.textContent = t("search_hint");
      return;
    }
    status.textContent = t("sending");
    let data;
    try {
      data = await getJson(`${urls.search}?q=${encodeURIComponent(query)}`);
    } catch (error) {
      if (mine !== seq) return;
      results.replaceChildren();
      noticeUnreachable(error);
      status.textContent = isOffline() ? "" : errorText(error, t);
      if (!isOffline()) showNetError(errorText(error, t));
      return;
    }
    if (mine !== seq) return;
    clearNetError();
    results.replaceChildren(...data.results.map(resultItem));
    if (!data.results.length) status.textContent = t("search_none");
    else if (data.total > data.results.length) status.textContent = t("search_more");
    else status.textContent = "";
  }

  function resultItem(person) {
    const item = el("li", "result");
    item.dataset.delegateId = String(person.id);
    const who = el("div", "result__who");
    const name = el("span", "result__name", person.name);
    if (person.vip) name.append(" ", el("span", "badge badge--warn", t("vip")));
    who.append(name, el("span", "result__ormas", person.ormas));
    who.append(el("span", "result__meta", [person.region, person.position].filter(Boolean).join(" · ")));
    item.append(who);
    if (person.checked_in_at) {
      const text = t("search_in", { time: times.zoned(person.checked_in_at), gate: person.gate || "" });
      item.append(el("span", "result__status result__status--in", text));
      return item;
    }
    if (person.revoked) {
      item.append(el("span", "result__status result__status--revoked", t("search_revoked")));
      return item;
    }
    const actions = el("div", "result__actions");
    const form = substituteForm(person);
    actions.append(
      button("button button--primary result__checkin", t("check_in"), () => checkIn(person)),
      button("button result__substitute-toggle", t("substitute_button"), () => {
        form.hidden = !form.hidden;
        if (!form.hidden) form.querySelector("input").focus();
      }),
    );
    item.append(actions, form);
    return item;
  }

  function substituteForm(person) {
    const form = el("form", "result__substitute");
    form.hidden = true;
    const name = el("input");
    name.type = "text";
    name.required = true;
    name.maxLength = 200;
    name.autocomplete = "off";
    const label = el("label", "result__substitute-label");
    label.append(el("span", "", t("substitute_prompt")), name);
    form.append(label, button("button button--primary", t("substitute_confirm"), null, "submit"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const substitute = name.value.trim();
      if (substitute) checkIn(person, substitute);
      else name.focus();
    });
    return form;
  }

  async function checkIn(person, substituteName = "") {
    const body = { delegate_id: person.id, gate: door() };
    if (substituteName) body.substitute_name = substituteName;
    await submit(() => postJson(urls.manual, body), {
      onError(error) {
        noticeUnreachable(error);
        return false;
      },
    });
    run();
  }

  // Offline, the phone's roster opens only with each delegate's QR: no search then.
  function setOffline(offline) {
    byId("search-offline").hidden = !offline;
    input.disabled = offline;
    if (offline) {
      results.replaceChildren();
      status.textContent = "";
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, delayMs);
  });
  return { setOffline };
}
