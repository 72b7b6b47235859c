// Live statistics for a screen: Server-Sent Events first, polling when streaming is blocked.
//
// States reported to onState: "connecting", "live" (stream), "polling" (fallback works),
// "busy" (the server refused the stream: too many screens; polling slowly, and trying the
// stream again later), "reconnecting" (no connection right now; retrying by itself),
// "denied" (401/403: the share link was revoked or the session ended).

const FIRST_MESSAGE_MS = 5000; // a stream that says nothing this long is blocked by a proxy
const SILENCE_MS = 40000; // the server pings every 15 s; this much quiet means a dead link
const POLL_MS = 3000;
const RETRY_STREAM_MS = 60000; // while polling, try the stream again now and then
const DISCONNECT_GRACE_MS = 1500; // a planned reconnect (every few minutes) shows no alarm
const BUSY_POLL_MS = 15000; // refused screens poll this slowly unless the page says otherwise

// A delay spread over ±`spread` of itself, so screens refused together do not return together.
export function jittered(ms, spread = 1 / 3, random = Math.random) {
  return Math.round(ms * (1 - spread + 2 * spread * random()));
}

// What a refused stream's answer means: "busy" (429/503: poll slowly, retry after
// `retryMs`), "denied" (401/403), or "failed" (anything else: poll as when blocked).
export function refusal(status, retryAfter) {
  if (status === 401 || status === 403) return { kind: "denied" };
  if (status === 429 || status === 503) {
    const seconds = Number.parseInt(retryAfter, 10);
    const retryMs = Math.max(RETRY_STREAM_MS, Number.isFinite(seconds) ? seconds * 1000 : 0);
    return { kind: "busy", retryMs };
  }
  return { kind: "failed" };
}

export function connectStats({ streamUrl, statsUrl, onStats, onState, busyPollMs }) {
  let source = null;
  let pollTimer = null;
  let retryTimer = null;
  let watchdog = null;
  let graceTimer = null;
  let state = null;
  let denied = false;
  let pollMode = null; // null (not polling), "polling" or "busy"
  let pollEvery = POLL_MS;
  let retryEvery = RETRY_STREAM_MS;
  const busyEvery = Number(busyPollMs) > 0 ? Number(busyPollMs) : BUSY_POLL_MS;

  const setState = (next) => {
    if (next !== state) {
      state = next;
      onState(next);
    }
  };

  const arm = (ms) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      closeStream();
      startPolling();
    }, ms);
  };

  function closeStream() {
    clearTimeout(watchdog);
    clearTimeout(graceTimer);
    if (source) {
      source.close();
      source = null;
    }
  }

  function openStream() {
    closeStream();
    const es = new EventSource(streamUrl);
    source = es;
    let failing = true; // until the first message, the FIRST_MESSAGE_MS watchdog runs
    arm(FIRST_MESSAGE_MS);
    es.addEventListener("stats", (event) => {
      failing = false;
      clearTimeout(graceTimer);
      stopPolling();
      arm(SILENCE_MS);
      setState("live");
      onStats(JSON.parse(event.data));
    });
    es.addEventListener("ping", () => {
      if (state === "live") arm(SILENCE_MS);
    });
    es.addEventListener("error", () => {
      if (source !== es) return;
      if (es.readyState === EventSource.CLOSED) {
        // An HTTP error (403, 429, 503, 500) or a wrong content type: the browser gives up
        // and does not say which. Ask once, then poll accordingly.
        closeStream();
        explainRefusal();
        return;
      }
      // The browser reconnects by itself (also after the server's planned close).
      clearTimeout(graceTimer);
      graceTimer = setTimeout(() => {
        if (!pollMode) setState("reconnecting");
      }, DISCONNECT_GRACE_MS);
      // Give the reconnection one chance; repeated errors must not postpone the fallback.
      if (!failing) {
        failing = true;
        arm(FIRST_MESSAGE_MS + DISCONNECT_GRACE_MS);
      }
    });
  }

  // Why the stream was refused: a limit or a full server answers at once (429/503 with
  // Retry-After) without holding anything; a stream that is let in now is dropped again.
  async function explainRefusal() {
    const controller = new AbortController();
    let answer = { kind: "failed" };
    try {
      const response = await fetch(streamUrl, {
        headers: { Accept: "text/event-stream" },
        cache: "no-store",
        credentials: "same-origin",
        signal: controller.signal,
      });
      answer = refusal(response.status, response.headers.get("Retry-After"));
    } catch (error) {
      // No answer at all: poll as when a proxy blocks the stream.
    } finally {
      controller.abort();
    }
    if (answer.kind === "denied") {
      deny();
    } else if (answer.kind === "busy") {
      startPolling("busy", answer.retryMs);
    } else {
      startPolling();
    }
  }

  function deny() {
    denied = true;
    stopAll();
    setState("denied");
  }

  async function pollOnce() {
    try {
      const response = await fetch(statsUrl, {
        headers: { Accept: "application/json" },
        cache: "no-store",
        credentials: "same-origin",
      });
      if (response.status === 401 || response.status === 403) {
        deny();
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const stats = await response.json();
      // A poll answered after the stream came back (polling stopped) changes no state.
      if (pollMode) setState(pollMode);
      onStats(stats);
    } catch (error) {
      if (state !== "live") setState("reconnecting");
    }
  }

  function schedulePoll() {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(
      async () => {
        await pollOnce();
        if (pollMode) schedulePoll();
      },
      pollMode === "busy" ? jittered(pollEvery) : pollEvery,
    );
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(
      () => {
        if (!pollMode) return;
        openStream();
        scheduleRetry();
      },
      pollMode === "busy" ? jittered(retryEvery) : retryEvery,
    );
  }

  // Poll /stats: every 3 s when the stream is blocked, slowly when the server is busy (then
  // the stream is retried after Retry-After, at the earliest after a minute, with jitter).
  function startPolling(mode = "polling", retryMs = RETRY_STREAM_MS) {
    if (denied) return;
    const changed = mode !== pollMode;
    pollMode = mode;
    pollEvery = mode === "busy" ? busyEvery : POLL_MS;
    retryEvery = retryMs;
    if (changed) {
      if (mode === "busy") setState("busy"); // said at once: the screen is not broken
      pollOnce();
      schedulePoll();
    }
    scheduleRetry();
  }

  function stopPolling() {
    clearTimeout(pollTimer);
    clearTimeout(retryTimer);
    pollTimer = null;
    pollMode = null;
  }

  function stopAll() {
    stopPolling();
    closeStream();
  }

  setState("connecting");
  if ("EventSource" in window) {
    openStream();
  } else {
    startPolling();
  }
  return { close: stopAll };
}

// Show the connection state in an element; `texts` is a dataset with data-text-<state> texts.
export function showState(element, texts, state) {
  element.textContent = texts[`text${state[0].toUpperCase()}${state.slice(1)}`] || state;
  element.className = `live-state live-state--${state}`;
}
