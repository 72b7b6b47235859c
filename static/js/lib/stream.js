// Live statistics for a screen: Server-Sent Events first, polling when streaming is blocked.
//
// States reported to onState: "connecting", "live" (stream), "polling" (fallback works),
// "reconnecting" (no connection right now; retrying by itself), "denied" (401/403: the share
// link was revoked or the session ended).

const FIRST_MESSAGE_MS = 5000; // a stream that says nothing this long is blocked by a proxy
const SILENCE_MS = 40000; // the server pings every 15 s; this much quiet means a dead link
const POLL_MS = 3000;
const RETRY_STREAM_MS = 60000; // while polling, try the stream again now and then
const DISCONNECT_GRACE_MS = 1500; // a planned reconnect (every few minutes) shows no alarm

export function connectStats({ streamUrl, statsUrl, onStats, onState }) {
  let source = null;
  let pollTimer = null;
  let retryTimer = null;
  let watchdog = null;
  let graceTimer = null;
  let state = null;
  let denied = false;

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
        // An HTTP error (403, 500) or a wrong content type: the browser gives up; we poll,
        // which also tells us whether access was refused.
        closeStream();
        startPolling();
        return;
      }
      // The browser reconnects by itself (also after the server's planned close).
      clearTimeout(graceTimer);
      graceTimer = setTimeout(() => {
        if (!pollTimer) setState("reconnecting");
      }, DISCONNECT_GRACE_MS);
      // Give the reconnection one chance; repeated errors must not postpone the fallback.
      if (!failing) {
        failing = true;
        arm(FIRST_MESSAGE_MS + DISCONNECT_GRACE_MS);
      }
    });
  }

  async function pollOnce() {
    try {
      const response = await fetch(statsUrl, {
        headers: { Accept: "application/json" },
        cache: "no-store",
        credentials: "same-origin",
      });
      if (response.status === 401 || response.status === 403) {
        denied = true;
        stopAll();
        setState("denied");
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const stats = await response.json();
      if (state !== "live") setState("polling");
      onStats(stats);
    } catch (error) {
      if (state !== "live") setState("reconnecting");
    }
  }

  function startPolling() {
    if (denied || pollTimer) return;
    pollOnce();
    pollTimer = setInterval(pollOnce, POLL_MS);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function retry() {
      if (!pollTimer) return;
      openStream();
      retryTimer = setTimeout(retry, RETRY_STREAM_MS);
    }, RETRY_STREAM_MS);
  }

  function stopPolling() {
    clearInterval(pollTimer);
    clearTimeout(retryTimer);
    pollTimer = null;
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
