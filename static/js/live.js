// The live attendance screen: totals, regions, ormas, arrivals over time and per door.
import { el } from "./lib/dom.js";
import { createTimeFormat, formatNumber, startClock } from "./lib/format.js";
import { connectStats, showState } from "./lib/stream.js";
import { fill } from "./lib/texts.js";

const SVG = "http://www.w3.org/2000/svg";
const BUCKET_MS = 5 * 60 * 1000;
const MAX_CHART_BUCKETS = 48; // four hours of 5-minute bars
const TICKER_SIZE = 8;
const NAMES_KEY = "checkin.live.hideNames";

const root = document.getElementById("live");
const texts = root.dataset;
const times = createTimeFormat({ timeZone: texts.timezone, tzLabel: texts.tzLabel });

const baseTitle = document.title;
const view = { sort: "arrived", descending: true, query: "", missingOnly: false, stats: null };

export function percentOf(part, whole) {
  if (!whole) return 0;
  // Floor, so the screen shows 100% only when everyone is really there.
  return Math.floor((part * 100) / whole);
}

function bar(fraction, className = "bar") {
  const track = el("div", `${className}__track`);
  const fill = el("div", `${className}__fill`);
  fill.style.width = `${Math.max(0, Math.min(1, fraction)) * 100}%`;
  track.append(fill);
  return track;
}

function renderTotal(stats) {
  document.getElementById("arrived").textContent = formatNumber(stats.checked_in);
  document.getElementById("invited").textContent = formatNumber(stats.invited);
  document.getElementById("percent").textContent = `${percentOf(stats.checked_in, stats.invited)}%`;
  document.getElementById("meter").style.width =
    `${stats.invited ? (stats.checked_in * 100) / stats.invited : 0}%`;
  const updated = new Date(stats.updated_at);
  document.getElementById("updated").textContent =
    `${texts.textUpdated} ${times.clock(updated)}`;
  document.title = `${formatNumber(stats.checked_in)}/${formatNumber(stats.invited)} · ${baseTitle}`;
}

function renderRegions(regions) {
  const items = regions.map((region) => {
    const item = el("li", `bars__item bars__item--${region.level}`);
    const head = el("div", "bars__head");
    head.append(
      el("span", "bars__label", region.region),
      el("span", "bars__value", `${formatNumber(region.checked_in)}/${formatNumber(region.invited)}`),
      el("span", "bars__percent", `${percentOf(region.checked_in, region.invited)}%`),
    );
    item.append(head, bar(region.invited ? region.checked_in / region.invited : 0));
    return item;
  });
  document.getElementById("regions").replaceChildren(...items);
}

export function sortOrmas(rows, sort, descending) {
  const key = {
    name: (row) => row.ormas.toLocaleLowerCase("id"),
    arrived: (row) => row.checked_in,
    percent: (row) => (row.invited ? row.checked_in / row.invited : 0),
  }[sort];
  const direction = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka < kb) return -direction;
    if (ka > kb) return direction;
    return a.ormas.localeCompare(b.ormas, "id");
  });
}

function renderOrmas() {
  const stats = view.stats;
  if (!stats) return;
  const query = view.query.trim().toLocaleLowerCase("id");
  const rows = sortOrmas(
    stats.by_ormas.filter(
      (row) =>
        (!query || row.ormas.toLocaleLowerCase("id").includes(query)) &&
        (!view.missingOnly || row.checked_in === 0),
    ),
    view.sort,
    view.descending,
  );
  const list = document.getElementById("ormas-list");
  if (!rows.length) {
    list.replaceChildren(el("li", "ormas-list__empty muted", texts.textNoMatch));
  } else {
    list.replaceChildren(
      ...rows.map((row) => {
        const item = el("li", row.checked_in === 0 ? "ormas-row ormas-row--missing" : "ormas-row");
        item.append(
          el("span", "ormas-row__name", row.ormas),
          el("span", "ormas-row__value", `${formatNumber(row.checked_in)}/${formatNumber(row.invited)}`),
          bar(row.invited ? row.checked_in / row.invited : 0, "minibar"),
        );
        return item;
      }),
    );
  }
  const arrived = stats.by_ormas.filter((row) => row.checked_in > 0).length;
  document.getElementById("ormas-summary").textContent = fill(texts.textOrmasSummary, {
    n: formatNumber(stats.by_ormas.length),
    m: formatNumber(arrived),
  });
}

