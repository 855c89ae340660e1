// Unit tests of the pure parts of the browser pages (npm test in src/Gateway/ClientApp): where the TOU
// builder shows each validator sentence, the event log's entries and filters, the force read from the log,
// tariff windows, setting comparisons, the Home Assistant form's request and status line, and the log filters' query. The pages' DOM is covered in the browser.
import { test } from "node:test";
import assert from "node:assert/strict";
import { placeProblems, exampleSchedule, toScheduleJson } from "../../wwwroot/js/pages/builder.js";
import { decisionEntry, syncEntry, matchesKind, forceFromLog, readableState } from "../../wwwroot/js/pages/events.js";
import { sameValue, describeValue, bridgeStatusText, bridgeSettling, homeAssistantRequest } from "../../wwwroot/js/pages/settings.js";
import { logQuery } from "../../wwwroot/js/pages/logs.js";
import { windowText, rateOf } from "../../wwwroot/js/tariff-view.js";

function twoSeasons() {
  const schedule = exampleSchedule();
  schedule.seasons[0].name = "Summer";
  schedule.seasons.push({ ...structuredClone(schedule.seasons[0]), name: "Summer 2" });
  schedule.seasons[1].periods[1].name = "";
  return schedule;
}

test("placeProblems puts each validator sentence at the period or season it names", () => {
  const schedule = twoSeasons();
  const placed = placeProblems(schedule, [
    "Period 'Peak' in season 'Summer 2' has a negative buy rate (-0.4 $/kWh); Tesla does not accept negative prices.",
    "Period 'Off-peak' in season 'Summer', window 1: the end 25:00 is not between 00:00 and 24:00.",
    "Period 2 of season 'Summer 2' has no name.",
    "Season 'Summer': periods 'Peak' and 'Shoulder' overlap on Monday–Friday 16:00–17:00.",
    "Season 'Summer 2' ends on day 31 of April, which has no such day.",
    "Season 'Summer' and season 'Summer 2' both cover 1 Jan–31 Dec.",
    "The schedule has no name.",
    "The daily supply charge is negative (-1.00 $/day).",
    "The monthly charge is negative (-5.00 $/month).",
    "No season covers 1 Apr–30 Apr.",
    "Season names: 'Summer' is used by more than one season; each needs its own name.",
  ]);

  assert.deepEqual(Object.keys(placed.periods).sort(), ["0.2", "1.0", "1.1"]);
  assert.match(placed.periods["1.0"][0], /negative buy rate/);
  assert.match(placed.periods["0.2"][0], /25:00/);
  assert.match(placed.periods["1.1"][0], /has no name/);
  assert.equal(placed.seasons["0"].length, 2);   // the overlap and the both-cover sentence
  assert.match(placed.seasons["1"][0], /April/);
  assert.deepEqual(Object.keys(placed.fields).sort(), ["dailySupplyCharge", "monthlyCharge", "name"]);
  assert.deepEqual(placed.general, ["No season covers 1 Apr–30 Apr.",
    "Season names: 'Summer' is used by more than one season; each needs its own name."]);
});

test("placeProblems finds unnamed seasons by number", () => {
  const schedule = exampleSchedule();
  schedule.seasons[0].name = " ";
  const placed = placeProblems(schedule, ["Season 1 has no name.", "Period 'Peak' in season 1 has no time windows."]);
  assert.deepEqual(placed.seasons["0"], ["Season 1 has no name."]);
  assert.deepEqual(placed.periods["0.0"], ["Period 'Peak' in season 1 has no time windows."]);
});

test("the example schedule becomes the API's JSON with a blank utility left out", () => {
  const schedule = exampleSchedule();
  const json = toScheduleJson(schedule);
  assert.equal(json.utility, "My retailer");
  assert.deepEqual(json.seasons[0].periods[0].windows, [{ fromWeekday: 0, toWeekday: 4, start: "16:00", end: "21:00" }]);
  schedule.utility = "  ";
  assert.equal("utility" in toScheduleJson(schedule), false);
});

test("a decision becomes a log entry with its kind, change and measured input", () => {
  const entry = decisionEntry({ id: 7, at: "2026-11-24T08:00:00Z", machine: "spike", trigger: "aemo-price", input: 412.5, threshold: 300,
    stateBefore: "idle", stateAfter: "spiking", reason: "AEMO price above threshold", action: "apply", outcome: "acknowledged", succeeded: true });
  assert.equal(entry.kind, "spike");
  assert.equal(entry.change, "idle → spiking");
  assert.match(entry.measure, /412\.50.*threshold.*300\.00/);
  assert.equal(entry.outcome, "apply: acknowledged");
  assert.equal(decisionEntry({ id: 1, machine: "demand-window", reason: "", succeeded: false }).kind, "demand");
});

test("force states show their end as a local time, not an ISO instant", () => {
  const entry = decisionEntry({ id: 2, machine: "force", reason: "cancel requested", succeeded: true,
    stateBefore: "discharging until 2026-11-24T09:40:47.1780000+00:00", stateAfter: "idle" });
  assert.doesNotMatch(entry.change, /2026-/);
  assert.match(entry.change, /^discharging until \d{1,2}:\d{2}\s?[ap]m → idle$/);
  assert.equal(readableState("idle"), "idle");
  assert.equal(readableState(null), "");
});

