// The welcome screen (layar sapa): greets each admitted delegate by name, ormas and region.
import { createTimeFormat, formatNumber, startClock } from "./lib/format.js";
import { connectStats, showState } from "./lib/stream.js";
import { fill } from "./lib/texts.js";

const STALE_MS = 3 * 60 * 1000; // an offline check-in synced later is not greeted
const MAX_SEEN = 2000;

const root = document.getElementById("welcome");
const texts = root.dataset;
const times = createTimeFormat({ timeZone: texts.timezone, tzLabel: texts.tzLabel });

const seen = new Set();
const queue = [];
let primed = false;
let showing = false;

// How long one greeting stays: about 4 s, shorter when people arrive in a burst.
export function greetingMs(waiting, vip) {
  const base = waiting > 8 ? 1500 : waiting > 3 ? 2500 : 4000;
  return vip ? Math.max(base, 5000) : base;
}

// The arrivals in a new snapshot that have not been greeted yet, oldest first.
export function newArrivals(latest, seenIds, nowMs) {
  return latest
    .filter((entry) => !seenIds.has(entry.id) && nowMs - Date.parse(entry.at) < STALE_MS)
    .reverse();
}

function remember(id) {
  seen.add(id);
  if (seen.size > MAX_SEEN) seen.delete(seen.values().next().value);
}

function onStats(stats) {
  document.getElementById("welcome-count").textContent = fill(texts.textCount, {
    n: formatNumber(stats.checked_in),
    m: formatNumber(stats.invited),
  });
  const latest = stats.latest || [];
  if (primed) {
    // Judge staleness by the server's clock, not this TV's.
    queue.push(...newArrivals(latest, seen, Date.parse(stats.updated_at)));
  }
  for (const entry of latest) remember(entry.id);
  primed = true;
  showQueue();
  if (!showing) next();
}

function showQueue() {
  const waiting = queue.length;
  document.getElementById("welcome-queue").textContent =
    waiting ? fill(texts.textQueue, { n: formatNumber(waiting) }) : "";
}

function next() {
  const idle = document.getElementById("welcome-idle");
  const greeting = document.getElementById("welcome-greeting");
  const entry = queue.shift();
  showQueue();
  if (!entry) {
    showing = false;
    greeting.hidden = true;
    idle.hidden = false;
    return;
  }
  showing = true;
  document.getElementById("greet-name").textContent = entry.name;
  document.getElementById("greet-ormas").textContent = entry.ormas;
  document.getElementById("greet-region").textContent = entry.region;
  document.getElementById("greet-vip").hidden = !entry.vip;
  greeting.classList.toggle("welcome__greeting--vip", Boolean(entry.vip));
  idle.hidden = true;
  greeting.hidden = false;
  // Restart the entrance animation for each person.
  greeting.classList.remove("welcome__greeting--in");
  void greeting.offsetWidth;
  greeting.classList.add("welcome__greeting--in");
  setTimeout(next, greetingMs(queue.length, entry.vip));
}

startClock(document.getElementById("live-clock"), times);
const state = document.getElementById("live-state");
connectStats({
  streamUrl: texts.streamUrl,
  statsUrl: texts.statsUrl,
  busyPollMs: texts.busyPollMs,
  onStats,
  onState: (next) => {
    showState(state, texts, next);
    root.dataset.state = next;
  },
});
