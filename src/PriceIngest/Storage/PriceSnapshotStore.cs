using Microsoft.EntityFrameworkCore;
using TeslaSync.Domain.Prices;

namespace TeslaSync.PriceIngest.Storage;

/// <summary>A price set read back from storage.</summary>
public sealed record StoredPriceSet(string SiteId, DateTimeOffset ReceivedAt, string ContentHash, bool Published, IReadOnlyList<PriceInterval> Intervals);

/// <summary>
/// Saves every price set received (and, with it, each interval's latest known price in the
/// history) and answers "what are the latest prices".
/// </summary>
internal sealed class PriceSnapshotStore(PriceDbContext db, PriceHistoryStore history)
{
    public async Task SaveAsync(string siteId, DateTimeOffset receivedAt, string contentHash, bool published,
        IReadOnlyList<PriceInterval> intervals, CancellationToken cancellationToken)
    {
        db.Snapshots.Add(new PriceSnapshotRow
        {
            SiteId = siteId,
            ReceivedAt = receivedAt,
            ContentHash = contentHash,
            Published = published,
            Intervals = intervals.Select(PriceIntervalRow.From).ToList(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await history.RecordAsync(siteId, intervals, receivedAt, cancellationToken);
    }

    /// <summary>Removes snapshots received before <paramref name="before"/> (their intervals go with them).</summary>
    public Task<int> DeleteBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        db.Snapshots.Where(s => s.ReceivedAt < before).ExecuteDeleteAsync(cancellationToken);

    /// <summary>The content hash of the last set published for a site, if any.</summary>
    public Task<string?> LastPublishedHashAsync(string siteId, CancellationToken cancellationToken) =>
        db.Snapshots.AsNoTracking()
            .Where(s => s.SiteId == siteId && s.Published)
            .OrderByDescending(s => s.ReceivedAt)
            .Select(s => s.ContentHash)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<StoredPriceSet?> LatestAsync(string siteId, CancellationToken cancellationToken)
    {
        var snapshot = await db.Snapshots.AsNoTracking()
            .Where(s => s.SiteId == siteId)
            .OrderByDescending(s => s.ReceivedAt)
            .Include(s => s.Intervals)
            .FirstOrDefaultAsync(cancellationToken);

        return snapshot is null
            ? null
            : new StoredPriceSet(
                snapshot.SiteId,
                snapshot.ReceivedAt,
                snapshot.ContentHash,
                snapshot.Published,
                snapshot.Intervals.OrderBy(i => i.Channel).ThenBy(i => i.Start).Select(i => i.ToDomain()).ToList());
    }
}