test("the kind filter keeps its kind, and errors keeps only failures", () => {
  const failedSync = syncEntry({ status: "failed", at: "2026-11-24T08:00:00Z", reason: "Tesla 503" });
  const spike = decisionEntry({ id: 1, machine: "spike", reason: "r", succeeded: true });
  assert.equal(matchesKind(failedSync, "sync"), true);
  assert.equal(matchesKind(failedSync, "errors"), true);
  assert.equal(matchesKind(spike, "errors"), false);
  assert.equal(matchesKind(spike, "sync"), false);
  assert.equal(matchesKind(spike, "all"), true);
  assert.equal(syncEntry({ status: "skipped", occurredAt: "2026-11-24T08:00:00Z" }).at, "2026-11-24T08:00:00Z");
});

test("the active force is read from the newest force decision until it ends", () => {
  const now = new Date("2026-11-24T08:00:00Z");
  const decisions = [
    { machine: "spike", stateAfter: "spiking" },
    { machine: "force", stateAfter: "discharging until 2026-11-24T08:30:00.0000000+00:00" },
    { machine: "force", stateAfter: "idle" },
  ];
  assert.deepEqual(forceFromLog(decisions, now), { direction: "discharge", until: "2026-11-24T08:30:00.000Z" });
  assert.equal(forceFromLog(decisions, new Date("2026-11-24T08:31:00Z")), null);
  assert.equal(forceFromLog([{ machine: "force", stateAfter: "idle" }], now), null);
});

test("tariff windows read as days and times, midnight ends as 24:00", () => {
  assert.equal(windowText({ fromDayOfWeek: 0, toDayOfWeek: 4, fromHour: 16, toHour: 21 }), "Mon–Fri 16:00–21:00");
  assert.equal(windowText({ toDayOfWeek: 6 }), "Every day 00:00–24:00");
  assert.equal(windowText({ fromDayOfWeek: 5, toDayOfWeek: 5, fromHour: 7, fromMinute: 30, toHour: 9 }), "Sat 07:30–09:00");
});

test("rates fall back to Tesla's ALL season and period", () => {
  const table = { Summer: { rates: { PEAK: 0.5 } }, ALL: { rates: { ALL: 0.1, OFF: 0.2 } } };
  assert.equal(rateOf(table, "Summer", "PEAK"), 0.5);
  assert.equal(rateOf(table, "Summer", "OFF"), 0.2);
  assert.equal(rateOf(table, "Winter", "X"), 0.1);
  assert.equal(rateOf(undefined, "Winter", "X"), undefined);
});

test("settings compare days as sets and numbers as numbers", () => {
  assert.equal(sameValue("days", ["Monday", "Friday"], ["Friday", "Monday"]), true);
  assert.equal(sameValue("days", ["Monday"], ["Monday", "Friday"]), false);
  assert.equal(sameValue("number", 300, "300"), true);
  assert.equal(sameValue("time", "16:00", "16:30"), false);
  assert.equal(describeValue({ kind: "number", unit: "$/MWh" }, 300), "300 $/MWh");
  assert.equal(describeValue({ kind: "bool" }, false), "Off");
});

test("the log filters become the query the list and the download share", () => {
  assert.equal(logQuery({ level: "Warning", service: "", contains: "  spike " }), "level=Warning&contains=spike&limit=500");
  assert.equal(logQuery({ level: "Error", service: "tariffsync", contains: "" }, false), "level=Error&service=tariffsync");
});

test("the Home Assistant form keeps a blank password, clears it when asked, and sends the rest as typed", () => {
  const values = { broker: " homeassistant.local ", port: "1884", username: "teslasync", password: "", discoveryPrefix: " homeassistant " };
  assert.deepEqual(homeAssistantRequest(values).body,
    { broker: "homeassistant.local", port: 1884, username: "teslasync", discoveryPrefix: "homeassistant" });
  assert.equal(homeAssistantRequest({ ...values, password: "s3cret " }).body.password, "s3cret ");
  assert.equal(homeAssistantRequest({ ...values, password: "typed then cleared", clearPassword: true }).body.password, "");
  assert.deepEqual(homeAssistantRequest({ broker: "", port: "", username: "  ", discoveryPrefix: "ha" }).body,
    { broker: "", port: null, username: null, discoveryPrefix: "ha" });
  assert.deepEqual(Object.keys(homeAssistantRequest({ ...values, port: "18.5" }).errors), ["port"]);
  assert.deepEqual(Object.keys(homeAssistantRequest({ ...values, port: "-1" }).errors), ["port"]);
});

test("the bridge's status reads as off, connecting, connected since a time, or failed with the reason", () => {
  const time = value => `at ${value}`;
  assert.equal(bridgeStatusText(undefined), "Off");
  assert.equal(bridgeStatusText({ state: "off" }), "Off");
  assert.equal(bridgeStatusText({ state: "connecting", broker: "ha.local" }), "Connecting to ha.local…");
  assert.equal(bridgeStatusText({ state: "connected", broker: "ha.local", since: "2026-11-24T08:00:00Z" }, time),
    "Connected to ha.local since at 2026-11-24T08:00:00Z");
  assert.equal(bridgeStatusText({ state: "failed", broker: "ha.local", lastError: "Not authorized" }), "Failed to ha.local: Not authorized");
  assert.equal(bridgeStatusText({ state: "failed" }), "Failed: no reason given");
});

test("bridgeSettling: after a save the page looks again until the bridge has connected, failed or stopped", () => {
  assert.equal(bridgeSettling({ enabled: true, status: { state: "connecting" } }), true);
  assert.equal(bridgeSettling({ enabled: true, status: { state: "off" } }), true);
  assert.equal(bridgeSettling({ enabled: true, status: { state: "connected" } }), false);
  assert.equal(bridgeSettling({ enabled: true, status: { state: "failed" } }), false);
  assert.equal(bridgeSettling({ enabled: false, status: { state: "connected" } }), true);
  assert.equal(bridgeSettling({ enabled: false, status: { state: "off" } }), false);
});
