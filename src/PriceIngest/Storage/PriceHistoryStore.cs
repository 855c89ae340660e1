using Microsoft.EntityFrameworkCore;
using TeslaSync.Domain.Prices;

namespace TeslaSync.PriceIngest.Storage;

/// <summary>One point of a price chart: the mean and the highest price over a bucket of time.</summary>
public sealed record PriceHistoryPoint(DateTimeOffset Start, TimeSpan Length, decimal MeanPerKwh, decimal MaxPerKwh, bool IncludesForecast);

/// <summary>The highest general and feed-in prices of one NEM day (Amber's <c>date</c>).</summary>
public sealed record DailyMaximum(DateOnly NemDate, decimal? GeneralMaxPerKwh, decimal? FeedInMaxPerKwh);

/// <summary>Keeps each interval's latest known price and answers history queries over any range.</summary>
internal sealed class PriceHistoryStore(PriceDbContext db)
{
    private static readonly TimeSpan NemOffset = TimeSpan.FromHours(10);

    /// <summary>Records a price set: an actual price always wins; a forecast never replaces an actual.</summary>
    public async Task RecordAsync(string siteId, IReadOnlyList<PriceInterval> intervals, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if (intervals.Count == 0)
        {
            return;
        }

        var from = intervals.Min(i => i.Start);
        var to = intervals.Max(i => i.Start);
        var existing = await db.History
            .Where(h => h.SiteId == siteId && h.Start >= from && h.Start <= to)
            .ToDictionaryAsync(h => (h.Channel, h.Start, h.DurationMinutes), cancellationToken);

        PriceHistoryMerge.Apply(existing, siteId, intervals, receivedAt, row => db.History.Add(row));

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Prices of one channel in [<paramref name="from"/>, <paramref name="to"/>), in buckets of
    /// <paramref name="resolution"/> (aligned to NEM time, so a day bucket is a NEM day). Where
    /// both 5- and 30-minute prices cover a bucket, the finer ones are used.
    /// </summary>
    public async Task<IReadOnlyList<PriceHistoryPoint>> QueryAsync(
        string siteId, PriceChannel channel, DateTimeOffset from, DateTimeOffset to, TimeSpan resolution, CancellationToken cancellationToken)
    {
        var rows = await db.History.AsNoTracking()
            .Where(h => h.SiteId == siteId && h.Channel == channel && h.Start >= from && h.Start < to)
            .Select(h => new { h.Start, h.DurationMinutes, h.PerKwhMicros, h.Kind })
            .ToListAsync(cancellationToken);

        return rows
            .GroupBy(r => BucketOf(r.Start, resolution))
            .OrderBy(bucket => bucket.Key)
            .Select(bucket =>
            {
                var finest = bucket.Min(r => r.DurationMinutes);
                var used = bucket.Where(r => r.DurationMinutes == finest).ToList();
                return new PriceHistoryPoint(
                    bucket.Key,
                    resolution,
                    Math.Round(PriceHistoryRow.FromMicros((long)Math.Round(used.Average(r => (double)r.PerKwhMicros))), 6),
                    PriceHistoryRow.FromMicros(used.Max(r => r.PerKwhMicros)),
                    used.Any(r => r.Kind != IntervalKind.Actual));
            })
            .ToList();
    }

    /// <summary>The highest general (buy) and feed-in (Amber's sign) price of each NEM day in the range.</summary>
    public async Task<IReadOnlyList<DailyMaximum>> DailyMaximaAsync(string siteId, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var from = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), NemOffset);
        var to = new DateTimeOffset(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), NemOffset);
        var rows = await db.History.AsNoTracking()
            .Where(h => h.SiteId == siteId && h.Start >= from && h.Start < to && h.Channel != PriceChannel.ControlledLoad)
            .Select(h => new { h.Start, h.Channel, h.PerKwhMicros })
            .ToListAsync(cancellationToken);

        return rows
            .GroupBy(r => DateOnly.FromDateTime(r.Start.ToOffset(NemOffset).DateTime))
            .OrderBy(day => day.Key)
            .Select(day => new DailyMaximum(
                day.Key,
                MaxOf(day.Where(r => r.Channel == PriceChannel.General).Select(r => r.PerKwhMicros)),
                MaxOf(day.Where(r => r.Channel == PriceChannel.FeedIn).Select(r => r.PerKwhMicros))))
            .ToList();
    }

    /// <summary>Removes history older than <paramref name="before"/>.</summary>
    public Task<int> DeleteBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        db.History.Where(h => h.Start < before).ExecuteDeleteAsync(cancellationToken);

    private static decimal? MaxOf(IEnumerable<long> micros) =>
        micros.Select(m => (long?)m).Max() is { } max ? PriceHistoryRow.FromMicros(max) : null;

    /// <summary>The start of the bucket an instant falls in, buckets counted from midnight NEM time.</summary>
    private static DateTimeOffset BucketOf(DateTimeOffset start, TimeSpan resolution)
    {
        var nemTicks = start.UtcTicks + NemOffset.Ticks;
        return new DateTimeOffset(nemTicks - (nemTicks % resolution.Ticks) - NemOffset.Ticks, TimeSpan.Zero);
    }
}