export function chartBuckets(timeline, nowMs) {
  const buckets = timeline.map((point) => ({ at: Date.parse(point.at), count: point.count }));
  if (!buckets.length) return buckets;
  // Run the chart up to now (a quiet quarter of an hour is news too), for up to two hours.
  const current = Math.floor(nowMs / BUCKET_MS) * BUCKET_MS;
  let last = buckets[buckets.length - 1].at;
  if (current > last && current - last <= 24 * BUCKET_MS) {
    while (last < current) {
      last += BUCKET_MS;
      buckets.push({ at: last, count: 0 });
    }
  }
  return buckets.slice(-MAX_CHART_BUCKETS);
}

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderTimeline(timeline) {
  const chart = document.getElementById("timeline");
  const buckets = chartBuckets(timeline, Date.now());
  document.getElementById("timeline-empty").hidden = buckets.length > 0;
  chart.classList.toggle("chart--empty", buckets.length === 0);
  if (!buckets.length) {
    chart.replaceChildren();
    return;
  }
  const width = Math.max(200, chart.clientWidth || 640);
  const height = Math.max(120, chart.clientHeight || 240);
  chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const fontSize = Math.max(12, Math.min(20, height / 12));
  const left = 4;
  const bottom = fontSize * 1.8;
  const top = fontSize * 1.6;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const plotWidth = width - left - 4;
  const plotHeight = height - top - bottom;
  const step = plotWidth / buckets.length;
  const nodes = [
    svg("line", { class: "chart__axis", x1: left, y1: top + plotHeight, x2: width, y2: top + plotHeight }),
  ];
  const labelEvery = Math.max(1, Math.ceil((buckets.length * fontSize * 4.2) / plotWidth));
  buckets.forEach((bucket, index) => {
    const barHeight = (bucket.count / max) * plotHeight;
    const x = left + index * step + step * 0.12;
    const rect = svg("rect", {
      class: index === buckets.length - 1 ? "chart__bar chart__bar--now" : "chart__bar",
      x, y: top + plotHeight - barHeight, width: Math.max(1, step * 0.76), height: barHeight, rx: Math.min(4, step * 0.2),
    });
    rect.append(svg("title", {}, `${times.time(bucket.at)}: ${bucket.count}`));
    nodes.push(rect);
    // Each bar's count above it when there is room, else only the peak's.
    if (bucket.count && (step >= fontSize * 1.9 || bucket.count === max)) {
      nodes.push(svg("text", { class: "chart__peak", x: x + step * 0.38, y: top + plotHeight - barHeight - 6, "text-anchor": "middle", "font-size": fontSize }, formatNumber(bucket.count)));
    }
    if ((buckets.length - 1 - index) % labelEvery === 0) {
      // Keep the first and last labels inside the chart.
      const labelX = Math.min(width - fontSize * 1.7, Math.max(left + fontSize * 1.7, x + step * 0.38));
      nodes.push(svg("text", { class: "chart__label", x: labelX, y: height - fontSize * 0.4, "text-anchor": "middle", "font-size": fontSize }, times.time(bucket.at)));
    }
  });
  chart.replaceChildren(...nodes);
}

function renderGates(gates) {
  const max = Math.max(1, ...gates.map((gate) => gate.count));
  const items = gates.map((gate) => {
    const item = el("li", "gates__item");
    const head = el("div", "bars__head");
    head.append(el("span", "bars__label", gate.gate), el("span", "bars__value", formatNumber(gate.count)));
    item.append(head, bar(gate.count / max));
    return item;
  });
  const list = document.getElementById("gates");
  list.replaceChildren(...(items.length ? items : [el("li", "muted", texts.textNoArrivals)]));
}

function renderLatest(latest) {
  const items = latest.slice(0, TICKER_SIZE).map((entry) => {
    const item = el("li", entry.vip ? "ticker__item ticker__item--vip" : "ticker__item");
    item.append(
      el("span", "ticker__time", times.time(new Date(entry.at))),
      el("span", "ticker__name", entry.name),
      el("span", "ticker__hidden", texts.textHiddenName),
      el("span", "ticker__meta", `${entry.ormas} · ${entry.region}`),
    );
    return item;
  });
  const list = document.getElementById("latest");
  list.replaceChildren(...(items.length ? items : [el("li", "ticker__empty muted", texts.textNoArrivals)]));
}

function render(stats) {
  view.stats = stats;
  renderTotal(stats);
  renderRegions(stats.by_region);
  renderOrmas();
  renderTimeline(stats.timeline);
  renderGates(stats.by_gate || []);
  renderLatest(stats.latest || []);
}

function wireOrmasTools() {
  document.getElementById("ormas-search").addEventListener("input", (event) => {
    view.query = event.target.value;
    renderOrmas();
  });
  document.getElementById("ormas-missing").addEventListener("change", (event) => {
    view.missingOnly = event.target.checked;
    renderOrmas();
  });
  const buttons = document.querySelectorAll("[data-sort]");
  for (const button of buttons) {
    button.addEventListener("click", () => {
      const sort = button.dataset.sort;
      // Clicking the active order again reverses it.
      view.descending = sort === view.sort ? !view.descending : sort !== "name";
      view.sort = sort;
      for (const other of buttons) other.setAttribute("aria-pressed", String(other === button));
      button.dataset.direction = view.descending ? "desc" : "asc";
      renderOrmas();
    });
  }
}

function wireNames() {
  const button = document.getElementById("toggle-names");
  const params = new URLSearchParams(window.location.search);
  let hidden = params.get("names") === "0" || localStorage.getItem(NAMES_KEY) === "1";
  const apply = () => {
    document.body.classList.toggle("names-hidden", hidden);
    button.setAttribute("aria-pressed", String(hidden));
    button.textContent = hidden ? button.dataset.textShow : button.dataset.textHide;
  };
  button.addEventListener("click", () => {
    hidden = !hidden;
    localStorage.setItem(NAMES_KEY, hidden ? "1" : "0");
    apply();
  });
  apply();
}

function wireFullscreen() {
  const button = document.getElementById("fullscreen");
  if (!document.documentElement.requestFullscreen) {
    button.hidden = true;
    return;
  }
  button.addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen();
  });
}

wireOrmasTools();
wireNames();
wireFullscreen();
startClock(document.getElementById("live-clock"), times);
// The chart is drawn in the element's own pixels (crisp text): redraw when its size changes.
new ResizeObserver(() => view.stats && renderTimeline(view.stats.timeline)).observe(
  document.getElementById("timeline"),
);
const state = document.getElementById("live-state");
connectStats({
  streamUrl: texts.streamUrl,
  statsUrl: texts.statsUrl,
  busyPollMs: texts.busyPollMs,
  onStats: render,
  onState: (next) => {
    showState(state, texts, next);
    root.dataset.state = next;
  },
});
