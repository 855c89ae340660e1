// The event log: every GridEvents decision with its reason plus TariffSync's syncs, newest first, filtered
// by kind and kept current from the live stream; and the manual force charge/discharge controls.
import { api } from "../api.js";
import { onLive } from "../live.js";
import { el, replace, panel, setPanelState, fmt, problemText } from "../ui.js";
import { pageFrame, ensureSiteTimeZone, field, formError, formStatus, showErrors, showFormError, clearErrors, confirmDialog, whileBusy, serviceProblem } from "../forms.js";

const logLimit = 200;
const refetchDelayMs = 1500;   // Several live events arrive together when a machine changes; fetch once.
const maxForceMinutes = 1440;

const kinds = [
  ["all", "All"], ["sync", "Sync"], ["spike", "Spike"], ["curtailment", "Curtailment"],
  ["force", "Force"], ["demand", "Demand window"], ["errors", "Errors"],
];
const kindLabels = { sync: "Sync", spike: "Spike", curtailment: "Curtailment", force: "Force", demand: "Demand window", other: "Other" };
const machineKinds = { spike: "spike", curtailment: "curtailment", force: "force", "demand-window": "demand" };

const isoInstant = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/g;

/** A machine state as a person reads it: "discharging until 2026-11-24T09:40:47Z" -> "discharging until 8:10 pm". */
export function readableState(state) {
  return (state ?? "").replace(isoInstant, instant => fmt.time(instant));
}

/** A GridEvents decision as a log entry. */
export function decisionEntry(decision) {
  const kind = machineKinds[decision.machine] ?? "other";
  const [before, after] = [readableState(decision.stateBefore), readableState(decision.stateAfter)];
  const change = before && after && before !== after ? `${before} → ${after}` : after || before;
  return {
    key: `grid-${decision.id}`,
    at: decision.at,
    kind,
    change,
    reason: decision.reason,
    measure: measureText(kind, decision),
    outcome: [decision.action, decision.outcome].filter(Boolean).join(": "),
    trigger: decision.trigger,
    ok: decision.succeeded,
  };
}

function measureText(kind, decision) {
  const value = (amount, unit) => {
    if (amount === null || amount === undefined) return null;
    if (unit === "$/MWh") return fmt.dollarsPerMwh(amount);
    if (unit === "c/kWh") return fmt.cents(amount);
    return `${fmt.number(amount)} ${unit}`;
  };
  const unit = { spike: "$/MWh", curtailment: "c/kWh", force: "min" }[kind];
  if (!unit) return "";
  const input = value(decision.input, unit);
  const threshold = value(decision.threshold, unit);
  if (input && threshold) return `${input} (threshold ${threshold})`;
  return input ?? "";
}

/** A TariffSync sync outcome (GET /api/sync/last or a live TariffSynced event) as a log entry. */
export function syncEntry(sync) {
  const at = sync.at ?? sync.occurredAt;
  return {
    key: `sync-${at}-${sync.status}`,
    at,
    kind: "sync",
    change: `sync ${sync.status ?? "unknown"}`,
    reason: sync.reason ?? (sync.status === "succeeded" ? "Tariff uploaded to the Powerwall." : ""),
    measure: sync.readBackMatched === false && sync.status === "succeeded" ? "read-back did not match" : "",
    outcome: sync.action ?? "",
    trigger: "",
    ok: sync.status !== "failed",
  };
}

export function matchesKind(entry, kind) {
  if (kind === "all") return true;
  if (kind === "errors") return !entry.ok;
  return entry.kind === kind;
}

/** The force in effect according to the newest force decision: "charging until <ISO>" or "idle". */
export function forceFromLog(decisions, now = new Date()) {
  const latest = decisions.find(d => d.machine === "force" && d.stateAfter);
  const match = latest?.stateAfter.match(/^(charging|discharging) until (.+)$/);
  if (!match) return null;
  const until = new Date(match[2]);
  if (Number.isNaN(until.getTime()) || until <= now) return null;
  return { direction: match[1] === "charging" ? "charge" : "discharge", until: until.toISOString() };
}

