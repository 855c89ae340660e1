namespace TeslaSync.Domain.Energy;

/// <summary>The calendar periods energy is summarised over, in the site's time zone.</summary>
public enum SummaryPeriod
{
    Day,

    /// <summary>Monday to Sunday.</summary>
    Week,

    Month,
    Year,
}

/// <summary>
/// A day, week (Monday start), month or year of local dates, and the instants it runs between in the
/// site's zone: [<see cref="Start"/>, <see cref="End"/>), whatever daylight saving does to its length.
/// </summary>
public sealed record LocalPeriod(SummaryPeriod Kind, DateOnly First, DateOnly Last, DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;

    public int DayCount => Last.DayNumber - First.DayNumber + 1;

    /// <summary>Every local date of the period, in order.</summary>
    public IEnumerable<DateOnly> Days => Enumerable.Range(0, DayCount).Select(First.AddDays);

    /// <summary>The period of <paramref name="kind"/> that contains the local date <paramref name="date"/>.</summary>
    public static LocalPeriod Containing(SummaryPeriod kind, DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var (first, next) = kind switch
        {
            SummaryPeriod.Day => (date, date.AddDays(1)),
            SummaryPeriod.Week => WeekOf(date),
            SummaryPeriod.Month => (new DateOnly(date.Year, date.Month, 1), new DateOnly(date.Year, date.Month, 1).AddMonths(1)),
            SummaryPeriod.Year => (new DateOnly(date.Year, 1, 1), new DateOnly(date.Year + 1, 1, 1)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown summary period."),
        };
        return new LocalPeriod(kind, first, next.AddDays(-1), SiteCalendar.StartOfDay(first, zone), SiteCalendar.StartOfDay(next, zone));
    }

    private static (DateOnly First, DateOnly Next) WeekOf(DateOnly date)
    {
        var sinceMonday = ((int)date.DayOfWeek + 6) % 7;
        var monday = date.AddDays(-sinceMonday);
        return (monday, monday.AddDays(7));
    }
}
