using Microsoft.EntityFrameworkCore;
using TeslaSync.Contracts.Events;
using TeslaSync.Domain.Sites;
using TeslaSync.Integrations.Aemo;

namespace TeslaSync.PriceIngest.Aemo.Storage;

/// <summary>A stored AEMO price, in AEMO's unit ($/MWh ex GST).</summary>
public sealed record StoredAemoPrice(NemRegion Region, DateTimeOffset IntervalEnd, decimal RrpPerMwh, bool Firm, AemoPriceSource Source, DateTimeOffset ReceivedAt);

/// <summary>The highest price of one NEM day of one region.</summary>
/// <param name="MaxIntervalEnd">End of the first interval of the day that reached the maximum.</param>
/// <param name="IntervalCount">Stored intervals of the day: 288 when complete.</param>
public sealed record AemoDailyMaximum(DateOnly Date, decimal MaxRrpPerMwh, DateTimeOffset MaxIntervalEnd, int IntervalCount);

/// <summary>What was last published for a site's region.</summary>
public sealed record AemoPublication(DateTimeOffset IntervalEnd, decimal RrpPerMwh);

/// <summary>Saves every AEMO price received and answers the history questions.</summary>
internal sealed class AemoPriceStore(AemoDbContext db)
{
    /// <summary>
    /// Inserts new intervals and updates ones whose value or firmness changed. A firm price is never
    /// replaced by a provisional one: that would be an older view of the interval arriving late.
    /// </summary>
    /// <returns>How many rows were inserted or changed.</returns>
    public async Task<int> SaveAsync(IReadOnlyList<RegionalPrice> prices, AemoPriceSource source, DateTimeOffset receivedAt,
        CancellationToken cancellationToken)
    {
        if (prices.Count == 0)
        {
            return 0;
        }

        // A snapshot spans one or a few intervals: one range query finds every existing row.
        var first = prices.Min(p => p.IntervalEnd);
        var last = prices.Max(p => p.IntervalEnd);
        var existing = await db.Prices
            .Where(p => p.IntervalEnd >= first && p.IntervalEnd <= last)
            .ToDictionaryAsync(p => (p.Region, p.IntervalEnd), cancellationToken);

        var changed = 0;
        foreach (var price in prices)
        {
            var micros = AemoStorageUnits.ToMicros(price.RrpPerMwh);
            if (!existing.TryGetValue((price.Region, price.IntervalEnd), out var row))
            {
                row = new AemoPriceRow
                {
                    Region = price.Region,
                    IntervalEnd = price.IntervalEnd,
                    NemDate = AemoStorageUnits.NemDateOf(price.IntervalEnd),
                };
                db.Prices.Add(row);
                existing[(price.Region, price.IntervalEnd)] = row;
            }
            else if ((row.Firm && !price.Firm) || (row.RrpMicros == micros && row.Firm == price.Firm))
            {
                continue;
            }

            row.RrpMicros = micros;
            row.Firm = price.Firm;
            row.Source = source;
            row.ReceivedAt = receivedAt;
            changed++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return changed;
    }

    public async Task<StoredAemoPrice?> LatestAsync(NemRegion region, CancellationToken cancellationToken)
    {
        var row = await db.Prices.AsNoTracking()
            .Where(p => p.Region == region)
            .OrderByDescending(p => p.IntervalEnd)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToStored(row);
    }

    /// <summary>Prices with interval end in (<paramref name="from"/>, <paramref name="to"/>], oldest first.</summary>
    public async Task<IReadOnlyList<StoredAemoPrice>> HistoryAsync(NemRegion region, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        var rows = await db.Prices.AsNoTracking()
            .Where(p => p.Region == region && p.IntervalEnd > from && p.IntervalEnd <= to)
            .OrderBy(p => p.IntervalEnd)
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(ToStored);
    }

    /// <summary>The maximum of each NEM day from <paramref name="from"/> to <paramref name="to"/> (inclusive), oldest first.</summary>
    public async Task<IReadOnlyList<AemoDailyMaximum>> DailyMaximaAsync(NemRegion region, DateOnly from, DateOnly to,
        CancellationToken cancellationToken)
    {
        var inRange = db.Prices.AsNoTracking().Where(p => p.Region == region && p.NemDate >= from && p.NemDate <= to);
        var days = inRange
            .GroupBy(p => p.NemDate)
            .Select(g => new { Date = g.Key, Max = g.Max(p => p.RrpMicros), Count = g.Count() });

        // Computed in the database from the covering index: a year is ~105,000 rows in, 365 out.
        var rows = await (
                from p in inRange
                join d in days on new { p.NemDate, p.RrpMicros } equals new { NemDate = d.Date, RrpMicros = d.Max }
                group new { p.IntervalEnd, d.Count } by new { p.NemDate, p.RrpMicros } into g
                select new { g.Key.NemDate, g.Key.RrpMicros, FirstEnd = g.Min(x => x.IntervalEnd), Count = g.Max(x => x.Count) })
            .ToListAsync(cancellationToken);

        return rows
            .OrderBy(r => r.NemDate)
            .Select(r => new AemoDailyMaximum(r.NemDate, AemoStorageUnits.FromMicros(r.RrpMicros), r.FirstEnd, r.Count))
            .ToList();
    }

    public async Task<AemoPublication?> LastPublicationAsync(string siteId, NemRegion region, CancellationToken cancellationToken)
    {
        var row = await db.Publications.AsNoTracking()
            .FirstOrDefaultAsync(p => p.SiteId == siteId && p.Region == region, cancellationToken);
        return row is null ? null : new AemoPublication(row.IntervalEnd, AemoStorageUnits.FromMicros(row.RrpMicros));
    }

    public async Task RecordPublicationAsync(string siteId, StoredAemoPrice price, DateTimeOffset publishedAt, CancellationToken cancellationToken)
    {
        var row = await db.Publications.FirstOrDefaultAsync(p => p.SiteId == siteId && p.Region == price.Region, cancellationToken);
        if (row is null)
        {
            row = new AemoPublicationRow { SiteId = siteId, Region = price.Region };
            db.Publications.Add(row);
        }

        row.IntervalEnd = price.IntervalEnd;
        row.RrpMicros = AemoStorageUnits.ToMicros(price.RrpPerMwh);
        row.PublishedAt = publishedAt;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Deletes prices whose interval ended before <paramref name="cutoff"/>.</summary>
    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        db.Prices.Where(p => p.IntervalEnd < cutoff).ExecuteDeleteAsync(cancellationToken);

    private static StoredAemoPrice ToStored(AemoPriceRow row) =>
        new(row.Region, row.IntervalEnd, AemoStorageUnits.FromMicros(row.RrpMicros), row.Firm, row.Source, row.ReceivedAt);
}