export async function render(main) {
  const refresh = el("button", { type: "button", id: "events-refresh" }, "Refresh");
  const page = pageFrame("events", "Events", refresh);
  const forcePanel = panel("force", "Force charge or discharge");
  const logPanel = panel("event-log", "Decisions and syncs");
  page.append(el("div", { class: "page-stack" }, forcePanel, logPanel));
  replace(main, page);

  const state = { decisions: [], syncs: new Map(), filter: "all", force: null, gridError: null };
  const force = buildForceControls(forcePanel, state);
  const log = buildLog(logPanel, state);

  async function load() {
    const [grid, sync] = await Promise.allSettled([
      api.get(`/api/grid/events?limit=${logLimit}`),
      api.get("/api/sync/last"),
      ensureSiteTimeZone(),
    ]);
    if (grid.status === "fulfilled") {
      state.decisions = Array.isArray(grid.value) ? grid.value : [];
      state.gridError = null;
      state.force = forceFromLog(state.decisions);
    } else {
      state.gridError = serviceProblem(grid.reason, "GridEvents");
    }
    if (sync.status === "fulfilled" && sync.value) addSync(sync.value);
    state.syncError = sync.status === "rejected" && sync.reason?.status !== 404 ? serviceProblem(sync.reason, "TariffSync") : null;
    log.draw();
    force.draw();
    page.dataset.state = grid.status === "fulfilled" || state.syncs.size ? "ready" : "error";
  }

  function addSync(sync) {
    const entry = syncEntry(sync);
    state.syncs.set(entry.key, entry);
  }

  let refetchTimer = null;
  const refetchSoon = () => {
    clearTimeout(refetchTimer);
    refetchTimer = setTimeout(() => load().catch(error => console.error("Event log refresh failed", error)), refetchDelayMs);
  };
  force.onChanged = refetchSoon;

  refresh.addEventListener("click", () => whileBusy(refresh, load));
  const unsubscribe = [
    onLive("TariffSynced", event => { addSync(event); log.draw(); }),
    ...["SpikeStarted", "SpikeEnded", "CurtailmentChanged", "DemandWindowChanged"].map(type => onLive(type, refetchSoon)),
  ];
  // The force's remaining time is shown relative to now; keep it honest while the page is open.
  const tick = setInterval(() => force.draw(), 30_000);

  await load();
  return () => {
    clearTimeout(refetchTimer);
    clearInterval(tick);
    unsubscribe.forEach(stop => stop());
  };
}

function buildLog(logPanel, state) {
  const tabs = el("div", { class: "tabs", role: "tablist", "aria-label": "Filter by kind" },
    kinds.map(([kind, label]) => el("button", {
      type: "button", role: "tab", dataset: { kind }, "aria-selected": String(kind === state.filter),
      onClick: () => { state.filter = kind; draw(); },
    }, label)));
  const count = el("span", { class: "muted small", id: "event-count" });
  const problems = el("div", { class: "event-problems" });
  const list = el("ol", { class: "event-list", id: "event-list" });
  logPanel.body.append(el("div", { class: "toolbar" }, tabs, count), problems, list);

  function draw() {
    for (const tab of tabs.children) tab.setAttribute("aria-selected", String(tab.dataset.kind === state.filter));
    replace(problems,
      state.gridError ? el("p", { class: "panel-message panel-message-error" }, state.gridError) : null,
      state.syncError ? el("p", { class: "panel-message panel-message-error" }, state.syncError) : null);

    const entries = [...state.decisions.map(decisionEntry), ...state.syncs.values()]
      .sort((a, b) => new Date(b.at ?? 0) - new Date(a.at ?? 0));
    const shown = entries.filter(entry => matchesKind(entry, state.filter));
    count.textContent = `${shown.length} of ${entries.length}`;
    replace(list, shown.map(entryItem));

    if (state.gridError && !entries.length) setPanelState(logPanel, "error", state.gridError);
    else if (!shown.length) {
      setPanelState(logPanel, "empty", entries.length
        ? "No events of this kind yet."
        : "No decisions yet: GridEvents records one whenever a spike, curtailment, demand window or force changes something.");
    } else setPanelState(logPanel, "ready");
  }

  return { draw };
}

function entryItem(entry) {
  return el("li", { class: ["event", `event-${entry.kind}`, entry.ok ? null : "event-failed"], dataset: { kind: entry.kind, key: entry.key } },
    el("div", { class: "event-head" },
      el("time", { datetime: entry.at ?? "" }, fmt.dateTime(entry.at)),
      el("span", { class: `event-kind kind-${entry.kind}` }, kindLabels[entry.kind] ?? entry.kind),
      entry.change ? el("span", { class: "event-change" }, entry.change) : null,
      entry.ok ? null : el("span", { class: "status status-failed" }, "failed")),
    entry.reason ? el("p", { class: "event-reason" }, entry.reason) : null,
    entry.measure || entry.outcome
      ? el("p", { class: "event-detail muted small" }, [entry.measure, entry.outcome, entry.trigger ? `trigger: ${entry.trigger}` : null].filter(Boolean).join(" · "))
      : null);
}

