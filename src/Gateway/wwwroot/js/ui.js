// Small DOM, formatting and chart helpers shared by every page. No framework: pages build elements with el().

/**
 * Creates an element. attrs: class (string or array), dataset (object), on<Event> handlers (functions),
 * boolean and string attributes; never a style attribute (the CSP forbids inline styles: use a class or
 * element.style). Children may be strings, numbers, nodes, null/false (skipped) or arrays of those.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "style") throw new Error("el(): set element.style properties or a class, not a style attribute.");
    if (name === "class") node.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  appendChildren(node, children);
  return node;
}

function appendChildren(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces a node's children (same child rules as el). */
export function replace(node, ...children) {
  node.replaceChildren();
  appendChildren(node, children);
  return node;
}

/**
 * A dashboard panel: section.panel#panel-<id> with an h2 and a .panel-body for the content.
 * Starts in the loading state. Returns the section; its body is section.body.
 */
export function panel(id, title, ...headerExtras) {
  const body = el("div", { class: "panel-body" });
  const section = el("section", { class: "panel", id: `panel-${id}`, "aria-labelledby": `panel-${id}-title` },
    el("header", { class: "panel-header" }, el("h2", { id: `panel-${id}-title` }, title), ...headerExtras),
    el("p", { class: "panel-message", role: "status", hidden: true }),
    body);
  section.body = body;
  setPanelState(section, "loading");
  return section;
}

const defaultMessages = { loading: "Loading…", empty: "Nothing to show yet.", error: "Something went wrong." };

/** Sets data-state ('loading'|'ready'|'empty'|'error') and the .panel-message text (hidden when ready). */
export function setPanelState(section, state, message) {
  section.dataset.state = state;
  const text = section.querySelector(":scope > .panel-message");
  if (!text) return;
  text.hidden = state === "ready";
  text.className = `panel-message panel-message-${state}`;
  text.textContent = state === "ready" ? "" : (message ?? defaultMessages[state] ?? "");
}

/** The user-facing sentence for a failed call: the problem's detail/title, else the error's message. */
export function problemText(error) {
  const problem = error?.problem;
  if (problem?.detail) return problem.detail;
  if (problem?.title) return problem.title;
  return error?.message ?? String(error);
}

// ---- formatting -------------------------------------------------------------------------------------------

let siteTimeZone;   // IANA zone of the site; undefined = the browser's own zone.

/** Dates and times show in the site's zone (Australia/...), not wherever the browser happens to be. */
export function setSiteTimeZone(zone) {
  if (!zone) return;
  try {
    new Intl.DateTimeFormat("en-AU", { timeZone: zone });
    siteTimeZone = zone;
  } catch {
    // An unknown zone name: keep the browser's zone rather than fail every formatter.
  }
}

export function hasSiteTimeZone() {
  return siteTimeZone !== undefined;
}

