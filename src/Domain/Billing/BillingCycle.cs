using TeslaSync.Domain.Energy;
using System.Globalization;

namespace TeslaSync.Domain.Billing;

/// <summary>
/// One billing period of local calendar days, from <see cref="Start"/> up to (not including)
/// <see cref="NextStart"/>. A cycle day of 15 runs the 15th to the 14th of the next month; a cycle
/// day beyond a month's length starts that month's cycle on its last day (day 31: 31 January,
/// 28 February — 29th in a leap year — 31 March, 30 April…), as bills on "the 31st" do.
/// </summary>
public readonly record struct BillingCycle
{
    private BillingCycle(DateOnly start, DateOnly nextStart, int cycleDay)
    {
        Start = start;
        NextStart = nextStart;
        CycleDay = cycleDay;
    }

    /// <summary>The first day of the cycle.</summary>
    public DateOnly Start { get; }

    /// <summary>The first day of the next cycle.</summary>
    public DateOnly NextStart { get; }

    /// <summary>The configured day of the month cycles start on (1–31).</summary>
    public int CycleDay { get; }

    public DateOnly LastDay => NextStart.AddDays(-1);

    /// <summary>How many days the cycle has (28–31).</summary>
    public int Days => NextStart.DayNumber - Start.DayNumber;

    public bool Contains(DateOnly date) => date >= Start && date < NextStart;

    /// <summary>The cycle that contains a local date.</summary>
    public static BillingCycle Containing(DateOnly date, int cycleDay)
    {
        CheckDay(cycleDay);
        var start = StartIn(date.Year, date.Month, cycleDay);
        if (date < start)
        {
            var previous = date.AddMonths(-1);
            start = StartIn(previous.Year, previous.Month, cycleDay);
        }

        var following = start.AddMonths(1);
        return new BillingCycle(start, StartIn(following.Year, following.Month, cycleDay), cycleDay);
    }

    /// <summary>The cycle containing the local date of <paramref name="instant"/> in the site's zone.</summary>
    public static BillingCycle Containing(DateTimeOffset instant, TimeZoneInfo timeZone, int cycleDay)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        return Containing(SiteCalendar.DateOf(instant, timeZone), cycleDay);
    }

    public BillingCycle Next() => Containing(NextStart, CycleDay);

    public BillingCycle Previous() => Containing(Start.AddDays(-1), CycleDay);

    /// <summary>
    /// Days of the cycle begun by <paramref name="today"/>, today included (0 before the cycle,
    /// <see cref="Days"/> after it): supply is charged per day, and a day once started is charged.
    /// </summary>
    public int DaysElapsed(DateOnly today) => Math.Clamp(today.DayNumber - Start.DayNumber + 1, 0, Days);

    /// <summary>The instant the cycle begins: local midnight of its first day.</summary>
    public DateTimeOffset StartsAt(TimeZoneInfo timeZone) => SiteCalendar.StartOfDay(Start, timeZone);

    /// <summary>The instant the cycle ends: local midnight of the next cycle's first day.</summary>
    public DateTimeOffset EndsAt(TimeZoneInfo timeZone) => SiteCalendar.StartOfDay(NextStart, timeZone);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Start:yyyy-MM-dd}–{LastDay:yyyy-MM-dd}");

    private static DateOnly StartIn(int year, int month, int cycleDay) =>
        new(year, month, Math.Min(cycleDay, DateTime.DaysInMonth(year, month)));

    private static void CheckDay(int cycleDay)
    {
        if (cycleDay is < 1 or > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(cycleDay), cycleDay, "The billing-cycle day must be 1–31 (a day beyond a month's length means its last day).");
        }
    }
}
