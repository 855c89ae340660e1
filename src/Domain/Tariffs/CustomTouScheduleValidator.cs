using System.Globalization;

namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// Finds everything wrong with a <see cref="CustomTouSchedule"/> at once, each problem as a
/// sentence naming the season, period, window, days and times involved, so the person entering a
/// retailer's tariff can fix it in one pass.
/// </summary>
/// <remarks>
/// Within a season every minute of the week must belong to exactly one period: Tesla picks one
/// period per time, and an earlier tool that let two overlap (or left gaps) produced tariffs the
/// app showed differently from what the Powerwall used. Across the year every date (29 February
/// included) must belong to exactly one season.
/// </remarks>
public static class CustomTouScheduleValidator
{
    private const int MinutesPerWeek = TeslaDayOfWeek.DaysPerWeek * TouWindow.MinutesPerDay;
    private const string Reserved = TeslaChargeTable.All;

    /// <summary>Every problem found; empty when the schedule can be built.</summary>
    public static IReadOnlyList<string> Validate(CustomTouSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var problems = new List<string>();

        if (string.IsNullOrWhiteSpace(schedule.Name))
        {
            problems.Add("The schedule has no name.");
        }

        CheckAmount(problems, schedule.DailySupplyCharge, "The daily supply charge", "$/day");
        CheckAmount(problems, schedule.MonthlyCharge, "The monthly charge", "$/month");

        var seasons = schedule.Seasons ?? [];
        if (seasons.Count == 0)
        {
            problems.Add("The schedule has no seasons.");
        }

        CheckNames(problems, Present(seasons, season => season.Name), index => $"Season {index}", "season", "Season names");
        var rangesValid = true;
        for (var index = 0; index < seasons.Count; index++)
        {
            if (seasons[index] is not { } season)
            {
                problems.Add($"Season {index + 1} is missing.");
                rangesValid = false;
                continue;
            }

            var label = SeasonLabel(season, index);
            rangesValid &= CheckSeasonDate(problems, label, "starts", season.FromMonth, season.FromDay);
            rangesValid &= CheckSeasonDate(problems, label, "ends", season.ToMonth, season.ToDay);
            CheckPeriods(problems, season, label);
        }

        if (rangesValid && seasons.Count > 0)
        {
            CheckYearCoverage(problems, seasons);
        }

        return problems;
    }

    private static void CheckAmount(List<string> problems, decimal amount, string what, string unit)
    {
        if (amount < 0m)
        {
            problems.Add($"{what} is negative ({Money(amount)} {unit}).");
        }
    }

    /// <summary>Empty, duplicate and reserved names in one list (seasons of a schedule, periods of a season).</summary>
    private static void CheckNames(List<string> problems, IEnumerable<(int Position, string? Name)> names, Func<int, string> unnamed, string kind, string context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (position, name) in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add($"{unnamed(position)} has no name.");
                continue;
            }

            if (name.Trim() == Reserved)
            {
                problems.Add($"{context}: '{Reserved}' is reserved in Tesla's format for rates that apply to every {kind}; choose another name.");
            }

