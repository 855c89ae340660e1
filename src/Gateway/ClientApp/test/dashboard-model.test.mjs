// node --test: the dashboard's pure calculations (no DOM, no Gateway).
import { test } from "node:test";
import assert from "node:assert/strict";
import { currentPeriodIndex, periodLabel, flowDirections, nextIntervals, aemoFreshness, localDate } from "../../wwwroot/js/dashboard-model.js";

test("current period follows the site's zone, including half-hour offsets", () => {
  const instant = new Date("2026-01-15T04:10:00Z");
  // Adelaide is UTC+10:30 in January (daylight time): 14:40 local -> slot 29.
  assert.equal(currentPeriodIndex(instant, "Australia/Adelaide"), 29);
  // Brisbane has no daylight time: 14:10 -> slot 28. Perth UTC+8: 12:10 -> slot 24.
  assert.equal(currentPeriodIndex(instant, "Australia/Brisbane"), 28);
  assert.equal(currentPeriodIndex(instant, "Australia/Perth"), 24);
});

test("current period is 0 just after local midnight and 47 just before", () => {
  assert.equal(currentPeriodIndex(new Date("2026-06-30T14:00:00Z"), "Australia/Brisbane"), 0);
  assert.equal(currentPeriodIndex(new Date("2026-06-30T13:59:00Z"), "Australia/Brisbane"), 47);
});

test("period names read as clock times", () => {
  assert.equal(periodLabel("PERIOD_17_30"), "17:30");
  assert.equal(periodLabel("OFF_PEAK"), "OFF_PEAK");
});

test("flows turn Tesla's signed watts into directions", () => {
  const flows = flowDirections({ solarPowerW: 3200, batteryPowerW: -1500, gridPowerW: -400, loadPowerW: 1300 });
  assert.deepEqual(flows.map(f => [f.key, f.kw, f.direction]), [
    ["solar", 3.2, "generating"], ["battery", 1.5, "charging"], ["grid", 0.4, "exporting"], ["home", 1.3, "using"],
  ]);
  const night = flowDirections({ solarPowerW: 10, batteryPowerW: 800, gridPowerW: 200, loadPowerW: 1000 });
  assert.deepEqual(night.map(f => f.direction), ["idle", "discharging", "importing", "using"]);
});

test("next intervals keep one channel from the boundary on, sorted, at most count", () => {
  const at = minutes => new Date(Date.UTC(2026, 0, 1, 0, minutes)).toISOString();
  const intervals = [
    { channel: "general", start: at(60) }, { channel: "feedIn", start: at(30) }, { channel: "general", start: at(30) },
    { channel: "general", start: at(0) }, { channel: "general", start: at(90) },
  ];
  const next = nextIntervals(intervals, "general", at(30), 2);
  assert.deepEqual(next.map(i => i.start), [at(30), at(60)]);
});

test("AEMO price freshness", () => {
  const now = new Date("2026-01-01T10:00:00Z");
  assert.equal(aemoFreshness(null, now).ok, null);
  assert.equal(aemoFreshness("2026-01-01T09:55:00Z", now).ok, true);
  const stale = aemoFreshness("2026-01-01T09:30:00Z", now);
  assert.equal(stale.ok, false);
  assert.match(stale.text, /30 min old/);
});

test("local date is the site's calendar day, not UTC's", () => {
  // 15:30 UTC on 31 Jan is 02:00 on 1 Feb in Adelaide (UTC+10:30).
  const instant = new Date("2026-01-31T15:30:00Z");
  assert.equal(localDate(instant, "Australia/Adelaide"), "2026-02-01");
  assert.equal(localDate(instant, "Australia/Perth"), "2026-01-31");
});
