namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// A daily stretch of local wall-clock time, <see cref="Start"/> inclusive to <see cref="End"/>
/// exclusive. When End is not after Start the window crosses midnight (22:00–06:00); when the two
/// are equal it covers the whole day.
/// </summary>
/// <remarks>
/// A tariff slot belongs to a window when the slot's <b>start</b> lies in it, so a window that is
/// not on half-hour boundaries (17:15–19:45) covers the slots 17:30 to 19:30. Windows are
/// wall-clock times because that is how tariffs and users state them; on a DST day the window
/// keeps its clock times and is an hour longer or shorter in real time.
/// </remarks>
public readonly record struct LocalTimeWindow(TimeOnly Start, TimeOnly End)
{
    public static LocalTimeWindow AllDay { get; } = new(TimeOnly.MinValue, TimeOnly.MinValue);

    /// <summary>True when the window wraps past midnight into the next day.</summary>
    public bool CrossesMidnight => End <= Start;

    public bool Contains(TimeOnly time) =>
        CrossesMidnight
            ? time >= Start || time < End
            : time >= Start && time < End;

    public bool Contains(HalfHourSlot slot) => Contains(StartOf(slot));

    /// <summary>
    /// True when <paramref name="time"/> is in the part of a midnight-crossing window that opened on
    /// the previous day (01:00 in a 22:00–06:00 window).
    /// </summary>
    public bool OpenedTheDayBefore(TimeOnly time) => CrossesMidnight && Contains(time) && time < End;

    public static LocalTimeWindow Parse(string start, string end) =>
        new(TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString() => $"{Start:HH\\:mm}–{End:HH\\:mm}";

    internal static TimeOnly StartOf(HalfHourSlot slot) => new(slot.StartHour, slot.StartMinute);
}

/// <summary>Days of the week, combinable (<c>Weekdays</c>, <c>Weekend</c>, <c>All</c>).</summary>
[Flags]
public enum DaysOfWeek
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday,
    Weekend = Saturday | Sunday,
    All = Weekdays | Weekend,
}

/// <summary>A <see cref="LocalTimeWindow"/> that applies on some days of the week only.</summary>
/// <remarks>
/// A midnight-crossing window belongs to the day it opens on: with Friday only and 22:00–02:00,
/// Saturday 01:00 is inside (Friday night's window) and Friday 01:00 is not.
/// </remarks>
public readonly record struct WeeklyTimeWindow(LocalTimeWindow Window, DaysOfWeek Days = DaysOfWeek.All)
{
    /// <summary>Whether the half-hour (a slot on a real local date) is inside the window.</summary>
    public bool Contains(LocalHalfHour halfHour) => Contains(halfHour.Date, LocalTimeWindow.StartOf(halfHour.Slot));

    /// <summary>Whether the local wall-clock <paramref name="time"/> on <paramref name="date"/> is inside the window.</summary>
    public bool Contains(DateOnly date, TimeOnly time)
    {
        if (!Window.Contains(time))
        {
            return false;
        }

        var openedOn = Window.OpenedTheDayBefore(time) ? date.AddDays(-1) : date;
        return Days.HasFlag(Of(openedOn.DayOfWeek));
    }

    private static DaysOfWeek Of(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => DaysOfWeek.Monday,
        DayOfWeek.Tuesday => DaysOfWeek.Tuesday,
        DayOfWeek.Wednesday => DaysOfWeek.Wednesday,
        DayOfWeek.Thursday => DaysOfWeek.Thursday,
        DayOfWeek.Friday => DaysOfWeek.Friday,
        DayOfWeek.Saturday => DaysOfWeek.Saturday,
        _ => DaysOfWeek.Sunday,
    };
}