            if (!seen.Add(name) && reported.Add(name))
            {
                problems.Add($"{context}: '{name}' is used by more than one {kind}; each needs its own name.");
            }
        }
    }

    /// <summary>The names of the list's entries with their 1-based positions; missing (null) entries are reported elsewhere.</summary>
    private static IEnumerable<(int Position, string? Name)> Present<T>(IReadOnlyList<T?> items, Func<T, string?> name)
        where T : class =>
        items.Select((item, index) => (item, index)).Where(entry => entry.item is not null).Select(entry => (entry.index + 1, name(entry.item!)));

    private static bool CheckSeasonDate(List<string> problems, string season, string verb, int month, int day)
    {
        if (month is < 1 or > 12)
        {
            problems.Add($"{season} {verb} in month {month}, which is not 1–12.");
            return false;
        }

        // A leap year, so 29 February is a date a season may start or end on.
        if (day < 1 || day > DateTime.DaysInMonth(2024, month))
        {
            problems.Add($"{season} {verb} on day {day} of {MonthName(month)}, which has no such day.");
            return false;
        }

        return true;
    }

    private static void CheckPeriods(List<string> problems, CustomTouSeason season, string seasonLabel)
    {
        var periods = season.Periods ?? [];
        if (periods.Count == 0)
        {
            problems.Add($"{seasonLabel} has no periods.");
            return;
        }

        CheckNames(problems, Present(periods, period => period.Name), index => $"Period {index} of {Lower(seasonLabel)}", "period", seasonLabel);

        // owner[minute of the week] = the first period covering it; overlaps collected per pair.
        var owner = Enumerable.Repeat(-1, MinutesPerWeek).ToArray();
        var overlaps = new Dictionary<(int First, int Second), bool[]>();
        for (var index = 0; index < periods.Count; index++)
        {
            if (periods[index] is not { } period)
            {
                problems.Add($"Period {index + 1} of {Lower(seasonLabel)} is missing.");
                continue;
            }

            var label = $"{PeriodLabel(period, index)} in {Lower(seasonLabel)}";
            CheckRate(problems, label, "buy rate", period.BuyPerKwh, "$/kWh");
            CheckRate(problems, label, "sell rate", period.SellPerKwh, "$/kWh");
            if (period.DemandPerKw is { } demand)
            {
                CheckRate(problems, label, "demand rate", demand, "$/kW");
            }

            var windows = period.Windows ?? [];
            if (windows.Count == 0)
            {
                problems.Add($"{label} has no time windows.");
            }

            for (var w = 0; w < windows.Count; w++)
            {
                var windowLabel = $"{label}, window {w + 1}";
                if (windows[w] is not { } window)
                {
                    problems.Add($"{windowLabel} is missing.");
                }
                else if (CheckWindow(problems, windowLabel, window))
                {
                    Claim(owner, overlaps, index, window);
                }
            }
        }

        foreach (var ((first, second), minutes) in overlaps.OrderBy(pair => pair.Key))
        {
            foreach (var when in WeekRanges(minutes))
            {
                problems.Add($"{seasonLabel}: periods '{periods[first]!.Name}' and '{periods[second]!.Name}' overlap on {when}.");
            }
        }

        foreach (var when in WeekRanges(owner.Select(period => period < 0).ToArray()))
        {
            problems.Add($"{seasonLabel}: no period covers {when}.");
        }
    }

    private static void CheckRate(List<string> problems, string period, string what, decimal rate, string unit)
    {
        if (rate < 0m)
        {
            problems.Add($"{period} has a negative {what} ({rate.ToString(CultureInfo.InvariantCulture)} {unit}); Tesla does not accept negative prices.");
        }
    }

    private static bool CheckWindow(List<string> problems, string label, CustomTouWindow window)
    {
        var valid = true;
        foreach (var (day, which) in new[] { (window.FromWeekday, "first"), (window.ToWeekday, "last") })
        {
            if (!CustomTouWindow.IsWeekday(day))
            {
                problems.Add($"{label}: the {which} weekday is {day}, which is not 0 (Monday) to 6 (Sunday).");
                valid = false;
            }
        }

        if (window.Start < TimeSpan.Zero || window.Start >= TimeSpan.FromHours(24))
        {
            problems.Add($"{label}: the start {Clock(window.Start)} is not between 00:00 and 23:59.");
            valid = false;
        }

        if (window.End < TimeSpan.Zero || window.End > TimeSpan.FromHours(24))
        {
            problems.Add($"{label}: the end {Clock(window.End)} is not between 00:00 and 24:00.");
            valid = false;
        }

        foreach (var (time, which) in new[] { (window.Start, "start"), (window.End, "end") })
        {
            if (time.Ticks % TimeSpan.TicksPerMinute != 0)
            {
                problems.Add($"{label}: the {which} {Clock(time)} is not on a whole minute; Tesla tariffs give times in hours and minutes.");
                valid = false;
            }
        }

        if (valid && (window.Start == window.End || (window.Start == TimeSpan.Zero && window.End == TimeSpan.Zero)))
        {
            problems.Add($"{label}: starts and ends at {Clock(window.Start)}, which is ambiguous; for the whole day give 00:00–24:00.");
            valid = false;
        }

        return valid;
    }

    private static void Claim(int[] owner, Dictionary<(int First, int Second), bool[]> overlaps, int period, CustomTouWindow window)
    {
        foreach (var (day, start, end) in window.SameDayPieces())
        {
            for (var minute = start; minute < end; minute++)
            {
                var cell = (day * TouWindow.MinutesPerDay) + minute;
                var current = owner[cell];
                if (current < 0)
                {
                    owner[cell] = period;
                }
                else if (current != period)
                {
                    // Two windows of one period may overlap harmlessly; two periods may not.
                    var key = (Math.Min(current, period), Math.Max(current, period));
                    if (!overlaps.TryGetValue(key, out var minutes))
                    {
                        overlaps[key] = minutes = new bool[MinutesPerWeek];
                    }

                    minutes[cell] = true;
                }
            }
        }
    }

    /// <summary>
    /// The marked minutes of a week as "Monday–Friday 16:00–21:00" phrases: one per time range,
    /// listing the days that have it (ranges stop at midnight; an overnight stretch reads as an
    /// evening and a morning).
    /// </summary>
    private static IEnumerable<string> WeekRanges(bool[] marked)
    {
        var byTime = new SortedDictionary<(int Start, int End), List<int>>();
        for (var day = 0; day < TeslaDayOfWeek.DaysPerWeek; day++)
        {
            var offset = day * TouWindow.MinutesPerDay;
            for (var minute = 0; minute < TouWindow.MinutesPerDay; minute++)
            {
                if (!marked[offset + minute])
                {
                    continue;
                }

                var start = minute;
                while (minute < TouWindow.MinutesPerDay && marked[offset + minute])
                {
                    minute++;
                }

                if (!byTime.TryGetValue((start, minute), out var days))
                {
                    byTime[(start, minute)] = days = [];
                }

                days.Add(day);
            }
        }

        return byTime
            .OrderBy(range => range.Value[0])
            .ThenBy(range => range.Key.Start)
            .Select(range => $"{DayList(range.Value)} {Clock(range.Key.Start)}–{Clock(range.Key.End)}");
    }

    /// <summary>"Monday–Friday", "Monday, Wednesday", "Saturday–Sunday".</summary>
    private static string DayList(IReadOnlyList<int> days) =>
        string.Join(", ", Runs(days).Select(run => run.First == run.Last
            ? TeslaDayOfWeek.Name(run.First)
            : $"{TeslaDayOfWeek.Name(run.First)}–{TeslaDayOfWeek.Name(run.Last)}"));

    /// <summary>Consecutive runs of sorted numbers.</summary>
    internal static IEnumerable<(int First, int Last)> Runs(IReadOnlyList<int> sorted)
    {
        for (var i = 0; i < sorted.Count;)
        {
            var first = sorted[i];
            while (i + 1 < sorted.Count && sorted[i + 1] == sorted[i] + 1)
            {
                i++;
            }

            yield return (first, sorted[i]);
            i++;
        }
    }

    private static void CheckYearCoverage(List<string> problems, IReadOnlyList<CustomTouSeason> seasons)
    {
        // A leap year: a season ending 28 February leaves 29 February uncovered every fourth year.
        var days = Enumerable.Range(0, 366).Select(offset => new DateOnly(2024, 1, 1).AddDays(offset)).ToArray();
        var coveredBy = days
            .Select(date => seasons.Select((season, index) => (season, index)).Where(s => Covers(s.season, date)).Select(s => s.index).ToArray())
            .ToArray();

        for (var a = 0; a < seasons.Count; a++)
        {
            for (var b = a + 1; b < seasons.Count; b++)
            {
                var (first, second) = (a, b);
                foreach (var range in DateRanges(days, coveredBy.Select(owners => owners.Contains(first) && owners.Contains(second)).ToArray()))
                {
                    problems.Add($"{SeasonLabel(seasons[first], first)} and {Lower(SeasonLabel(seasons[second], second))} both cover {range}.");
                }
            }
        }

        foreach (var range in DateRanges(days, coveredBy.Select(owners => owners.Length == 0).ToArray()))
        {
            problems.Add($"No season covers {range}.");
        }
    }

    private static bool Covers(CustomTouSeason season, DateOnly date)
    {
        var day = (date.Month * 100) + date.Day;
        var from = (season.FromMonth * 100) + season.FromDay;
        var to = (season.ToMonth * 100) + season.ToDay;
        return from <= to ? day >= from && day <= to : day >= from || day <= to;
    }

    /// <summary>Marked dates as "1 Apr–30 Apr" phrases; a stretch over New Year reads as one.</summary>
    private static IEnumerable<string> DateRanges(DateOnly[] days, bool[] marked)
    {
        var runs = Runs(Enumerable.Range(0, days.Length).Where(i => marked[i]).ToArray()).ToList();
        if (runs.Count > 1 && runs[0].First == 0 && runs[^1].Last == days.Length - 1)
        {
            runs[0] = (runs[^1].First, runs[0].Last);
            runs.RemoveAt(runs.Count - 1);
        }

        return runs.Select(run => run.First == run.Last
            ? DayMonth(days[run.First])
            : $"{DayMonth(days[run.First])}–{DayMonth(days[run.Last])}");
    }

    private static string SeasonLabel(CustomTouSeason season, int index) =>
        string.IsNullOrWhiteSpace(season.Name) ? $"Season {index + 1}" : $"Season '{season.Name}'";

    private static string PeriodLabel(CustomTouPeriod period, int index) =>
        string.IsNullOrWhiteSpace(period.Name) ? $"Period {index + 1}" : $"Period '{period.Name}'";

    /// <summary>"Season 'Summer'" → "season 'Summer'", for the middle of a sentence.</summary>
    private static string Lower(string label) => label.Length == 0 ? label : char.ToLowerInvariant(label[0]) + label[1..];

    private static string DayMonth(DateOnly date) => date.ToString("d MMM", CultureInfo.InvariantCulture);

    private static string MonthName(int month) => new DateOnly(2024, month, 1).ToString("MMMM", CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);

    private static string Clock(int minuteOfDay) => string.Create(CultureInfo.InvariantCulture, $"{minuteOfDay / 60:00}:{minuteOfDay % 60:00}");

    /// <summary>"07:00", "24:00", and seconds when a time has them (that is the problem being reported).</summary>
    private static string Clock(TimeSpan time)
    {
        if (time < TimeSpan.Zero)
        {
            return "-" + Clock(time.Negate());
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{(int)Math.Floor(time.TotalHours):00}:{time.Minutes:00}");
        return time.Ticks % TimeSpan.TicksPerMinute == 0
            ? text
            : text + time.ToString(@"\:ss\.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.');
    }
}
