// The dashboard (SPEC §7): one panel per concern, each loading its own endpoint and showing its own
// loading/empty/error state. Live values arrive over /api/events; everything else refreshes slowly.
import { api, ApiError } from "../api.js";
import { onLive, onConnection } from "../live.js";
import {
  el, replace, panel, setPanelState, problemText, fmt, priceClass, priceColour, chartColours,
  lineChart, barChart, chartBox, setSiteTimeZone, getSiteTimeZone, hasSiteTimeZone,
} from "../ui.js";
import { currentPeriodIndex, periodLabel, flowDirections, nextIntervals, aemoFreshness, localDate } from "../dashboard-model.js";

const slowRefreshMs = 60_000;       // health, budget, bill: minutes matter, seconds do not
const chartRefreshMs = 10 * 60_000; // history charts change once per interval at most

/** "TariffSync is not answering" style text for a failed call, with a hint for the usual causes. */
function failure(error) {
  if (error instanceof ApiError && error.status === 503) return problemText(error);
  if (error instanceof ApiError && error.status === 0) return error.message;
  return problemText(error);
}

/**
 * Runs a panel's load, mapping its outcome to the panel's state. load returns false for "empty" (with the
 * panel's empty message) and anything else for "ready"; a throw becomes the error state with its reason.
 */
async function runPanel(section, load, emptyMessage) {
  try {
    const result = await load();
    if (result === false) setPanelState(section, "empty", emptyMessage);
    else setPanelState(section, "ready");
  } catch (error) {
    if (!(error instanceof ApiError)) console.error(`Panel ${section.id} failed`, error);
    setPanelState(section, "error", failure(error));
  }
}

const stat = (label, value, className, big = false) =>
  el("div", { class: ["stat", big && "stat-big"] }, el("span", { class: "stat-label" }, label), el("span", { class: ["stat-value", className] }, value));

const cents = perKwh => (perKwh === null || perKwh === undefined ? null : Number(perKwh) * 100);

// ---- connection health ----------------------------------------------------------------------------------

function healthPanel() {
  const section = panel("health", "Connections");
  const list = el("ul", { class: "health-list" });
  const footer = el("p", { class: "panel-footer" });
  section.body.append(list, footer);

  const item = (name, ok, detail) =>
    el("li", {}, el("span", { class: "health-name" }, name),
      el("span", { class: ["status", ok === true ? "status-ok" : ok === false ? "status-bad" : "status-unknown"] },
        ok === true ? "Connected" : ok === false ? "Problem" : "Unknown"),
      el("span", { class: "health-detail muted small" }, detail));

  async function load() {
    const [status, live, grid] = await Promise.allSettled([api.get("/api/status"), api.get("/api/powerwall/live"), api.get("/api/grid/status")]);
    if (status.status === "rejected") throw status.reason;
    const s = status.value;
    const rows = [];

    const received = s.prices?.receivedAt;
    const pricesAgeMin = received ? (Date.now() - new Date(received).getTime()) / 60_000 : null;
    rows.push(item("Amber", s.pricesError ? false : received ? pricesAgeMin < 15 : null,
      s.pricesError ?? (received ? `prices received ${fmt.relative(received)}` : "no prices yet")));

    if (live.status === "fulfilled") {
      const l = live.value;
      rows.push(item("Tesla", l.available, l.available ? `sampled ${fmt.relative(l.sampledAt)}` : "no live status from the Powerwall"));
    } else {
      rows.push(item("Tesla", null, `unknown: ${failure(live.reason)}`));
    }

    if (grid.status === "fulfilled") {
      const fresh = aemoFreshness(grid.value.aemoIntervalEnd, new Date());
      rows.push(item("AEMO", fresh.ok, fresh.text));
    } else {
      rows.push(item("AEMO", null, `unknown: ${failure(grid.reason)}`));
    }

    for (const [service, health] of Object.entries(s.services ?? {})) {
      rows.push(item(service, health === "healthy", health));
    }
    replace(list, rows);
    footer.textContent = `Checked ${fmt.time(s.generatedAt)}${s.demoMode ? " · demo mode" : ""}`;
  }

  return { section, load: () => runPanel(section, load), slow: true };
}

// ---- AEMO wholesale monitor -----------------------------------------------------------------------------

