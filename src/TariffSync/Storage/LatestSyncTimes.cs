using System.Collections.Concurrent;

namespace TeslaSync.TariffSync.Storage;

/// <summary>
/// When each site's latest sync outcome was recorded, kept in memory by <see cref="SyncLog"/> so that the
/// once-a-minute catch-up check of every site reads the database once per site and process, not every minute.
/// </summary>
internal sealed class LatestSyncTimes
{
    // Null: the site has no recorded outcome yet. Absent: not known yet.
    private readonly ConcurrentDictionary<string, DateTimeOffset?> _latest = new(StringComparer.Ordinal);

    public bool TryGet(string siteId, out DateTimeOffset? at) => _latest.TryGetValue(siteId, out at);

    /// <summary>An outcome was recorded just now; an older one never replaces a newer.</summary>
    public void Recorded(string siteId, DateTimeOffset at) =>
        _latest.AddOrUpdate(siteId, at, (_, known) => known is { } newer && newer > at ? newer : at);

    /// <summary>What the database said; an outcome recorded meanwhile wins.</summary>
    public DateTimeOffset? Learned(string siteId, DateTimeOffset? at) => _latest.GetOrAdd(siteId, at);
}
