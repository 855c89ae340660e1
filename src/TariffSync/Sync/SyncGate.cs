using System.Collections.Concurrent;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.TariffSync.Sync;

/// <summary>
/// One sync at a time for the deployment's site: a price event, the fallback timer, "sync now", an override
/// and a profile never interleave writes to its Powerwall.
/// </summary>
internal sealed class SyncGate : AsyncGate;

/// <summary>
/// The gate of each site: <see cref="SyncGate"/> for the deployment's site, one of its own for each additional
/// site, so that sites are synced side by side and never two writes to one Powerwall interleave.
/// </summary>
internal sealed class SyncGates(SyncGate ownSiteGate, ControlledSites sites)
{
    private readonly ConcurrentDictionary<string, AsyncGate> _additional = new(StringComparer.Ordinal);

    public Task<IDisposable> EnterAsync(string siteId, CancellationToken cancellationToken) =>
        (siteId == sites.OwnSiteId ? ownSiteGate : _additional.GetOrAdd(siteId, _ => new AsyncGate())).EnterAsync(cancellationToken);
}
