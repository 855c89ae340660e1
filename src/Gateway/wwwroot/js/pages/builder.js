// Custom TOU builder: a retailer's time-of-use tariff as seasons × periods × weekday/time windows. "Check" asks
// the server's validator (the one rule book) and shows each problem at the season or period it names, with a
// preview of the Tesla tariff when valid; "Save" stores it as a profile. The draft survives a reload.
import { api } from "../api.js";
import { el, replace, panel, setPanelState, problemText } from "../ui.js";
import { pageFrame, field, formError, formStatus, showFormError, whileBusy, serviceProblem, confirmDialog } from "../forms.js";
import { tariffView } from "../tariff-view.js";

const draftKey = "teslasync.builder.draft";
const dayOptions = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const monthOptions = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const clockPattern = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

const timeWindow = (fromWeekday, toWeekday, start, end) => ({ fromWeekday, toWeekday, start, end });

/** A typical Australian peak/shoulder/off-peak tariff, so the builder opens with something that validates. */
export function exampleSchedule() {
  return {
    name: "My TOU tariff",
    utility: "My retailer",
    dailySupplyCharge: 1.10,
    monthlyCharge: 0,
    seasons: [{
      name: "All year", fromMonth: 1, fromDay: 1, toMonth: 12, toDay: 31,
      periods: [
        { name: "Peak", buyPerKwh: 0.45, sellPerKwh: 0.08, windows: [timeWindow(0, 4, "16:00", "21:00")] },
        { name: "Shoulder", buyPerKwh: 0.30, sellPerKwh: 0.06,
          windows: [timeWindow(0, 4, "07:00", "16:00"), timeWindow(0, 4, "21:00", "22:00"), timeWindow(5, 6, "07:00", "22:00")] },
        { name: "Off-peak", buyPerKwh: 0.18, sellPerKwh: 0.05, windows: [timeWindow(0, 6, "22:00", "07:00")] },
      ],
    }],
  };
}

const emptyPeriod = () => ({ name: "", buyPerKwh: 0.25, sellPerKwh: 0.05, windows: [timeWindow(0, 6, "00:00", "24:00")] });
const emptySeason = () => ({ name: "", fromMonth: 1, fromDay: 1, toMonth: 12, toDay: 31, periods: [emptyPeriod()] });

/**
 * Sorts the validator's sentences to where they belong: a period ("Period 'Peak' in season 'Summer'",
 * "Period 2 of season 'Summer'"), a season ("Season 'Summer' …", "season 'Summer'" in a sentence about it),
 * a top-level field (name, charges), or the general list. Names are matched with their quotes, so
 * 'Summer' never matches 'Summer 2'.
 */
export function placeProblems(schedule, problems) {
  const placed = { general: [], fields: {}, seasons: {}, periods: {} };
  const add = (bucket, key, text) => { (bucket[key] ??= []).push(text); };
  const seasons = schedule.seasons ?? [];
  const seasonLabel = (season, index) => (season.name?.trim() ? `season '${season.name}'` : `season ${index + 1}`);

  for (const problem of problems) {
    const lower = problem.toLowerCase();
    let where = null;
    seasons.forEach((season, s) => {
      const inSeason = seasonLabel(season, s);
      (season.periods ?? []).forEach((period, p) => {
        if (where) return;
        const periodLabel = period.name?.trim() ? `period '${period.name}'` : `period ${p + 1}`;
        if (lower.includes(`${periodLabel} in ${inSeason}`.toLowerCase()) || lower.includes(`period ${p + 1} of ${inSeason}`.toLowerCase())) {
          where = ["periods", `${s}.${p}`];
        }
      });
    });
    if (!where) {
      const s = seasons.findIndex((season, index) => lower.startsWith(seasonLabel(season, index).toLowerCase()) ||
        lower.includes(`${seasonLabel(season, index).toLowerCase()}:`));
      if (s >= 0) where = ["seasons", String(s)];
    }
    if (!where) {
      if (lower.startsWith("the schedule has no name")) where = ["fields", "name"];
      else if (lower.startsWith("the daily supply charge")) where = ["fields", "dailySupplyCharge"];
      else if (lower.startsWith("the monthly charge")) where = ["fields", "monthlyCharge"];
    }
    if (where) add(placed[where[0]], where[1], problem);
    else placed.general.push(problem);
  }
  return placed;
}

