using System.Globalization;

namespace TeslaSync.Simulator.Market;

/// <summary>
/// The NEM runs on a fixed UTC+10 clock with no daylight saving; every market timestamp
/// (Amber's nemTime, AEMO's SETTLEMENTDATE) is expressed in it.
/// </summary>
public static class NemTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(10);
    public static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    public static DateTimeOffset ToNem(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>Start of the <paramref name="minutes"/>-long interval containing the instant (intervals are aligned in NEM time).</summary>
    public static DateTimeOffset FloorToInterval(DateTimeOffset instant, int minutes)
    {
        var ticks = TimeSpan.FromMinutes(minutes).Ticks;
        var utc = instant.UtcTicks;
        // NEM offset is a whole number of hours, so aligning in UTC aligns in NEM time too.
        return new DateTimeOffset(utc - (utc % ticks), TimeSpan.Zero);
    }

    /// <summary>Minutes since Monday 00:00 NEM time, for the weekly replay.</summary>
    public static int MinuteOfWeek(DateTimeOffset instant)
    {
        var nem = ToNem(instant);
        var dayIndex = ((int)nem.DayOfWeek + 6) % 7; // Monday = 0
        return (dayIndex * 1440) + (nem.Hour * 60) + nem.Minute;
    }

    /// <summary>NEM calendar date at the start of an interval; the interval ending 00:00 belongs to the previous day.</summary>
    public static DateOnly DateOf(DateTimeOffset intervalStart) => DateOnly.FromDateTime(ToNem(intervalStart).DateTime);

    /// <summary>AEMO style: NEM local time without an offset, e.g. <c>2026-04-08T10:35:00</c>.</summary>
    public static string AemoTimestamp(DateTimeOffset instant) =>
        ToNem(instant).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Amber nemTime style: <c>2025-04-10T03:30:00+10:00</c>.</summary>
    public static string AmberNemTime(DateTimeOffset instant) =>
        ToNem(instant).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Amber startTime/endTime style: UTC with Z, e.g. <c>2025-04-09T17:00:01Z</c>.</summary>
    public static string UtcZ(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