function buildForceControls(forcePanel, state) {
  const current = el("p", { class: "force-current", id: "force-current" });
  const direction = el("select", { name: "direction" },
    el("option", { value: "charge" }, "Charge from the grid"),
    el("option", { value: "discharge" }, "Discharge to the grid"));
  const minutes = el("input", { type: "number", name: "minutes", min: 1, max: maxForceMinutes, step: 1, value: 30, inputmode: "numeric", required: true });
  const start = el("button", { type: "submit", class: "button-primary", id: "force-start" }, "Start");
  const extend = el("button", { type: "button", id: "force-extend", hidden: true }, "Extend");
  const cancel = el("button", { type: "button", class: "button-danger", id: "force-cancel", hidden: true }, "Cancel force");
  const status = formStatus();
  const form = el("form", { class: "force-form", novalidate: true },
    el("div", { class: "form-row" },
      field("direction", "Direction", direction),
      field("minutes", "Minutes (1–1440)", minutes)),
    el("div", { class: "actions" }, start, extend, cancel),
    formError(), status);
  forcePanel.body.append(
    el("p", { class: "muted small" },
      "Overrides the automatic tariff for a while: charging imports from the grid at any price, discharging exports the battery. " +
      "Your own tariff and mode come back by themselves when the time is up."),
    current, form);

  const controls = { draw, onChanged: () => {} };

  function draw() {
    const active = state.force && new Date(state.force.until) > new Date() ? state.force : null;
    if (active) {
      current.className = "force-current force-active";
      current.textContent = `${active.direction === "charge" ? "Charging from" : "Discharging to"} the grid until ` +
        `${fmt.time(active.until)} (${fmt.relative(active.until)}).`;
    } else {
      current.className = "force-current muted";
      current.textContent = "No force is active: the Powerwall follows the synced tariff.";
    }
    extend.hidden = !active;
    cancel.hidden = !active;
    extend.textContent = active ? `Extend by ${minutes.value || "?"} min` : "Extend";
    if (state.gridError && !active) setPanelState(forcePanel, "error", `${state.gridError} Forcing needs GridEvents.`);
    else setPanelState(forcePanel, "ready");
  }

  function requestedMinutes() {
    const value = Number(minutes.value);
    if (!Number.isInteger(value) || value < 1 || value > maxForceMinutes) {
      showErrors(form, { problem: { errors: { minutes: [`Give whole minutes from 1 to ${maxForceMinutes}.`] } } });
      return null;
    }
    return value;
  }

  async function send(body, question) {
    clearErrors(form);
    status.textContent = "";
    if (!await confirmDialog(question)) return;
    try {
      const result = body ? await api.post("/api/grid/force", body) : await api.del("/api/grid/force");
      state.force = result?.direction ? { direction: result.direction, until: result.until } : null;
      status.textContent = result?.outcome ? `Done: ${result.outcome}` : "Done.";
      draw();
      controls.onChanged();
    } catch (error) {
      if (!showErrors(form, error)) showFormError(form, serviceProblem(error, "GridEvents"));
    }
  }

  minutes.addEventListener("input", draw);
  form.addEventListener("submit", event => {
    event.preventDefault();
    const count = requestedMinutes();
    if (count === null) return;
    const charge = direction.value === "charge";
    const until = new Date(Date.now() + count * 60_000);
    whileBusy(start, () => send({ direction: direction.value, minutes: count }, {
      title: charge ? "Force charge from the grid?" : "Force discharge to the grid?",
      message: [
        charge
          ? `The Powerwall will charge from the grid until about ${fmt.time(until)}, whatever the price.`
          : `The Powerwall will export its stored energy to the grid until about ${fmt.time(until)}.`,
        state.force ? "This replaces the force that is active now." : "Automatic decisions resume when it ends.",
      ],
      confirmLabel: charge ? "Start charging" : "Start discharging",
    })).catch(error => console.error(problemText(error)));
  });

  extend.addEventListener("click", () => {
    const count = requestedMinutes();
    if (count === null || !state.force) return;
    // A new request sets the end to now + minutes, so extending asks for what is left plus the extra.
    const left = Math.max(0, Math.ceil((new Date(state.force.until) - Date.now()) / 60_000));
    const total = Math.min(maxForceMinutes, left + count);
    whileBusy(extend, () => send({ direction: state.force.direction, minutes: total }, {
      title: "Extend the force?",
      message: `${state.force.direction === "charge" ? "Charging" : "Discharging"} continues until about ` +
        `${fmt.time(new Date(Date.now() + total * 60_000))}${total === maxForceMinutes ? " (the 24-hour limit)" : ""}.`,
      confirmLabel: "Extend",
    })).catch(error => console.error(problemText(error)));
  });

  cancel.addEventListener("click", () => {
    whileBusy(cancel, () => send(null, {
      title: "Cancel the force?",
      message: "The Powerwall goes back to the synced tariff and your own operating mode now.",
      confirmLabel: "Cancel force",
      danger: true,
    })).catch(error => console.error(problemText(error)));
  });

  return controls;
}
