using TeslaSync.Domain.Prices;

namespace TeslaSync.ScaleBenchmarks;

/// <summary>Prices as PriceIngest publishes them: the current half-hour and 48 forecast ones, general and feed-in.</summary>
internal static class PriceSet
{
    /// <summary>A day's shape (dear in the evening, cheap around noon) lifted by <paramref name="lift"/> $/kWh.</summary>
    public static List<PriceInterval> HalfHours(DateTimeOffset now, decimal lift)
    {
        var halfHour = TimeSpan.FromMinutes(30);
        var first = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % halfHour.Ticks), TimeSpan.Zero);
        var prices = new List<PriceInterval>(98);
        for (var i = 0; i < 49; i++)
        {
            var start = first + (i * halfHour);
            var kind = i == 0 ? IntervalKind.Current : IntervalKind.Forecast;
            var general = 0.25m + (0.15m * (decimal)Math.Sin(i * Math.PI / 24)) + lift;
            prices.Add(new PriceInterval(PriceChannel.General, kind, start, start + halfHour, decimal.Round(general, 4), 0.10m, SpikeStatus.None, "neutral", 40));
            prices.Add(new PriceInterval(PriceChannel.FeedIn, kind, start, start + halfHour, decimal.Round((general / 2) - 0.05m, 4), 0.10m, SpikeStatus.None, "neutral", 40));
        }

        return prices;
    }
}
