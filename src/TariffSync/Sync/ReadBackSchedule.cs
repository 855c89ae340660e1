using System.Collections.Concurrent;

namespace TeslaSync.TariffSync.Sync;

/// <summary>
/// When each site's tariff was last read back from the Powerwall. A tariff changed in the Tesla
/// app is only noticed by reading it (a hash of what we sent cannot see it), but reads cost
/// money, so they happen on a schedule rather than at every price update.
/// </summary>
internal sealed class ReadBackSchedule
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastRead = new(StringComparer.Ordinal);

    public bool IsDue(string siteId, DateTimeOffset now, TimeSpan every) =>
        !_lastRead.TryGetValue(siteId, out var last) || now - last >= every;

    public void Read(string siteId, DateTimeOffset at) => _lastRead[siteId] = at;
}
