using TeslaSync.Domain.Prices;
using TeslaSync.PriceIngest.Storage;

/// <summary>
/// The interval history as <see cref="PriceHistoryStore.RecordAsync"/> leaves it after a run of price sets, worked
/// out in memory by the store's own rule (<see cref="PriceHistoryMerge"/>) so that it can be written once instead of
/// read back and updated for every one of a year's 5-minute sets. <see cref="PriceSeedCheck"/> compares the result
/// with the store's own on every seeding.
/// </summary>
internal sealed class PriceHistoryReplay(string siteId)
{
    private readonly Dictionary<(PriceChannel Channel, DateTimeOffset Start, int DurationMinutes), PriceHistoryRow> _rows = [];

    // In the order the service would first have inserted them, so the table is laid out as a year of operation leaves it.
    private readonly List<PriceHistoryRow> _inserted = [];

    public IReadOnlyList<PriceHistoryRow> Rows => _inserted;

    public void Record(IEnumerable<PriceInterval> intervals, DateTimeOffset receivedAt) =>
        PriceHistoryMerge.Apply(_rows, siteId, intervals, receivedAt, _inserted.Add);
}