/** The draft as the API's CustomTouSchedule JSON (blank utility left out); throws nothing. */
export function toScheduleJson(schedule) {
  const json = {
    name: schedule.name,
    dailySupplyCharge: schedule.dailySupplyCharge,
    monthlyCharge: schedule.monthlyCharge,
    seasons: schedule.seasons.map(season => ({
      name: season.name,
      fromMonth: season.fromMonth, fromDay: season.fromDay, toMonth: season.toMonth, toDay: season.toDay,
      periods: season.periods.map(period => ({
        name: period.name,
        buyPerKwh: period.buyPerKwh,
        sellPerKwh: period.sellPerKwh,
        windows: period.windows.map(w => ({ fromWeekday: w.fromWeekday, toWeekday: w.toWeekday, start: w.start, end: w.end })),
      })),
    })),
  };
  if (schedule.utility?.trim()) json.utility = schedule.utility.trim();
  return json;
}

function loadDraft() {
  try {
    const saved = JSON.parse(localStorage.getItem(draftKey) ?? "null");
    if (saved && Array.isArray(saved.seasons)) return saved;
  } catch {
    // A damaged draft: start from the example rather than fail the page.
  }
  return exampleSchedule();
}

export async function render(main) {
  const page = pageFrame("builder", "Custom TOU builder");
  const formPanel = panel("builder-form", "Tariff");
  const resultPanel = panel("builder-result", "Check and preview");
  page.append(el("p", { class: "muted" },
    "Enter your retailer's time-of-use tariff. Within each season every minute of the week must belong to exactly one period, " +
    "and every date of the year to exactly one season. Rates are in $/kWh (0.30 = 30 c/kWh). Times are \"HH:mm\"; 24:00 ends the day, " +
    "and an end before the start runs past midnight."),
  el("div", { class: "page-stack" }, formPanel, resultPanel));
  replace(main, page);

  let schedule = loadDraft();
  let placed = { general: [], fields: {}, seasons: {}, periods: {} };
  const saveDraft = () => { try { localStorage.setItem(draftKey, JSON.stringify(schedule)); } catch { /* storage full or off: keep editing */ } };

  const check = el("button", { type: "button", id: "builder-check" }, "Check");
  const save = el("button", { type: "submit", class: "button-primary", id: "builder-save" }, "Save as profile");
  const reset = el("button", { type: "button", class: "button-quiet", id: "builder-reset" }, "Start again from the example");
  const status = formStatus();
  const editor = el("div", { class: "builder-editor" });
  const form = el("form", { novalidate: true, id: "builder" }, editor,
    el("div", { class: "actions" }, check, save, reset), formError(), status);
  formPanel.body.append(form);
  setPanelState(formPanel, "ready");
  setPanelState(resultPanel, "empty", "Press Check to see any problems, or a preview of the tariff the Powerwall would get.");

  // Any edit makes the last check stale: say so instead of showing a verdict on an older tariff.
  const edited = () => {
    saveDraft();
    if (resultPanel.dataset.state !== "empty") {
      setPanelState(resultPanel, "empty", "Changed since the last check: press Check again.");
      replace(resultPanel.body);
    }
  };
  const restructure = () => { edited(); draw(); };

  function draw() {
    replace(editor, scheduleEditor(schedule, placed, { edited, restructure }));
  }

  /** Local checks the server cannot report well: numbers that are not numbers, times not "HH:mm". */
  function localProblems() {
    const bad = [...editor.querySelectorAll("[data-invalid]")];
    for (const input of bad) input.setAttribute("aria-invalid", "true");
    return bad.length;
  }

  function showProblems(problems, nameProblems = []) {
    placed = placeProblems(schedule, problems);
    if (nameProblems.length) placed.fields.name = [...(placed.fields.name ?? []), ...nameProblems];
    const count = problems.length + nameProblems.length;
    draw();
    replace(resultPanel.body,
      el("p", { class: "problem-summary" }, `${count} ${count === 1 ? "problem" : "problems"} to fix; each is shown next to the part it names.`),
      placed.general.length ? el("ul", { class: "problem-list", id: "builder-problems" }, placed.general.map(text => el("li", {}, text))) : null);
    setPanelState(resultPanel, "ready");
    resultPanel.dataset.valid = "false";
  }

  function clearProblems() {
    placed = { general: [], fields: {}, seasons: {}, periods: {} };
    draw();
  }

  async function runCheck() {
    status.textContent = "";
    showFormError(form, "");
    if (localProblems()) { showFormError(form, "Fix the fields marked in red first."); return; }
    setPanelState(resultPanel, "loading", "Checking…");
    try {
      const result = await api.post("/api/profiles/custom/validate", toScheduleJson(schedule));
      if (result?.valid) {
        clearProblems();
        replace(resultPanel.body,
          el("p", { class: "status status-ok", id: "builder-valid" }, "Valid: this is the tariff the Powerwall would get."),
          tariffView(result.tariff));
        setPanelState(resultPanel, "ready");
        resultPanel.dataset.valid = "true";
      } else {
        showProblems(result?.problems ?? ["The server did not say what is wrong."]);
      }
    } catch (error) {
      const problems = error?.problem?.errors?.schedule;
      if (problems) showProblems(problems);
      else setPanelState(resultPanel, "error", serviceProblem(error, "TariffSync"));
    }
  }

  check.addEventListener("click", () => whileBusy(check, runCheck));
  form.addEventListener("submit", event => {
    event.preventDefault();
    whileBusy(save, async () => {
      status.textContent = "";
      showFormError(form, "");
      if (localProblems()) { showFormError(form, "Fix the fields marked in red first."); return; }
      try {
        const profile = await api.post("/api/profiles/custom", { name: schedule.name, schedule: toScheduleJson(schedule) });
        clearProblems();
        replace(status, `Saved as profile "${profile?.name ?? schedule.name}". `, el("a", { href: "#/profiles" }, "Open profiles"),
          " to restore it to the Powerwall.");
      } catch (error) {
        const errors = error?.problem?.errors ?? {};
        if (errors.schedule || errors.name) {
          showProblems(errors.schedule ?? [], errors.name ?? []);
          showFormError(form, "Not saved: fix the problems shown and save again.");
        } else {
          showFormError(form, `Not saved: ${serviceProblem(error, "TariffSync")}`);
        }
      }
    }).catch(error => console.error(problemText(error)));
  });
  reset.addEventListener("click", async () => {
    if (!await confirmDialog({ title: "Start again?", message: "Your changes here are replaced by the example tariff.", confirmLabel: "Start again" })) return;
    schedule = exampleSchedule();
    placed = { general: [], fields: {}, seasons: {}, periods: {} };
    restructure();
  });

  draw();
  page.dataset.state = "ready";
}

