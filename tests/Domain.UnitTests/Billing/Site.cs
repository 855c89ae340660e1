using System.Globalization;
using TeslaSync.Domain.Energy;
using TeslaSync.Domain.Prices;

namespace TeslaSync.Domain.UnitTests.Billing;

/// <summary>Zones, local times and energy and price intervals for the billing tests.</summary>
internal static class Site
{
    public static TimeZoneInfo Sydney { get; } = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");

    public static TimeZoneInfo Adelaide { get; } = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide");

    public static TimeZoneInfo Brisbane { get; } = TimeZoneInfo.FindSystemTimeZoneById("Australia/Brisbane");

    /// <summary>+8:45 all year: its half-hours are not UTC half-hours.</summary>
    public static TimeZoneInfo Eucla { get; } = TimeZoneInfo.FindSystemTimeZoneById("Australia/Eucla");

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    /// <summary>
    /// A local wall-clock time ("2026-06-15 16:00") as an instant; <paramref name="second"/> picks
    /// the second occurrence of a time the autumn change repeats.
    /// </summary>
    public static DateTimeOffset At(TimeZoneInfo zone, string local, bool second = false)
    {
        var wallClock = DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        if (zone.IsInvalidTime(wallClock))
        {
            throw new ArgumentException($"{local} does not exist in {zone.Id}.", nameof(local));
        }

        var offsets = zone.IsAmbiguousTime(wallClock)
            ? zone.GetAmbiguousTimeOffsets(wallClock).OrderByDescending(offset => offset).ToArray()
            : [zone.GetUtcOffset(wallClock)];
        return new DateTimeOffset(wallClock, second ? offsets[^1] : offsets[0]).ToUniversalTime();
    }

    public static DateTimeOffset Utc(string utc) =>
        DateTimeOffset.ParseExact(utc, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>An interval with the given Wh, fully covered by samples.</summary>
    public static EnergyInterval Wh(DateTimeOffset start, int minutes, double importWh, double exportWh = 0) =>
        new(start, start.AddMinutes(minutes), 0, 0, importWh, exportWh, 0, 0, TimeSpan.FromMinutes(minutes));

    /// <summary>5-minute intervals over [from, to), importing <paramref name="importKw"/>(start) kW steadily in each.</summary>
    public static List<EnergyInterval> FiveMinutes(DateTimeOffset from, DateTimeOffset to, Func<DateTimeOffset, double> importKw, Func<DateTimeOffset, double>? exportKw = null)
    {
        var intervals = new List<EnergyInterval>();
        for (var at = from; at < to; at = at.AddMinutes(5))
        {
            intervals.Add(Wh(at, 5, importKw(at) * 1000 * 5 / 60, (exportKw?.Invoke(at) ?? 0) * 1000 * 5 / 60));
        }

        return intervals;
    }

    public static PriceInterval General(DateTimeOffset start, int minutes, decimal perKwh, IntervalKind kind = IntervalKind.Actual, bool estimate = false) =>
        new(PriceChannel.General, kind, start, start.AddMinutes(minutes), perKwh, perKwh, SpikeStatus.None, "neutral", 50, estimate);

    /// <summary>A feed-in price in Amber's sign: negative = the customer is paid.</summary>
    public static PriceInterval FeedIn(DateTimeOffset start, int minutes, decimal perKwh, IntervalKind kind = IntervalKind.Actual) =>
        new(PriceChannel.FeedIn, kind, start, start.AddMinutes(minutes), perKwh, -perKwh, SpikeStatus.None, "neutral", 50);

    /// <summary>Back-to-back prices of one length and value over [from, to).</summary>
    public static List<PriceInterval> Flat(DateTimeOffset from, DateTimeOffset to, int minutes, decimal general, decimal feedIn)
    {
        var prices = new List<PriceInterval>();
        for (var at = from; at < to; at = at.AddMinutes(minutes))
        {
            prices.Add(General(at, minutes, general));
            prices.Add(FeedIn(at, minutes, feedIn));
        }

        return prices;
    }
}
