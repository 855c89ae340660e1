using TeslaSync.Domain.Tariffs;

namespace TeslaSync.GridEvents.DemandWindow;

/// <summary>
/// A daily wall-clock window on some days of the week, read in the site's time zone. Pure.
/// </summary>
/// <remarks>
/// Wall-clock, because that is how networks and users state peak windows. On a DST day the window
/// keeps its clock times. When the clocks go forward, a window inside the skipped hour does not
/// open at all, and one that starts or ends inside it opens or closes at 03:00. When they go back,
/// the repeated hour is judged twice: a window covering all of it stays open for two real hours,
/// and one that starts or ends inside it opens and closes again on the second pass.
/// </remarks>
public readonly record struct DemandWindowSchedule(LocalTimeWindow Window, DaysOfWeek Days)
{
    /// <summary>The site's wall-clock time at <paramref name="now"/>.</summary>
    public static DateTime LocalTime(DateTimeOffset now, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(now, zone).DateTime;

    /// <summary>
    /// Whether the window is open at the local wall-clock time <paramref name="local"/> (01:00 in a
    /// 22:00–02:00 window belongs to the night that began the day before, as for every weekly window).
    /// </summary>
    public bool Contains(DateTime local) =>
        new WeeklyTimeWindow(Window, Days).Contains(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));

    public override string ToString() => $"{Window} {Describe(Days)}";

    private static string Describe(DaysOfWeek days) => days switch
    {
        DaysOfWeek.All => "every day",
        DaysOfWeek.Weekdays => "Monday to Friday",
        DaysOfWeek.Weekend => "Saturday and Sunday",
        _ => $"on {days}",
    };
}