// ---- editor ------------------------------------------------------------------------------------------------

const problemList = (texts, id) => texts?.length
  ? el("ul", { class: "field-problems", role: "alert", id }, texts.map(text => el("li", {}, text)))
  : null;

/** A text input bound to obj[key]. */
function textInput(obj, key, events, attrs = {}) {
  const input = el("input", { type: "text", value: obj[key] ?? "", autocomplete: "off", ...attrs });
  input.addEventListener("input", () => { obj[key] = input.value; events.edited(); });
  return input;
}

/** A number input bound to obj[key]; a blank or non-number is marked invalid locally and not sent. */
function numberInput(obj, key, events, attrs = {}) {
  const input = el("input", { type: "number", step: "any", value: obj[key] ?? "", inputmode: "decimal", ...attrs });
  const validate = () => {
    const value = input.value.trim() === "" ? NaN : Number(input.value);
    if (Number.isFinite(value)) {
      obj[key] = value;
      input.removeAttribute("data-invalid");
      input.removeAttribute("aria-invalid");
    } else {
      input.setAttribute("data-invalid", "Enter a number.");
    }
  };
  input.addEventListener("input", () => { validate(); events.edited(); });
  validate();
  return input;
}

/** "HH:mm" (24:00 allowed for an end) bound to obj[key]. A text field: a time picker cannot say 24:00. */
function clockInput(obj, key, events, label) {
  const input = el("input", { type: "text", value: obj[key] ?? "", class: "clock", inputmode: "numeric", maxlength: 5,
    placeholder: "HH:mm", "aria-label": label });
  const validate = () => {
    const text = input.value.trim();
    obj[key] = text;
    if (clockPattern.test(text)) {
      input.removeAttribute("data-invalid");
      input.removeAttribute("aria-invalid");
    } else {
      input.setAttribute("data-invalid", "Give a time as HH:mm (00:00–24:00).");
    }
  };
  input.addEventListener("input", () => { validate(); events.edited(); });
  validate();
  return input;
}

function selectInput(obj, key, options, events, attrs = {}) {
  const input = el("select", attrs, options.map(([value, label]) => el("option", { value, selected: obj[key] === value }, label)));
  input.addEventListener("change", () => { obj[key] = Number(input.value); events.edited(); });
  return input;
}

function scheduleEditor(schedule, placed, events) {
  const addSeason = el("button", { type: "button", class: "add-season" }, "+ Add season");
  addSeason.addEventListener("click", () => { schedule.seasons.push(emptySeason()); events.restructure(); });
  return [
    el("div", { class: "form-row" },
      withProblems(field("name", "Tariff name", textInput(schedule, "name", events, { maxlength: 100, required: true })), placed.fields.name),
      field("utility", "Utility (shown in the Tesla app)", textInput(schedule, "utility", events, { maxlength: 100 }))),
    el("div", { class: "form-row" },
      withProblems(field("dailySupplyCharge", "Daily supply charge ($/day)", numberInput(schedule, "dailySupplyCharge", events, { min: 0 })), placed.fields.dailySupplyCharge),
      withProblems(field("monthlyCharge", "Monthly charge ($/month)", numberInput(schedule, "monthlyCharge", events, { min: 0 })), placed.fields.monthlyCharge)),
    schedule.seasons.map((season, s) => seasonEditor(schedule, season, s, placed, events)),
    el("div", { class: "actions" }, addSeason),
  ];
}

