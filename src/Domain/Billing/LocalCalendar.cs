namespace TeslaSync.Domain.Billing;

/// <summary>
/// The site's local half-hours as real instants, where demand is measured (local dates and
/// midnights are <see cref="Energy.SiteCalendar"/>'s). Four of the five NEM regions have 23- and
/// 25-hour days, so nothing here assumes a day is 24 hours.
/// </summary>
internal static class LocalCalendar
{
    public static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);

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
