// Organiser invitation pages: live message preview, placeholder chips, bulk e-mail progress,
// copy-link and confirm buttons. Every page works without this script; it only makes them nicer.
import { postJson } from "./lib/api.js";
import { formatNumber } from "./lib/format.js";
import { fill } from "./lib/texts.js";

const PREVIEW_DELAY_MS = 350;
const BATCH_TIMEOUT_MS = 120000;

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export function insertAtCursor(textarea, text) {
  const start = textarea.selectionStart ?? textarea.value.length;
  const end = textarea.selectionEnd ?? start;
  textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
  textarea.selectionStart = textarea.selectionEnd = start + text.length;
  textarea.focus();
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
}

function wireMessageEditor(root) {
  const textarea = root.querySelector("#message-text");
  const previewText = root.querySelector("#preview-text");
  const previewError = root.querySelector("#preview-error");
  const waLink = root.querySelector("#preview-wa");
  for (const chip of root.querySelectorAll("[data-insert]")) {
    chip.addEventListener("click", () => insertAtCursor(textarea, chip.dataset.insert));
  }
  if (!previewText) return;
  const refresh = debounce(async () => {
    try {
      const data = await postJson(root.dataset.previewUrl, {
        message: textarea.value,
        delegate: root.dataset.delegate,
      });
      previewError.hidden = true;
      previewText.classList.remove("is-stale");
      previewText.textContent = data.text;
      if (waLink) {
        waLink.classList.toggle("is-hidden", !data.whatsapp_url);
        waLink.href = data.whatsapp_url || "#";
      }
    } catch (error) {
      previewError.textContent = error.message;
      previewError.hidden = false;
      previewText.classList.add("is-stale");
    }
  }, PREVIEW_DELAY_MS);
  textarea.addEventListener("input", refresh);
}

function wireBulkEmail(root) {
  const form = root.querySelector("#email-form");
  const progress = root.querySelector("#email-progress");
  const meter = root.querySelector("#email-meter");
  const status = root.querySelector("#email-status");
  const failedList = root.querySelector("#email-failed");
  const submit = root.querySelector("#email-submit");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const resend = form.elements.resend.checked;
    const total = Number(resend ? root.dataset.withEmail : root.dataset.pending);
    let afterId = Number(form.elements.after_id.value) || 0;
    let sent = 0;
    let failed = 0;
    submit.disabled = true;
    progress.hidden = false;
    failedList.replaceChildren();
    meter.max = Math.max(total, 1);
    status.textContent = root.dataset.msgSending;
    try {
      for (;;) {
        const batch = await postJson(
          root.dataset.sendUrl,
          { after_id: afterId, resend: resend ? "1" : "" },
          { timeoutMs: BATCH_TIMEOUT_MS },
        );
        sent += batch.sent;
        failed += batch.failed.length;
        for (const item of batch.failed) {
          const li = document.createElement("li");
          li.textContent = `${item.name}: ${item.reason}`;
          failedList.append(li);
        }
        afterId = batch.last_id;
        if (!resend) updateStats(root, sent, batch.remaining);
        form.elements.after_id.value = String(afterId);
        meter.value = sent + failed;
        status.textContent = fill(root.dataset.msgProgress, {
          sent,
          failed,
          remaining: batch.remaining,
        });
        if (batch.done) break;
      }
      status.textContent = fill(root.dataset.msgDone, { sent, failed });
      form.elements.after_id.value = "0";
    } catch (error) {
      status.textContent = fill(root.dataset.msgStopped, { error: error.message, sent, failed });
    } finally {
      submit.disabled = false;
    }
  });
}

function updateStats(root, sent, remaining) {
  const emailed = document.getElementById("stat-emailed");
  const pending = document.getElementById("stat-pending");
  if (emailed) emailed.textContent = formatNumber(Number(root.dataset.emailed) + sent);
  if (pending) pending.textContent = formatNumber(remaining);
}

function wireCopy(button) {
  if (!navigator.clipboard) return;
  const input = document.querySelector(button.dataset.copy);
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      button.textContent = button.dataset.copied;
    } catch {
      input.select();
    }
  });
}

function wireConfirm(button) {
  button.addEventListener("click", (event) => {
    if (!window.confirm(button.dataset.confirm)) event.preventDefault();
  });
}

// WhatsApp queue: after the chat opens (another app or tab), bring "Tandai terkirim" forward
// so the sender who comes back marks this delegate before moving on.
function wireQueue(openLink) {
  const mark = document.querySelector("[data-wa-mark]");
  if (!mark) return;
  openLink.addEventListener("click", () => {
    mark.classList.add("is-ready");
    mark.focus({ preventScroll: true });
  });
}

// The greeting fields only matter for "Tulis sendiri".
function wireGreetings(form) {
  const custom = form.querySelector("[data-greeting-custom]");
  const sync = () => {
    custom.hidden = form.elements.greeting.value !== "sendiri";
  };
  form.addEventListener("change", sync);
  sync();
}

const editor = document.getElementById("message-editor");
if (editor) wireMessageEditor(editor);
const bulk = document.getElementById("bulk-email");
if (bulk) wireBulkEmail(bulk);
document.querySelectorAll("[data-copy]").forEach(wireCopy);
document.querySelectorAll("[data-confirm]").forEach(wireConfirm);
document.querySelectorAll("[data-wa-open]").forEach(wireQueue);
document.querySelectorAll("[data-greetings]").forEach(wireGreetings);
