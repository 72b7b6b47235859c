// Numbers and clock times for every screen (scanner, live, welcome, invitations): one set of
// formatters, in the page's language (<html lang>) and the event's time zone, which each
// template writes into a data-timezone attribute. Times are 24-hour HH:MM whatever the language.

export function pageLanguage() {
  const lang = document.documentElement.lang;
  return lang ? lang.replace("_", "-") : undefined;
}

const numbers = new Map();

export function formatNumber(n, lang = pageLanguage()) {
  if (!numbers.has(lang)) numbers.set(lang, new Intl.NumberFormat(lang));
  return numbers.get(lang).format(n);
}

function joinParts(format, date, types) {
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  return types.map((type) => parts[type]).join(":");
}

// { time(date) "14:05", clock(date) "14:05:09", zoned(date) "14:05 WITA" } in timeZone;
// date: a Date, epoch milliseconds or an ISO string.
export function createTimeFormat({ timeZone, tzLabel = "", lang = pageLanguage() }) {
  const options = {
    timeZone: timeZone || undefined,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  };
  const minutes = new Intl.DateTimeFormat(lang, options);
  const seconds = new Intl.DateTimeFormat(lang, { ...options, second: "2-digit" });
  const asDate = (value) => (value instanceof Date ? value : new Date(value));
  const time = (date) => joinParts(minutes, asDate(date), ["hour", "minute"]);
  const clock = (date) => joinParts(seconds, asDate(date), ["hour", "minute", "second"]);
  // Empty for a missing or unreadable time (a check-in the server did not date).
  const zoned = (date) => {
    if (!date && date !== 0) return "";
    const value = asDate(date);
    if (Number.isNaN(value.getTime())) return "";
    return `${time(value)} ${tzLabel}`.trim();
  };
  return { time, clock, zoned };
}

// The ticking clock on a screen: HH:MM and the zone's label, every second.
export function startClock(node, times) {
  const tick = () => {
    node.textContent = times.zoned(new Date());
  };
  tick();
  return setInterval(tick, 1000);
}