export function getSiteTimeZone() {
  return siteTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const missing = "–";
const isNumber = value => value !== null && value !== undefined && value !== "" && Number.isFinite(Number(value));
const fixed = (value, digits) => Number(value).toLocaleString("en-AU", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function toDate(value) {
  if (value === null || value === undefined || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function dateFormat(value, options) {
  const date = toDate(value);
  return date ? new Intl.DateTimeFormat("en-AU", { timeZone: getSiteTimeZone(), ...options }).format(date) : missing;
}

export const fmt = {
  /** $/kWh in, cents per kWh out: 0.2345 -> "23.45 c/kWh". */
  cPerKwh: perKwh => isNumber(perKwh) ? `${fixed(Number(perKwh) * 100, 2)} c/kWh` : missing,
  /** Cents in, cents out: 23.4 -> "23.40 c/kWh". */
  cents: cents => isNumber(cents) ? `${fixed(cents, 2)} c/kWh` : missing,
  dollarsPerKwh: perKwh => isNumber(perKwh) ? `$${fixed(perKwh, 4)}/kWh` : missing,
  dollarsPerMwh: perMwh => isNumber(perMwh) ? `$${fixed(perMwh, 2)}/MWh` : missing,
  money: dollars => {
    if (!isNumber(dollars)) return missing;
    const value = Number(dollars);
    return `${value < 0 ? "−" : ""}$${fixed(Math.abs(value), 2)}`;
  },
  kw: kw => isNumber(kw) ? `${fixed(kw, 2)} kW` : missing,
  kwh: kwh => isNumber(kwh) ? `${fixed(kwh, 2)} kWh` : missing,
  percent: (value, digits = 0) => isNumber(value) ? `${fixed(value, digits)}%` : missing,
  number: (value, digits = 0) => isNumber(value) ? fixed(value, digits) : missing,
  time: value => dateFormat(value, { hour: "numeric", minute: "2-digit" }),
  date: value => dateFormat(value, { weekday: "short", day: "numeric", month: "short" }),
  dateTime: value => dateFormat(value, { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }),
  /** A local calendar date (yyyy-MM-dd, already in the site's zone) as "Tue 24 Nov". */
  localDate: value => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? "");
    if (!match) return value ?? missing;
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return new Intl.DateTimeFormat("en-AU", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" }).format(date);
  },
  /** "3 min ago" / "in 2 h": for last-sync and freshness lines. */
  relative: (value, now = new Date()) => {
    const date = toDate(value);
    if (!date) return missing;
    const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
    const units = [["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];
    const [unit, size] = units.find(([, size]) => Math.abs(seconds) >= size) ?? units[3];
    return new Intl.RelativeTimeFormat("en-AU", { numeric: "auto" }).format(Math.round(seconds / size), unit);
  },
};

/**
 * The colour band of a buy price in c/kWh: green below 15, yellow below 30, orange below 100, red from
 * 100 c/kWh ($1/kWh, where Amber's spike warnings start to bite).
 */
export function priceLevel(centsPerKwh) {
  const cents = Number(centsPerKwh);
  if (!Number.isFinite(cents) || cents < 15) return "low";
  if (cents < 30) return "medium";
  if (cents < 100) return "high";
  return "spike";
}

/** The CSS class for a price in c/kWh: price-low | price-medium | price-high | price-spike. */
export const priceClass = centsPerKwh => `price-${priceLevel(centsPerKwh)}`;

// ---- charts (Chart.js from /lib/chart.umd.min.js, loaded by index.html as a global) ----------------------

export const chartColours = {
  blue: "#2563eb", green: "#16a34a", yellow: "#ca8a04", orange: "#ea580c", red: "#dc2626", grey: "#64748b", purple: "#7c3aed",
};

const priceLevelColours = { low: chartColours.green, medium: chartColours.yellow, high: chartColours.orange, spike: chartColours.red };
export const priceColour = centsPerKwh => priceLevelColours[priceLevel(centsPerKwh)];

function chartLibrary() {
  if (!globalThis.Chart) throw new Error("Chart.js did not load (/lib/chart.umd.min.js): rebuild the Gateway with npm installed.");
  return globalThis.Chart;
}

function baseOptions(yTitle, options) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: "index", intersect: false },
    plugins: { legend: { display: true, position: "bottom" } },
    scales: {
      x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
      y: { title: { display: Boolean(yTitle), text: yTitle ?? "" } },
    },
    ...options,
  };
}

/** A line chart: labels on x, datasets [{label, data, colour}]. Returns the Chart (call .destroy() when leaving). */
export function lineChart(canvas, { labels, datasets, yTitle, options = {} }) {
  const Chart = chartLibrary();
  return new Chart(canvas, {
    type: "line",
    data: {
      labels,
      datasets: datasets.map(d => ({
        borderColor: d.colour, backgroundColor: d.colour, pointRadius: 0, borderWidth: 2, tension: 0.2, ...d,
      })),
    },
    options: baseOptions(yTitle, options),
  });
}

/** A bar chart: labels on x, datasets [{label, data, colour|colours}], stacked when asked. */
export function barChart(canvas, { labels, datasets, yTitle, stacked = false, options = {} }) {
  const Chart = chartLibrary();
  const chartOptions = baseOptions(yTitle, options);
  if (stacked) {
    chartOptions.scales.x.stacked = true;
    chartOptions.scales.y.stacked = true;
  }
  return new Chart(canvas, {
    type: "bar",
    data: {
      labels,
      datasets: datasets.map(d => ({ backgroundColor: d.colours ?? d.colour, borderWidth: 0, ...d })),
    },
    options: chartOptions,
  });
}

/** A canvas in a sized wrapper (Chart.js needs a positioned parent with a height to be responsive). */
export function chartBox(label, className = "chart-box") {
  const canvas = el("canvas", { role: "img", "aria-label": label });
  return { box: el("div", { class: className }, canvas), canvas };
}
