using TeslaSync.Domain.Prices;
using TeslaSync.PriceIngest.Storage;

/// <summary>
/// The interval history as <see cref="PriceHistoryStore.RecordAsync"/> leaves it after a run of price sets, worked
/// out in memory so that it can be written once instead of read back and updated for every one of a year's 5-minute
/// sets: each interval keeps the price of the last set that carried it, except that an actual price is never replaced
/// by a forecast. <see cref="PriceSeedCheck"/> compares the result with the store's own on every seeding.
/// </summary>
internal sealed class PriceHistoryReplay(string siteId)
{
    private readonly Dictionary<(PriceChannel Channel, DateTimeOffset Start, int Minutes), PriceHistoryRow> _rows = [];

    // In the order the service would first have inserted them, so the table is laid out as a year of operation leaves it.
    private readonly List<PriceHistoryRow> _inserted = [];

    public IReadOnlyList<PriceHistoryRow> Rows => _inserted;

    public void Record(IEnumerable<PriceInterval> intervals, DateTimeOffset receivedAt)
    {
        foreach (var interval in intervals)
        {
            var key = (interval.Channel, interval.Start, (int)interval.Duration.TotalMinutes);
            if (!_rows.TryGetValue(key, out var row))
            {
                row = new PriceHistoryRow { SiteId = siteId, Channel = interval.Channel, Start = interval.Start, DurationMinutes = key.Item3, Descriptor = interval.Descriptor };
                _rows[key] = row;
                _inserted.Add(row);
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