const spikeStateNames = { normal: "Normal", spike: "Spike: responding", restoring: "Restoring settings" };
const spikeStateClasses = { normal: "price-low", spike: "price-spike", restoring: "price-high" };

function aemoPanel() {
  const section = panel("aemo", "AEMO wholesale");
  let grid = null;

  function render() {
    const spiking = grid.spikeState === "spike";
    const price = grid.aemoPricePerMwh;
    replace(section.body,
      el("div", { class: "stat-row" },
        stat("Wholesale now", fmt.dollarsPerMwh(price), priceClass(price === null || price === undefined ? null : Number(price) / 10), true),
        stat("Spike state", spikeStateNames[grid.spikeState] ?? grid.spikeState ?? "unknown", spikeStateClasses[grid.spikeState])),
      el("dl", { class: "kv small" },
        el("dt", {}, "Interval ends"), el("dd", {}, fmt.time(grid.aemoIntervalEnd)),
        el("dt", {}, "Spike response"), el("dd", {}, grid.spikeEnabled
          ? `on — above ${fmt.dollarsPerMwh(grid.spikeThresholdPerMwh)}, ends below ${fmt.dollarsPerMwh(grid.spikeExitPerMwh)}${grid.spikeTestMode ? " (test mode: nothing is sent to the Powerwall)" : ""}`
          : "off"),
        spiking && grid.spikeUntil ? [el("dt", {}, "Spike until"), el("dd", {}, fmt.time(grid.spikeUntil))] : null,
        el("dt", {}, "Export"), el("dd", {}, grid.curtailed
          ? `curtailed since ${fmt.time(grid.curtailedSince)} (feed-in ${fmt.cents(grid.feedInEarningsCents)})`
          : grid.curtailmentEnabled ? "allowed" : "allowed (curtailment off)"),
        el("dt", {}, "Demand window"), el("dd", {}, grid.demandWindowEnabled
          ? `${grid.inDemandWindow ? "in window" : "outside"}${grid.demandWindow ? ` · ${grid.demandWindow}` : ""}`
          : "off")));
  }

  async function load() {
    grid = await api.get("/api/grid/status");
    render();
  }

  const live = {
    AemoPriceUpdated: event => {
      if (!grid) return;
      grid.aemoPricePerMwh = event.rrpPerMwh;
      grid.aemoIntervalEnd = event.intervalEnd;
      render();
      setPanelState(section, "ready");
    },
    SpikeStarted: () => runPanel(section, load),
    SpikeEnded: () => runPanel(section, load),
    CurtailmentChanged: () => runPanel(section, load),
    DemandWindowChanged: () => runPanel(section, load),
  };
  return { section, load: () => runPanel(section, load), live };
}

// ---- Amber price now and next intervals -----------------------------------------------------------------

function pricePanel() {
  const section = panel("price", "Amber price");

  async function load() {
    const [current, forecast] = await Promise.all([api.get("/api/prices/current"), api.get("/api/prices/forecast")]);
    const general = current.intervals.filter(i => i.channel === "general");
    const feedIn = current.intervals.filter(i => i.channel === "feedIn");
    const now = general.find(i => i.kind === "current") ?? general.at(-1);
    if (!now) return false;
    const sellNow = feedIn.find(i => i.kind === "current");
    const upcoming = nextIntervals(forecast.intervals, "general", now.end, 6);
    const buyCents = cents(now.perKwh);

    replace(section.body,
      el("div", { class: "stat-row" },
        stat("Buy now", fmt.cPerKwh(now.perKwh), priceClass(buyCents), true),
        stat("Feed-in earns", sellNow ? fmt.cPerKwh(-Number(sellNow.perKwh)) : "–", null, true),
        stat("Renewables", fmt.percent(now.renewables))),
      el("p", { class: "muted small" },
        `${now.descriptor ?? ""}${now.spikeStatus && now.spikeStatus !== "none" ? ` · spike ${now.spikeStatus}` : ""} · until ${fmt.time(now.end)}`),
      upcoming.length
        ? el("div", { class: "table-scroll" }, el("table", { class: "next-intervals" },
          el("thead", {}, el("tr", {}, el("th", {}, "From"), el("th", { class: "num" }, "Buy"), el("th", { class: "num" }, "Renewables"))),
          el("tbody", {}, upcoming.map(i => el("tr", {},
            el("td", {}, fmt.time(i.start)),
            el("td", { class: "num" }, el("span", { class: ["price-chip", priceClass(cents(i.perKwh))] }, fmt.cPerKwh(i.perKwh))),
            el("td", { class: "num" }, fmt.percent(i.renewables)))))))
        : el("p", { class: "muted" }, "No forecast intervals yet."),
      el("div", { class: "price-legend", "aria-label": "Price colours" },
        el("span", { class: "price-chip price-low" }, "< 15 c"),
        el("span", { class: "price-chip price-medium" }, "15–30 c"),
        el("span", { class: "price-chip price-high" }, "30–100 c"),
        el("span", { class: "price-chip price-spike" }, "≥ 100 c")),
      el("p", { class: "panel-footer" }, `Received ${fmt.relative(current.receivedAt)}`));
  }

  return { section, load: () => runPanel(section, load, "No Amber prices yet: add an Amber token in Settings, or run in demo mode."),
    live: { PricesUpdated: () => runPanel(section, load) } };
}

