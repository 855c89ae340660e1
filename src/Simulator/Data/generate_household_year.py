#!/usr/bin/env python3
"""Derives household_year_ausgrid_c12.csv from the Ausgrid Solar Home data of customer 12 (see NOTICE.md).

Run once from the repository root (python3, standard library only):
    python3 src/Simulator/Data/generate_household_year.py \
        ../shared/data/household/pierre-haessig_ausgrid-solar-data/data_2011-2012.csv

Input: pierre-haessig/ausgrid-solar-data `customer/12/data_2011-2012.csv` (CC BY 4.0), columns
`,GC,GG`: the start of each half hour, general consumption (kWh per half hour) and gross PV
generation (kWh per half hour, a small rooftop system), 2011-07-01 00:00 .. 2012-06-30 23:30,
17,568 rows, 48 per day, no gaps.

The times are Sydney CLOCK time, daylight saving included (not standard time): the solar
centroid moves from about 12:20 to about 13:30 between 2 October 2011 and 1 April 2012, the hour
skipped on 2011-10-02 (02:00-03:00) is recorded as 0, and the repeated hour on 2012-04-01 holds
the sum of both passes (about twice its neighbours). Two repairs, the only changes to values:
  * 2011-10-02 02:00 and 02:30: load interpolated linearly between 01:30 and 03:00 (solar is 0);
  * 2012-04-01 02:00 and 02:30: load and solar halved (one pass of the repeated hour).

Output: two rows per day (366 days, 2012 being a leap year), in date order:
    date,series,h00,h01,...,h47
    2011-07-01,load,392,578,...
    2011-07-01,solar,0,0,...
`series` is `load` (GC) or `solar` (GG); h<i> is the energy of the half hour starting at i*30 min
of Sydney clock time, in Wh (kWh x 1000, rounded to the nearest Wh; the source has 3 decimals,
so the values are exact). Nothing else is changed: the simulator scales the solar series to the
configured peak (Simulator:Tesla:SolarPeakWatts), undoes the daylight-saving shift of the solar
series, and interpolates within the half hour itself (see HouseholdProfile.cs).
"""
import csv
import datetime
import os
import sys

FIRST = datetime.date(2011, 7, 1)
DAYS = 366


def main(source):
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = os.path.join(here, "household_year_ausgrid_c12.csv")
    load = [[None] * 48 for _ in range(DAYS)]
    solar = [[None] * 48 for _ in range(DAYS)]
    with open(source, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        assert header == ["", "GC", "GG"], header
        for row in reader:
            stamp = datetime.datetime.strptime(row[0], "%Y-%m-%d %H:%M:%S")
            day = (stamp.date() - FIRST).days
            slot = stamp.hour * 2 + stamp.minute // 30
            assert 0 <= day < DAYS and stamp.minute in (0, 30) and stamp.second == 0, row
            assert load[day][slot] is None, f"duplicate {row[0]}"
            load[day][slot] = round(float(row[1]) * 1000)
            solar[day][slot] = round(float(row[2]) * 1000)

    # The clock changes (see above).
    spring = (datetime.date(2011, 10, 2) - FIRST).days
    assert load[spring][4] == 0 and load[spring][5] == 0, "expected the skipped hour as 0"
    before, after = load[spring][3], load[spring][6]
    load[spring][4] = round(before + (after - before) / 3)
    load[spring][5] = round(before + 2 * (after - before) / 3)
    autumn = (datetime.date(2012, 4, 1) - FIRST).days
    for slot in (4, 5):
        load[autumn][slot] = round(load[autumn][slot] / 2)
        solar[autumn][slot] = round(solar[autumn][slot] / 2)

    lines = ["date,series," + ",".join(f"h{i:02d}" for i in range(48))]
    for day in range(DAYS):
        date = (FIRST + datetime.timedelta(days=day)).isoformat()
        for name, series in (("load", load[day]), ("solar", solar[day])):
            assert None not in series, f"gap on {date}"
            assert min(series) >= 0, f"negative value on {date}"
            lines.append(f"{date},{name}," + ",".join(str(v) for v in series))
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {out_path}: {DAYS} days, "
          f"load {sum(map(sum, load)) / 1000:.1f} kWh, solar {sum(map(sum, solar)) / 1000:.1f} kWh, "
          f"largest solar half hour {max(map(max, solar))} Wh")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
