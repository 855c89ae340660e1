using System.Globalization;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Domain.Billing;

/// <summary>
/// Finds everything wrong with a <see cref="DemandTariff"/> at once, each problem as a sentence
/// naming the window and times involved, so a tariff copied from a network's price list can be
/// fixed in one pass.
/// </summary>
/// <remarks>
/// Windows must not overlap: a half-hour charged in two windows would be billed twice. Ranges of
/// one window may overlap harmlessly (a block is counted once per window). Times must be on the
/// half-hour because demand is measured in half-hour blocks on the local clock; a window starting
/// at 16:15 would silently charge the 16:00 block or miss it. Gaps are allowed: half-hours in no
/// window carry no demand charge.
/// </remarks>
public static class DemandTariffValidator
{
    private static readonly DateOnly ReferenceMonday = new(2024, 1, 1);

    /// <summary>Every problem found; empty when the tariff can be used.</summary>
    public static IReadOnlyList<string> Validate(DemandTariff tariff)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        var problems = new List<string>();

        if (tariff.BillingCycleDay is < 1 or > 31)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"The billing-cycle day is {tariff.BillingCycleDay}; it must be 1–31 (31 means the last day of shorter months)."));
        }

        if (!Enum.IsDefined(tariff.RateBasis))
        {
            problems.Add($"The demand rate basis {tariff.RateBasis} is not known; use {DemandRateBasis.PerBillingCycle} or {DemandRateBasis.PerDay}.");
        }

        CheckAmount(problems, tariff.DailySupplyCharge, "The daily supply charge", "$/day");
        CheckAmount(problems, tariff.MonthlyFixedCharge, "The monthly fixed charge", "$/month");

        var windows = tariff.Windows ?? [];
        var usable = new List<(int Index, DemandWindow Window)>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < windows.Count; index++)
        {
            if (windows[index] is not { } window)
            {
                problems.Add($"Window {index + 1} is missing.");
                continue;
            }

            var label = Label(window, index);
            if (string.IsNullOrWhiteSpace(window.Name))
            {
                problems.Add($"{label} has no name.");
            }
            else if (!names.Add(window.Name.Trim()) && reported.Add(window.Name.Trim()))
            {
                problems.Add($"The name '{window.Name.Trim()}' is used by more than one window; each needs its own.");
            }

            CheckAmount(problems, window.RatePerKw, $"{label}'s rate", RateUnit(tariff.RateBasis));
            if (CheckTimes(problems, label, window.Times ?? []))
            {
                usable.Add((index, window));
            }
        }

        CheckOverlaps(problems, usable);
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem when the tariff is not valid.</summary>
    public static void EnsureValid(DemandTariff tariff, string? paramName = null)
    {
        var problems = Validate(tariff);
        if (problems.Count > 0)
        {
            throw new ArgumentException("The demand tariff is not valid: " + string.Join(" ", problems), paramName ?? nameof(tariff));
        }
    }

    private static bool CheckTimes(List<string> problems, string label, IReadOnlyList<WeeklyTimeWindow> times)
    {
        if (times.Count == 0)
        {
            problems.Add($"{label} has no times.");
            return false;
        }

        var valid = true;
        for (var t = 0; t < times.Count; t++)
        {
            var time = times[t];
            var which = $"{label}, time {t + 1} ({time.Window})";
            if ((time.Days & DaysOfWeek.All) == DaysOfWeek.None)
            {
                problems.Add($"{which} applies on no days of the week.");
                valid = false;
            }

            if ((time.Days & ~DaysOfWeek.All) != DaysOfWeek.None)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{which} has unknown days ({(int)time.Days}); use Monday–Sunday, Weekdays, Weekend or All."));
                valid = false;
            }

            foreach (var (clock, edge) in new[] { (time.Window.Start, "starts"), (time.Window.End, "ends") })
            {
                if (!OnHalfHour(clock))
                {
                    problems.Add($"{which} {edge} at {Clock(clock)}, which is not on the half-hour; demand is measured in half-hour blocks of the local clock, so give :00 or :30.");
                    valid = false;
                }
            }

            if (time.Window.Start == time.Window.End && time.Window.Start != TimeOnly.MinValue)
            {
                problems.Add($"{which} starts and ends at {Clock(time.Window.Start)}, which is ambiguous; for the whole day give 00:00–00:00.");
                valid = false;
            }
        }

        return valid;
    }

    /// <summary>Every half-hour of a reference week claimed by two windows, reported per pair.</summary>
    private static void CheckOverlaps(List<string> problems, List<(int Index, DemandWindow Window)> windows)
    {
        for (var a = 0; a < windows.Count; a++)
        {
            for (var b = a + 1; b < windows.Count; b++)
            {
                var both = new bool[TeslaDayOfWeek.DaysPerWeek, HalfHourSlot.PerDay];
                var any = false;
                for (var day = 0; day < TeslaDayOfWeek.DaysPerWeek; day++)
                {
                    foreach (var slot in HalfHourSlot.All)
                    {
                        var halfHour = new LocalHalfHour(ReferenceMonday.AddDays(day), slot);
                        if (windows[a].Window.Contains(halfHour) && windows[b].Window.Contains(halfHour))
                        {
                            both[day, slot.Index] = any = true;
                        }
                    }
                }

                if (any)
                {
                    var first = Label(windows[a].Window, windows[a].Index);
                    var second = Label(windows[b].Window, windows[b].Index);
                    problems.Add($"{first} and {char.ToLowerInvariant(second[0])}{second[1..]} overlap on {string.Join("; ", WeekRanges(both))}; a half-hour can be charged in one window only.");
                }
            }
        }
    }

    /// <summary>Marked half-hours as "Monday–Friday 16:00–17:00" phrases, one per time range.</summary>
    private static IEnumerable<string> WeekRanges(bool[,] marked)
    {
        var byRange = new SortedDictionary<(int Start, int End), List<int>>();
        for (var day = 0; day < TeslaDayOfWeek.DaysPerWeek; day++)
        {
            for (var slot = 0; slot < HalfHourSlot.PerDay; slot++)
            {
                if (!marked[day, slot])
                {
                    continue;
                }

                var start = slot;
                while (slot < HalfHourSlot.PerDay && marked[day, slot])
                {
                    slot++;
                }

                if (!byRange.TryGetValue((start, slot), out var days))
                {
                    byRange[(start, slot)] = days = [];
                }

                days.Add(day);
            }
        }

        return byRange
            .OrderBy(range => range.Value[0])
            .ThenBy(range => range.Key.Start)
            .Select(range => $"{DayList(range.Value)} {SlotClock(range.Key.Start)}–{SlotClock(range.Key.End)}");
    }

    private static string DayList(List<int> days) =>
        string.Join(", ", CustomTouScheduleValidator.Runs(days).Select(run => run.First == run.Last
            ? TeslaDayOfWeek.Name(run.First)
            : $"{TeslaDayOfWeek.Name(run.First)}–{TeslaDayOfWeek.Name(run.Last)}"));

    private static void CheckAmount(List<string> problems, decimal amount, string what, string unit)
    {
        if (amount < 0m)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{what} is negative ({amount} {unit})."));
        }
    }

    private static string RateUnit(DemandRateBasis basis) => basis == DemandRateBasis.PerDay ? "$/kW/day" : "$/kW per billing cycle";

    private static bool OnHalfHour(TimeOnly time) => time.Ticks % TimeSpan.FromMinutes(30).Ticks == 0;

    private static string Label(DemandWindow window, int index) =>
        string.IsNullOrWhiteSpace(window.Name) ? $"Window {index + 1}" : $"Window '{window.Name.Trim()}'";

    private static string Clock(TimeOnly time) =>
        time.Ticks % TimeSpan.TicksPerMinute == 0
            ? time.ToString("HH:mm", CultureInfo.InvariantCulture)
            : time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.');

    private static string SlotClock(int slot) =>
        string.Create(CultureInfo.InvariantCulture, $"{slot / 2:00}:{slot % 2 * 30:00}");
}
