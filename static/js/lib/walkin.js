// Walk-ins at the door: register someone who is not on the list and let them in (online only).
import { postJson } from "./api.js";
import { byId } from "./dom.js";

// The form is on the page only for those allowed to register walk-ins. url: the walk-in
// endpoint; door(): the chosen door; submit and noticeUnreachable: from sending.js.
export function wireWalkin({ url, door, submit, noticeUnreachable }) {
  const form = byId("walkin-form");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    const problem = byId("walkin-error");
    problem.hidden = true;
    const body = {
      name: data.name.trim(),
      ormas: data.ormas.trim(),
      region_id: Number(data.region_id) || null,
      position: data.position.trim(),
      gate: door(),
    };
    if (data.phone.trim()) body.phone = data.phone.trim();
    const answer = await submit(() => postJson(url, body), {
      onError(error) {
        noticeUnreachable(error);
        if (error.kind !== "http" || error.status >= 500) return false;
        problem.textContent = error.message;
        problem.hidden = false;
        return true;
      },
    });
    if (answer) form.reset();
  });
}

export function setWalkinOffline(offline) {
  const note = byId("walkin-offline");
  if (!note) return;
  note.hidden = !offline;
  for (const node of byId("walkin-form").elements) node.disabled = offline;
}