function withProblems(fieldNode, problems) {
  if (problems?.length) {
    const line = fieldNode.querySelector(":scope > .field-error");
    line.textContent = problems.join(" ");
    line.hidden = false;
    fieldNode.querySelector("input, select")?.setAttribute("aria-invalid", "true");
  }
  return fieldNode;
}

function seasonEditor(schedule, season, s, placed, events) {
  const remove = el("button", { type: "button", class: "button-quiet button-small", disabled: schedule.seasons.length === 1 }, "Remove season");
  remove.addEventListener("click", () => { schedule.seasons.splice(s, 1); events.restructure(); });
  const addPeriod = el("button", { type: "button" }, "+ Add period");
  addPeriod.addEventListener("click", () => { season.periods.push(emptyPeriod()); events.restructure(); });
  const months = monthOptions.map((name, index) => [index + 1, name]);
  const days = Array.from({ length: 31 }, (_, index) => [index + 1, String(index + 1)]);
  const problems = placed.seasons[String(s)];
  return el("fieldset", { class: ["season", problems?.length ? "has-problems" : null], dataset: { season: s } },
    el("legend", {}, `Season ${s + 1}${season.name ? `: ${season.name}` : ""}`),
    problemList(problems, `season-${s}-problems`),
    el("div", { class: "form-row" },
      field(`seasons.${s}.name`, "Season name", textInput(season, "name", events, { maxlength: 60, placeholder: "e.g. Summer" })),
      el("div", { class: "field" },
        el("span", { class: "label" }, "From"),
        el("div", { class: "inline-inputs" },
          selectInput(season, "fromDay", days, events, { "aria-label": "From day" }),
          selectInput(season, "fromMonth", months, events, { "aria-label": "From month" }))),
      el("div", { class: "field" },
        el("span", { class: "label" }, "To (inclusive)"),
        el("div", { class: "inline-inputs" },
          selectInput(season, "toDay", days, events, { "aria-label": "To day" }),
          selectInput(season, "toMonth", months, events, { "aria-label": "To month" })))),
    season.periods.map((period, p) => periodEditor(season, period, s, p, placed, events)),
    el("div", { class: "actions" }, addPeriod, remove));
}

function periodEditor(season, period, s, p, placed, events) {
  const remove = el("button", { type: "button", class: "button-quiet button-small", disabled: season.periods.length === 1 }, "Remove period");
  remove.addEventListener("click", () => { season.periods.splice(p, 1); events.restructure(); });
  const addWindow = el("button", { type: "button", class: "button-small" }, "+ Add time window");
  addWindow.addEventListener("click", () => { period.windows.push(timeWindow(0, 4, "00:00", "24:00")); events.restructure(); });
  const problems = placed.periods[`${s}.${p}`];
  return el("div", { class: ["period", problems?.length ? "has-problems" : null], dataset: { season: s, period: p } },
    problemList(problems, `period-${s}-${p}-problems`),
    el("div", { class: "form-row period-fields" },
      field(`seasons.${s}.periods.${p}.name`, "Period name", textInput(period, "name", events, { maxlength: 60, placeholder: "e.g. Peak" })),
      field(`seasons.${s}.periods.${p}.buy`, "Buy ($/kWh)", numberInput(period, "buyPerKwh", events, { min: 0, step: "0.0001" })),
      field(`seasons.${s}.periods.${p}.sell`, "Sell ($/kWh)", numberInput(period, "sellPerKwh", events, { min: 0, step: "0.0001" }))),
    el("div", { class: "windows" },
      el("span", { class: "label" }, "When"),
      period.windows.map((w, index) => windowEditor(period, w, index, events)),
      addWindow),
    el("div", { class: "actions" }, remove));
}

function windowEditor(period, w, index, events) {
  const days = dayOptions.map((name, day) => [day, name]);
  const remove = el("button", { type: "button", class: "button-quiet button-small", "aria-label": `Remove window ${index + 1}`, disabled: period.windows.length === 1 }, "✕");
  remove.addEventListener("click", () => { period.windows.splice(index, 1); events.restructure(); });
  return el("div", { class: "window-row", dataset: { window: index } },
    el("span", { class: "window-days" },
      selectInput(w, "fromWeekday", days, events, { "aria-label": `Window ${index + 1} first day` }),
      el("span", {}, "–"),
      selectInput(w, "toWeekday", days, events, { "aria-label": `Window ${index + 1} last day` })),
    el("span", { class: "window-times" },
      clockInput(w, "start", events, `Window ${index + 1} start`),
      el("span", {}, "to"),
      clockInput(w, "end", events, `Window ${index + 1} end`),
      remove));
}
