namespace TeslaSync.Domain.Billing;

/// <summary>
/// The site's wall clock: local dates, local midnights and local half-hours as real instants.
/// Bills are counted in local days and demand in local half-hours, and four of the five NEM
/// regions have 23- and 25-hour days, so nothing here assumes a day is 24 hours.
/// </summary>
internal static class LocalCalendar
{
    public static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);

    /// <summary>The local date an instant falls on.</summary>
    public static DateOnly DateOf(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// The instant a local date begins. A midnight the clocks skip begins the day when they resume;
    /// a midnight that happens twice begins it at the first occurrence. (Australian clocks change
    /// at 02:00/03:00, so neither happens there; zones elsewhere change at midnight.)
    /// </summary>
    public static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        for (var minutes = 0; zone.IsInvalidTime(local) && minutes < 24 * 60; minutes++)
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>
    /// The real instant the local clock half-hour containing <paramref name="instant"/> began: the
    /// local time floored to :00 or :30 at the offset in force. Clocks change on half-hour
    /// boundaries in every Australian zone, so a block never straddles a change; the repeated
    /// autumn hour gives two distinct blocks with the same clock label, the skipped spring hour none.
    /// </summary>
    public static DateTimeOffset HalfHourStart(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var intoHalfHour = TimeSpan.FromTicks(local.TimeOfDay.Ticks % HalfHour.Ticks);
        return (local - intoHalfHour).ToUniversalTime();
    }
}
