// Shows a Tesla tariff_content_v2 object (a saved profile, or the preview of a custom schedule) as a readable
// table per season: each period's buy and sell rate and the days and times it applies.
import { el, fmt } from "./ui.js";

const all = "ALL";   // Tesla's key for "any season" / "any period".
const dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A rate from a charge table with Tesla's ALL fallbacks (season, then period); undefined when absent. */
export function rateOf(table, season, period) {
  const rates = name => table?.[name]?.rates;
  for (const seasonKey of [season, all]) {
    for (const periodKey of [period, all]) {
      const value = rates(seasonKey)?.[periodKey];
      if (value !== undefined && value !== null) return value;
    }
  }
  return undefined;
}

/** $/kWh as a bare c/kWh number (the column says the unit, so it fits a phone). */
const cents = perKwh => (perKwh === undefined || perKwh === null ? "–" : fmt.number(Number(perKwh) * 100, 2));

const pad = number => String(number ?? 0).padStart(2, "0");

/** A Tesla period window as "Mon–Fri 16:00–21:00" (to-fields all 0 means through midnight). */
export function windowText(window) {
  const fromDay = window.fromDayOfWeek ?? 0;
  const toDay = window.toDayOfWeek ?? 6;
  const days = fromDay === toDay ? dayNames[fromDay] : fromDay === 0 && toDay === 6 ? "Every day" : `${dayNames[fromDay]}–${dayNames[toDay]}`;
  const endsAtMidnight = !window.toHour && !window.toMinute;
  const end = endsAtMidnight ? "24:00" : `${pad(window.toHour)}:${pad(window.toMinute)}`;
  return `${days} ${pad(window.fromHour)}:${pad(window.fromMinute)}–${end}`;
}

function seasonRange(season) {
  if (!season?.fromMonth) return "no dates";
  return `${season.fromDay ?? 1} ${monthNames[season.fromMonth - 1]} – ${season.toDay ?? 31} ${monthNames[(season.toMonth ?? 12) - 1]}`;
}

/** A div.tariff-view describing the tariff; says so plainly when the object has no seasons. */
export function tariffView(tariff) {
  if (!tariff || typeof tariff !== "object") return el("p", { class: "muted" }, "No tariff data.");
  const sell = tariff.sell_tariff ?? {};
  const daily = (tariff.daily_charges ?? []).reduce((sum, charge) => sum + (Number(charge?.amount) || 0), 0);
  const seasons = Object.entries(tariff.seasons ?? {}).filter(([, season]) => season && Object.keys(season.tou_periods ?? {}).length);

  const summary = el("dl", { class: "kv tariff-summary" },
    tariff.name ? [el("dt", {}, "Name"), el("dd", {}, tariff.name)] : null,
    tariff.utility ? [el("dt", {}, "Utility"), el("dd", {}, tariff.utility)] : null,
    tariff.code ? [el("dt", {}, "Code"), el("dd", {}, tariff.code)] : null,
    [el("dt", {}, "Daily supply"), el("dd", {}, `${fmt.money(daily)}/day`)],
    tariff.monthly_charges !== undefined ? [el("dt", {}, "Monthly charge"), el("dd", {}, `${fmt.money(tariff.monthly_charges)}/month`)] : null);

  if (!seasons.length) {
    return el("div", { class: "tariff-view" }, summary, el("p", { class: "muted" }, "This tariff has no seasons with periods."));
  }

  return el("div", { class: "tariff-view" }, summary,
    seasons.map(([seasonName, season]) => el("div", { class: "tariff-season" },
      el("h3", {}, `${seasonName} `, el("span", { class: "muted small" }, `(${seasonRange(season)})`)),
      el("div", { class: "table-scroll" },
        el("table", {},
          el("thead", {}, el("tr", {}, el("th", {}, "Period"), el("th", { class: "num" }, "Buy c/kWh"), el("th", { class: "num" }, "Sell c/kWh"), el("th", {}, "When"))),
          el("tbody", {}, Object.entries(season.tou_periods).map(([periodName, period]) => el("tr", {},
            el("td", {}, periodName),
            el("td", { class: "num" }, cents(rateOf(tariff.energy_charges, seasonName, periodName))),
            el("td", { class: "num" }, cents(rateOf(sell.energy_charges, seasonName, periodName))),
            el("td", {}, (period?.periods ?? []).map(window => el("div", { class: "tariff-window" }, windowText(window))))))))))));
}