// ---- Powerwall ------------------------------------------------------------------------------------------

function powerwallPanel() {
  const section = panel("powerwall", "Powerwall");
  let status = null;

  function render() {
    const flows = flowDirections(status);
    replace(section.body,
      el("div", { class: "stat-row" },
        stat("Battery", fmt.percent(status.stateOfChargePercent), null, true),
        el("div", { class: "soc-bar", role: "meter", "aria-label": "State of charge",
          "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(Math.round(status.stateOfChargePercent ?? 0)) },
        socFill(status.stateOfChargePercent))),
      el("ul", { class: "flows" }, flows.map(f =>
        el("li", { class: `flow flow-${f.key}` },
          el("span", { class: "flow-name" }, f.name),
          el("span", { class: "flow-value" }, fmt.kw(f.kw)),
          el("span", { class: "flow-direction muted small" }, f.direction)))),
      el("dl", { class: "kv small" },
        el("dt", {}, "Mode"), el("dd", {}, modeName(status.operationMode)),
        el("dt", {}, "Backup reserve"), el("dd", {}, fmt.percent(status.backupReservePercent)),
        el("dt", {}, "Export rule"), el("dd", {}, status.exportRule ?? "not reported yet"),
        el("dt", {}, "Firmware"), el("dd", {}, status.firmwareVersion ?? status.firmware ?? "not reported yet"),
        el("dt", {}, "Grid"), el("dd", {}, status.gridStatus === "Inactive" ? "off-grid (islanded)" : status.gridStatus === "Active" ? "connected" : status.gridStatus ?? "unknown")),
      el("p", { class: "panel-footer" }, `Sampled ${fmt.time(status.sampledAt)}`));
  }

  async function load() {
    status = await api.get("/api/powerwall/live");
    if (!status.available) return false;
    render();
  }

  const live = {
    LiveStatusSampled: event => {
      status = { ...(status ?? {}), ...event, available: true, sampledAt: event.occurredAt ?? new Date().toISOString() };
      render();
      setPanelState(section, "ready");
    },
  };
  return { section, load: () => runPanel(section, load, "No live status from the Powerwall yet: sign in to Tesla in Settings, or run in demo mode."), live };
}

function socFill(percent) {
  const fill = el("span", { class: "soc-fill" });
  fill.style.width = `${Math.max(0, Math.min(100, Number(percent) || 0))}%`;
  return fill;
}

const modes = { self_consumption: "Self-powered", autonomous: "Time-based control", backup: "Backup only" };
const modeName = mode => (mode ? modes[mode] ?? mode : "not read yet");

// ---- TOU schedule ---------------------------------------------------------------------------------------

function tariffPanel() {
  const section = panel("tariff", "Powerwall tariff (next 24 hours)");
  section.classList.add("full");

  async function load() {
    const tariff = await api.get("/api/tariff");
    setSiteTimeZone(tariff.timeZone);
    if (!tariff.periods?.length) return false;
    const current = currentPeriodIndex(new Date(), getSiteTimeZone());
    const cells = tariff.periods.map((p, index) => {
      const buyCents = cents(p.buyPerKwh);
      const position = index < current ? "tomorrow" : index === current ? "now" : "today";
      return el("li", { class: ["tou-slot", priceClass(buyCents), `tou-${position}`], title: `${periodLabel(p.name)} · buy ${fmt.cPerKwh(p.buyPerKwh)} · sell ${fmt.cPerKwh(p.sellPerKwh)}${position === "tomorrow" ? " (tomorrow)" : ""}`,
        "aria-current": index === current ? "time" : null },
      el("span", { class: "tou-time" }, periodLabel(p.name)),
      el("span", { class: "tou-buy" }, fmt.number(buyCents, 1)),
      el("span", { class: "tou-sell muted" }, fmt.number(cents(p.sellPerKwh), 1)));
    });
    replace(section.body,
      el("p", { class: "tou-explain small" },
        "Tesla only knows a 24-hour wheel, so TeslaSync uploads the next 24 hours from now. ",
        el("strong", {}, "Half-hours earlier in the day than now carry tomorrow's prices"),
        " (shown faded); the highlighted half-hour is now, and later ones are today's. That is why past hours in the Tesla app show tomorrow's prices."),
      el("ol", { class: "tou-grid", "aria-label": "Buy and sell c/kWh per half-hour" }, cells),
      el("p", { class: "panel-footer" },
        `Buy / sell in c/kWh, ${tariff.timeZone ?? getSiteTimeZone()} time. Built ${fmt.dateTime(tariff.builtAt)}.`));
  }

  return { section, load: () => runPanel(section, load, "No tariff has been built yet: it appears after the first sync."),
    live: { TariffSynced: () => runPanel(section, load) } };
}

// ---- sync -----------------------------------------------------------------------------------------------

function syncPanel() {
  const section = panel("sync", "Tariff sync");
  const outcome = el("div", { class: "sync-outcome" });
  const message = el("p", { class: "small sync-message", role: "status" });
  const button = el("button", { type: "button", class: "button-primary", id: "sync-now" }, "Sync now");
  const toggle = el("input", { type: "checkbox", id: "auto-sync" });
  section.body.append(outcome,
    el("div", { class: "actions" }, button,
      el("label", { class: "switch", for: "auto-sync" }, toggle, "Automatic sync when prices change")),
    message);

  function showOutcome(last) {
    if (!last) { replace(outcome, el("p", { class: "muted" }, "No sync has run yet.")); return; }
    replace(outcome,
      el("p", {}, el("span", { class: ["status", `status-${last.status}`] }, last.status ?? "unknown"),
        " ", el("span", { class: "muted" }, `${fmt.dateTime(last.at)} (${fmt.relative(last.at)})`)),
      last.action ? el("p", { class: "small" }, last.action) : null,
      last.reason ? el("p", { class: "small" }, last.reason) : null,
      last.status === "succeeded" ? el("p", { class: "small muted" }, last.readBackMatched ? "Read back from the Powerwall: matches." : "Read back from the Powerwall did not match yet.") : null);
  }

  async function load() {
    const [last, settings] = await Promise.allSettled([api.get("/api/sync/last"), api.get("/api/sync/settings")]);
    if (last.status === "rejected" && !(last.reason instanceof ApiError && last.reason.status === 404)) throw last.reason;
    if (settings.status === "rejected") throw settings.reason;
    showOutcome(last.status === "fulfilled" ? last.value : null);
    toggle.checked = settings.value.autoSync;
  }

  button.addEventListener("click", async () => {
    button.disabled = true;
    message.textContent = "Syncing…";
    try {
      const result = await api.post("/api/sync");
      showOutcome(result);
      message.textContent = result.status === "succeeded" ? "Uploaded to the Powerwall." : `Sync ${result.status}: ${result.reason ?? ""}`;
    } catch (error) {
      message.textContent = `Sync failed: ${failure(error)}`;
    } finally {
      button.disabled = false;
    }
  });

  toggle.addEventListener("change", async () => {
    const wanted = toggle.checked;
    toggle.disabled = true;
    try {
      const result = await api.put("/api/sync/settings", { autoSync: wanted });
      toggle.checked = result.autoSync;
      message.textContent = result.autoSync ? "Automatic sync is on." : "Automatic sync is off.";
    } catch (error) {
      toggle.checked = !wanted;
      message.textContent = `Could not change automatic sync: ${failure(error)}`;
    } finally {
      toggle.disabled = false;
    }
  });

  return { section, load: () => runPanel(section, load), live: { TariffSynced: () => runPanel(section, load) } };
}

// ---- price history --------------------------------------------------------------------------------------

function priceHistoryPanel(charts) {
  const section = panel("price-history", "Price history (7 days)");
  section.classList.add("wide");
  const { box, canvas } = chartBox("Buy price over the last 7 days, c/kWh", "chart-box tall");
  section.body.append(box);

  async function load() {
    const to = new Date();
    const from = new Date(to.getTime() - 7 * 86_400_000);
    const history = await api.get(`/api/prices/history?channel=general&resolution=60&from=${from.toISOString()}&to=${to.toISOString()}`);
    const points = history.points.filter(p => p.meanPerKwh !== null);
    if (!points.length) return false;
    charts.replace("price-history", lineChart(canvas, {
      labels: points.map(p => fmt.dateTime(p.start)),
      yTitle: "c/kWh",
      datasets: [
        { label: "Mean buy", data: points.map(p => cents(p.meanPerKwh)), colour: chartColours.blue, pointRadius: points.length < 24 ? 3 : 0,
          segment: { borderColor: ctx => priceColour(ctx.p1.parsed.y) } },
        { label: "Max buy", data: points.map(p => cents(p.maxPerKwh)), colour: chartColours.grey, borderDash: [4, 4], borderWidth: 1 },
      ],
    }));
  }

  return { section, load: () => runPanel(section, load, "No price history yet."), charts: true };
}

// ---- energy usage ---------------------------------------------------------------------------------------

const kwh = wh => Number(wh ?? 0) / 1000;

function energyPanel(charts) {
  const section = panel("energy", "Energy (daily totals, 7 days)");
  section.classList.add("wide");
  const { box, canvas } = chartBox("Daily energy, kWh", "chart-box tall");
  const table = el("div", { class: "table-scroll" });
  section.body.append(box, table);

  async function load() {
    const to = new Date();
    const from = new Date(to.getTime() - 7 * 86_400_000);
    const history = await api.get(`/api/energy/history?resolution=1440&from=${from.toISOString()}&to=${to.toISOString()}`);
    setSiteTimeZone(history.timeZone);
    const days = history.points.filter(p => p.coveredSeconds > 0);
    if (!days.length) return false;
    const labels = days.map(p => (p.localDate ? fmt.localDate(p.localDate) : fmt.date(p.start)));
    charts.replace("energy", barChart(canvas, {
      labels, yTitle: "kWh",
      datasets: [
        { label: "Home", data: days.map(p => kwh(p.energy.homeWh)), colour: chartColours.purple },
        { label: "Solar", data: days.map(p => kwh(p.energy.solarWh)), colour: chartColours.yellow },
        { label: "Grid import", data: days.map(p => kwh(p.energy.gridImportWh)), colour: chartColours.red },
        { label: "Grid export", data: days.map(p => kwh(p.energy.gridExportWh)), colour: chartColours.green },
      ],
    }));
    replace(table, el("table", { class: "small" },
      el("thead", {}, el("tr", {}, ["Day", "Home", "Solar", "Import", "Export", "Battery in", "Battery out"]
        .map((h, i) => el("th", { class: i ? "num" : null }, h)))),
      el("tbody", {}, days.map((p, i) => el("tr", {},
        el("td", {}, labels[i]),
        [p.energy.homeWh, p.energy.solarWh, p.energy.gridImportWh, p.energy.gridExportWh, p.energy.batteryChargeWh, p.energy.batteryDischargeWh]
          .map(wh => el("td", { class: "num" }, fmt.number(kwh(wh), 1))))))));
  }

  return { section, load: () => runPanel(section, load, "No energy recorded yet."), charts: true };
}

// ---- summaries ------------------------------------------------------------------------------------------

function summaryPanel() {
  const periods = [["day", "Day"], ["week", "Week"], ["month", "Month"], ["year", "Year"]];
  let period = "day";
  const tabs = el("div", { class: "tabs", role: "tablist", "aria-label": "Summary period" });
  const section = panel("summary", "Energy summary", tabs);

  for (const [value, label] of periods) {
    tabs.append(el("button", { type: "button", role: "tab", dataset: { period: value }, "aria-selected": String(value === period),
      onClick: () => { period = value; markTabs(); run(); } }, label));
  }
  const markTabs = () => tabs.querySelectorAll("button").forEach(b => b.setAttribute("aria-selected", String(b.dataset.period === period)));

  async function load() {
    const s = await api.get(`/api/energy/summary?period=${period}`);
    if (!s.coveredSeconds) return false;
    const e = s.energy;
    replace(section.body,
      el("p", { class: "muted small" }, s.firstDate === s.lastDate ? fmt.localDate(s.firstDate) : `${fmt.localDate(s.firstDate)} to ${fmt.localDate(s.lastDate)}`,
        s.complete ? "" : ` · ${fmt.percent(s.completenessPercent)} recorded so far`),
      el("div", { class: "stat-row" },
        stat("Home", fmt.kwh(kwh(e.homeWh))), stat("Solar", fmt.kwh(kwh(e.solarWh))),
        stat("Imported", fmt.kwh(kwh(e.gridImportWh))), stat("Exported", fmt.kwh(kwh(e.gridExportWh))),
        stat("Battery in", fmt.kwh(kwh(e.batteryChargeWh))), stat("Battery out", fmt.kwh(kwh(e.batteryDischargeWh))),
        stat("Self-sufficiency", fmt.percent(s.selfSufficiencyPercent))),
      s.reconciliation?.status
        ? el("p", { class: "panel-footer" }, `Compared with Tesla's history: ${s.reconciliation.status}${s.reconciliation.reason ? ` — ${s.reconciliation.reason}` : ""}`)
        : null);
  }

  const run = () => runPanel(section, load, "No energy recorded in this period yet.");
  return { section, load: run, charts: true };
}

// ---- bill and demand ------------------------------------------------------------------------------------

function billPanel() {
  const section = panel("bill", "Bill estimate and demand");

  async function load() {
    // Dates are the site's local dates: the month so far, as the bill's month-to-date line reads.
    const today = localDate(new Date(), getSiteTimeZone());
    const [bill, costsResult] = await Promise.all([
      api.get("/api/bill"),
      api.get(`/api/costs?from=${today.slice(0, 8)}01&to=${today}`).then(value => ({ value }), error => ({ error })),
    ]);
    if (!bill.costAvailable) {
      replace(section.body, el("p", { class: "muted" }, bill.costUnavailableReason ?? "Costs are not available yet."));
      return;
    }
    const month = costsResult.value?.monthToDate;
    replace(section.body,
      el("p", { class: "muted small" }, `Billing cycle ${fmt.localDate(bill.cycleFirstDate)} to ${fmt.localDate(bill.cycleLastDate)} · day ${bill.daysElapsed} of ${bill.cycleDays}`),
      el("div", { class: "stat-row" },
        stat("Estimated total so far", fmt.money(bill.total), null, true),
        stat("Energy", fmt.money(bill.energyCost)),
        stat("Export earnings", fmt.money(bill.exportEarnings)),
        stat("Demand charge", fmt.money(bill.demandCharge)),
        stat("Supply", fmt.money(bill.supplyToDate))),
      bill.demand?.length
        ? el("table", { class: "small" },
          el("thead", {}, el("tr", {}, el("th", {}, "Demand window"), el("th", { class: "num" }, "Peak"), el("th", {}, "When"), el("th", { class: "num" }, "Charge"))),
          el("tbody", {}, bill.demand.map(d => el("tr", {},
            el("td", {}, d.name), el("td", { class: "num" }, fmt.kw(d.peakKw)), el("td", {}, d.peakLocalStart ?? fmt.dateTime(d.peakStart)),
            el("td", { class: "num" }, fmt.money(d.charge))))))
        : el("p", { class: "muted small" }, "No demand charge configured."),
      el("p", { class: "small" }, bill.inDemandWindow
        ? el("strong", { class: "price-high" }, `In the demand window now${bill.currentDemandWindow ? ` (${bill.currentDemandWindow})` : ""}.`)
        : "Outside the demand window now."),
      month ? el("p", { class: "panel-footer" },
        `Month to date: imported ${fmt.kwh(month.importKwh)} for ${fmt.money(month.importCost)}, exported ${fmt.kwh(month.exportKwh)} for ${fmt.money(month.exportEarnings)}, net ${fmt.money(month.netCost)}${month.provisional ? " (provisional)" : ""}.`)
        : el("p", { class: "panel-footer panel-message-error" }, `Month-to-date costs unavailable: ${costsResult.error ? failure(costsResult.error) : "none recorded yet"}`));
  }

  return { section, load: () => runPanel(section, load), slow: true, live: { DemandWindowChanged: () => runPanel(section, load) } };
}

// ---- API budget -----------------------------------------------------------------------------------------

function budgetPanel() {
  const section = panel("budget", "Tesla API budget");

  async function load() {
    const b = await api.get("/api/budget");
    const level = (b.level ?? "").toLowerCase();
    const levelClass = level === "ok" || level === "normal" ? "status-ok" : level ? "status-warning" : "status-unknown";
    replace(section.body,
      el("div", { class: "stat-row" },
        stat("Projected this month", fmt.money(b.projectedMonthlyCost), null, true),
        stat("Month to date", fmt.money(b.monthToDateCost)),
        stat("Ceiling", fmt.money(b.monthlyCeiling))),
      el("dl", { class: "kv small" },
        el("dt", {}, "Level"), el("dd", {}, el("span", { class: ["status", levelClass] }, b.level ?? "unknown")),
        el("dt", {}, "Today"), el("dd", {}, `${b.today.dataReads} reads, ${b.today.commands} commands`),
        el("dt", {}, "This month"), el("dd", {}, `${b.thisMonth.dataReads} reads, ${b.thisMonth.commands} commands`),
        el("dt", {}, "Live status read every"), el("dd", {}, `${b.minReadIntervalSeconds} s or slower`),
        el("dt", {}, "Price list"), el("dd", {}, b.priceList ?? "–")));
  }

  return { section, load: () => runPanel(section, load), slow: true };
}

// ---- the page -------------------------------------------------------------------------------------------

/** Holds the page's charts so a reload replaces (destroys) the old one and leaving destroys them all. */
function chartRegistry() {
  const charts = new Map();
  return {
    replace(key, chart) { charts.get(key)?.destroy(); charts.set(key, chart); },
    destroyAll() { for (const chart of charts.values()) chart.destroy(); charts.clear(); },
  };
}

export async function render(main) {
  const charts = chartRegistry();
  const panels = [
    healthPanel(), pricePanel(), aemoPanel(), powerwallPanel(), syncPanel(), budgetPanel(),
    tariffPanel(), priceHistoryPanel(charts), billPanel(), energyPanel(charts), summaryPanel(),
  ];
  const page = el("section", { id: "page-dashboard", class: "page", dataset: { state: "loading" } },
    el("div", { class: "page-header" }, el("h1", {}, "Dashboard"), el("span", { class: "muted small" }, `Times in ${getSiteTimeZone()}`)),
    el("div", { class: "panel-grid" }, panels.map(p => p.section)));
  main.replaceChildren(page);

  const unsubscribe = [];
  for (const p of panels) {
    for (const [type, handler] of Object.entries(p.live ?? {})) unsubscribe.push(onLive(type, handler));
  }
  // Events sent while the stream was down are lost: after a reconnect, reload everything once.
  let wasDown = false;
  unsubscribe.push(onConnection(up => {
    if (!up) { wasDown = true; return; }
    if (wasDown) { wasDown = false; panels.forEach(p => p.load()); }
  }));
  // A price change moves the "now" interval and the health line's freshness too.
  const health = panels.find(p => p.section.id === "panel-health");
  unsubscribe.push(onLive("PricesUpdated", () => health.load()));

  // The tariff panel learns the site's time zone; load it first so every other panel formats times in it.
  const tariff = panels.find(p => p.section.id === "panel-tariff");
  await tariff.load();
  if (!hasSiteTimeZone()) {
    // TariffSync did not say; Telemetry knows the zone too. Failing both, times show in the browser's zone.
    try { setSiteTimeZone((await api.get("/api/bill")).timeZone); } catch { /* the bill panel reports its own failure */ }
  }
  page.querySelector(".page-header .muted").textContent = `Times in ${getSiteTimeZone()}`;
  await Promise.all(panels.filter(p => p !== tariff).map(p => p.load()));

  // The page is ready once every panel has drawn its data or said why it cannot.
  page.dataset.state = "ready";

  const timers = [
    setInterval(() => panels.filter(p => p.slow).forEach(p => p.load()), slowRefreshMs),
    setInterval(() => panels.filter(p => p.charts).forEach(p => p.load()), chartRefreshMs),
  ];

  return () => {
    timers.forEach(clearInterval);
    unsubscribe.forEach(off => off());
    charts.destroyAll();
  };
}
