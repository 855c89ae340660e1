// Pure calculations behind the dashboard, kept apart from the DOM so they can be tested with node --test.

/**
 * The tariff slot (0 = 00:00–00:30 … 47 = 23:30–24:00) containing now in the site's time zone. The Powerwall
 * tariff is a rolling 24 h wheel: slots before this one carry tomorrow's prices, this one and later today's.
 */
export function currentPeriodIndex(now, timeZone) {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const hour = Number(parts.find(p => p.type === "hour").value);
  const minute = Number(parts.find(p => p.type === "minute").value);
  return hour * 2 + (minute >= 30 ? 1 : 0);
}

/** PERIOD_17_30 -> "17:30"; any other name is shown as it is. */
export function periodLabel(name) {
  const match = /^PERIOD_(\d{2})_(\d{2})$/.exec(name ?? "");
  return match ? `${match[1]}:${match[2]}` : name ?? "";
}

const threshold = 0.05;   // kW below which a flow reads as idle: sensors jitter around zero.

/**
 * Solar/battery/grid/home in kW with a direction a person reads, from Tesla's signed watts
 * (battery > 0 discharging, grid > 0 importing).
 */
export function flowDirections(status) {
  const kw = w => Number(w ?? 0) / 1000;
  const solar = kw(status.solarPowerW);
  const battery = kw(status.batteryPowerW);
  const grid = kw(status.gridPowerW);
  const home = kw(status.loadPowerW);
  const idle = value => Math.abs(value) < threshold;
  return [
    { key: "solar", name: "Solar", kw: Math.abs(solar), direction: idle(solar) ? "idle" : "generating" },
    { key: "battery", name: "Battery", kw: Math.abs(battery), direction: idle(battery) ? "idle" : battery > 0 ? "discharging" : "charging" },
    { key: "grid", name: "Grid", kw: Math.abs(grid), direction: idle(grid) ? "idle" : grid > 0 ? "importing" : "exporting" },
    { key: "home", name: "Home", kw: Math.abs(home), direction: idle(home) ? "idle" : "using" },
  ];
}

/** The next count intervals of a channel starting at or after `after`, in time order. */
export function nextIntervals(intervals, channel, after, count) {
  const from = after ? new Date(after).getTime() : -Infinity;
  return (intervals ?? [])
    .filter(i => i.channel === channel && i.start && new Date(i.start).getTime() >= from)
    .sort((a, b) => new Date(a.start) - new Date(b.start))
    .slice(0, count);
}

const aemoStaleMinutes = 15;   // AEMO publishes every 5 minutes; three missed intervals means a problem.

/** Whether the last AEMO price is fresh: { ok: true|false|null, text }. */
export function aemoFreshness(intervalEnd, now) {
  if (!intervalEnd) return { ok: null, text: "no wholesale price yet" };
  const ageMinutes = (now.getTime() - new Date(intervalEnd).getTime()) / 60_000;
  if (ageMinutes > aemoStaleMinutes) return { ok: false, text: `last price ${Math.round(ageMinutes)} min old` };
  return { ok: true, text: "prices current" };
}

/** The site's local date of an instant as yyyy-MM-dd (what the energy and cost endpoints take). */
export function localDate(instant, timeZone) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}
