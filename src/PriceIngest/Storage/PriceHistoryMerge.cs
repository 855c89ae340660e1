using TeslaSync.Domain.Prices;

namespace TeslaSync.PriceIngest.Storage;

/// <summary>
/// The interval history's one rule, for the store and for anything that works the history out in bulk:
/// each interval keeps the price of the latest set that carried it, except that an actual price is never
/// replaced by a forecast.
/// </summary>
internal static class PriceHistoryMerge
{
    /// <summary>Applies one price set to <paramref name="rows"/>, calling <paramref name="added"/> for each row it creates.</summary>
    public static void Apply(
        IDictionary<(PriceChannel Channel, DateTimeOffset Start, int DurationMinutes), PriceHistoryRow> rows,
        string siteId,
        IEnumerable<PriceInterval> intervals,
        DateTimeOffset receivedAt,
        Action<PriceHistoryRow> added)
    {
        foreach (var interval in intervals)
        {
            var key = (interval.Channel, interval.Start, (int)interval.Duration.TotalMinutes);
            if (!rows.TryGetValue(key, out var row))
            {
                row = new PriceHistoryRow { SiteId = siteId, Channel = interval.Channel, Start = interval.Start, DurationMinutes = key.Item3, Descriptor = interval.Descriptor };
                rows[key] = row;
                added(row);
            }
            else if (row.Kind == IntervalKind.Actual && interval.Kind != IntervalKind.Actual)
            {
                continue;
            }

            row.Kind = interval.Kind;
            row.PerKwhMicros = PriceHistoryRow.ToMicros(interval.PerKwh);
            row.SpotPerKwhMicros = PriceHistoryRow.ToMicros(interval.SpotPerKwh);
            row.SpikeStatus = interval.SpikeStatus;
            row.Descriptor = interval.Descriptor;
            row.Renewables = interval.Renewables;
            row.ReceivedAt = receivedAt;
        }
    }
}
