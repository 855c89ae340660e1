namespace TeslaSync.TariffSync.Overrides;

/// <summary>
/// Tells the price sync who holds the tariff, from the stored overrides: the winning tariff
/// override, or "restoring" until the baseline tariff is back. It reads only the database and
/// never takes <see cref="Sync.SyncGate"/> (the price sync calls it while holding the gate).
/// </summary>
internal sealed class OverrideTariffGuard(OverrideStore store, TimeProvider time) : ITariffOverrideGuard
{
    public async Task<string?> TariffOwnerAsync(string siteId, CancellationToken cancellationToken) =>
        (await store.LoadAsync(siteId, cancellationToken)).TariffOwner(time.GetUtcNow());
}
