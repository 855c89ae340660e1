using TeslaSync.TariffSync.Storage;

namespace TeslaSync.TariffSync.Sync;

/// <summary>
/// Runs a "sync now" in its own scope, so that a caller who stops waiting (a timeout, a closed
/// browser tab) does not cut a Powerwall write in half: the sync finishes and logs its outcome.
/// </summary>
internal sealed class DetachedSync(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime)
{
    public Task<SyncOutcome> StartAsync(string siteId) => Task.Run(async () =>
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CurrentPriceSync>().SyncAsync(siteId, lifetime.ApplicationStopping);
    });
}
