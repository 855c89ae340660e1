#!/usr/bin/env python3
"""Derives nem_week_2022-01-10.csv from OpenNEM's MIT-licensed test fixtures (see NOTICE.md).

Run once from the repository root (python3, standard library only):
    python3 src/Simulator/Data/generate_nem_week.py ../shared/data/aemo/opennem_opennem

Input: nem_<region>_week.json, OpenNEM "network/region stats" responses for
2022-01-10 00:00 .. 2022-01-17 00:00 (+10:00), 2017 five-minute points per series.
OpenNEM (API v3) labels 5-minute points like AEMO's SETTLEMENTDATE, i.e. by interval END,
so point 0 (ending Mon 00:00) belongs to the previous week and is dropped; points 1..2016
are the 2016 intervals of Monday 00:00 .. Sunday 24:00 NEM time.

Output columns (one row per region and 5-minute interval, NEM time = UTC+10, no DST):
  region, minute_of_week (interval START, Monday 00:00 = 0), rrp ($/MWh, as published),
  renewables_pct (wind + utility solar + hydro + bioenergy share of the region's dispatched
  generation; rooftop solar is not in the source), demand_mw (the containing 30-minute
  demand point), scheduled_mw (other dispatched generation), semischeduled_mw (wind + utility solar).
"""
import json
import os
import sys

REGIONS = ["NSW1", "QLD1", "SA1", "TAS1", "VIC1"]
SEMI_SCHEDULED = {"wind", "solar_utility"}
RENEWABLE = {"wind", "solar_utility", "hydro", "bioenergy_biomass"}
NOT_GENERATION = {"imports", "exports", "pumps", "battery_charging"}


def fmt(value):
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def main(source_dir):
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = os.path.join(here, "nem_week_2022-01-10.csv")
    rows = ["region,minute_of_week,rrp,renewables_pct,demand_mw,scheduled_mw,semischeduled_mw"]
    for region in REGIONS:
        with open(os.path.join(source_dir, f"nem_{region.lower()}_week.json"), encoding="utf-8") as f:
            doc = json.load(f)
        price, demand, fuel = None, None, {}
        for series in doc["data"]:
            history = series["history"]
            assert history["start"] == "2022-01-10T00:00:00+10:00", history["start"]
            if series["type"] == "price":
                price = history["data"]
            elif series["id"].endswith(".demand"):
                demand = history["data"]
            elif series["type"] == "power" and "fuel_tech" in series:
                fuel[series["fuel_tech"]] = history["data"]
        assert len(price) == 2017 and len(demand) == 337
        for i in range(1, 2017):
            semi = sum(max(0.0, v[i]) for k, v in fuel.items() if k in SEMI_SCHEDULED)
            sched = sum(max(0.0, v[i]) for k, v in fuel.items() if k not in SEMI_SCHEDULED and k not in NOT_GENERATION)
            renewable = sum(max(0.0, v[i]) for k, v in fuel.items() if k in RENEWABLE)
            total = semi + sched
            pct = 100.0 * renewable / total if total > 0 else 0.0
            demand_mw = demand[(i + 5) // 6]  # 30-minute point whose interval contains this 5-minute interval
            rows.append(",".join([region, str((i - 1) * 5), fmt(price[i]), f"{pct:.2f}",
                                  fmt(round(demand_mw, 2)), f"{sched:.2f}", f"{semi:.2f}"]))
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(rows) + "\n")
    print(f"wrote {len(rows) - 1} rows to {out_path}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/aemo/opennem_opennem")
