namespace TeslaSync.Domain.UnitTests.Tariffs;

/// <summary>
/// Amber-shaped raw intervals made up for tests, with a distinct price for every interval so a
/// price in the tariff says exactly which real-time interval it came from.
/// </summary>
internal static class SyntheticAmber
{
    private static readonly TimeSpan NemOffset = TimeSpan.FromHours(10);

    /// <summary>General c/kWh of the interval starting at <paramref name="start"/>: 10 + (minutes since 2025-01-01) / 1000.</summary>
    public static decimal GeneralCents(DateTimeOffset start) => 10m + (MinutesSinceEpoch(start) / 1000m);

    /// <summary>Feed-in c/kWh (a cost; negative = paid) of the interval starting at <paramref name="start"/>.</summary>
    public static decimal FeedInCents(DateTimeOffset start) => -(5m + (MinutesSinceEpoch(start) / 10000m));

    /// <summary>General and feed-in intervals of <paramref name="minutes"/> each, from <paramref name="from"/> (UTC, on a boundary).</summary>
    public static List<RawAmberInterval> Intervals(DateTimeOffset from, DateTimeOffset to, int minutes)
    {
        var raw = new List<RawAmberInterval>();
        for (var start = from; start < to; start = start.AddMinutes(minutes))
        {
            var end = start.AddMinutes(minutes);
            foreach (var (channel, cents) in new[] { ("general", GeneralCents(start)), ("feedIn", FeedInCents(start)) })
            {
                raw.Add(new RawAmberInterval(
                    "ActualInterval", minutes, end.ToOffset(NemOffset), start.AddSeconds(1).ToUniversalTime(), end.ToUniversalTime(),
                    cents, channel, "none", null, null, null));
            }
        }

        return raw;
    }

    private static decimal MinutesSinceEpoch(DateTimeOffset instant) =>
        (decimal)(instant - new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalMinutes;
}
