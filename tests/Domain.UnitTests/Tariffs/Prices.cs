using TeslaSync.Domain.Prices;

namespace TeslaSync.Domain.UnitTests.Tariffs;

/// <summary>Builds price intervals for tests, in $/kWh.</summary>
internal static class Prices
{
    public static PriceInterval General(DateTimeOffset start, int minutes, decimal perKwh, IntervalKind kind = IntervalKind.Forecast, PriceBand? band = null) =>
        new(PriceChannel.General, kind, start, start.AddMinutes(minutes), perKwh, perKwh, SpikeStatus.None, "neutral", 50, AdvancedPrice: band);

    /// <summary>A feed-in interval; <paramref name="perKwh"/> is Amber's cost (negative = paid).</summary>
    public static PriceInterval FeedIn(DateTimeOffset start, int minutes, decimal perKwh, IntervalKind kind = IntervalKind.Forecast) =>
        new(PriceChannel.FeedIn, kind, start, start.AddMinutes(minutes), perKwh, -perKwh, SpikeStatus.None, "neutral", 50);

    /// <summary>48 half-hours of general and feed-in prices from <paramref name="start"/>, each computed from its index.</summary>
    public static List<PriceInterval> Day(DateTimeOffset start, Func<int, decimal> buy, Func<int, decimal> feedIn, int count = 48)
    {
        var intervals = new List<PriceInterval>();
        for (var i = 0; i < count; i++)
        {
            var at = start.AddMinutes(30 * i);
            intervals.Add(General(at, 30, buy(i), i == 0 ? IntervalKind.Current : IntervalKind.Forecast));
            intervals.Add(FeedIn(at, 30, feedIn(i), i == 0 ? IntervalKind.Current : IntervalKind.Forecast));
        }

        return intervals;
    }
}
