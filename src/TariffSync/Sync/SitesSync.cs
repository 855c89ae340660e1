using Microsoft.Extensions.Options;
using TeslaSync.Domain.Prices;
using TeslaSync.TariffSync.Storage;

namespace TeslaSync.TariffSync.Sync;

/// <summary>
/// Syncs several sites from one set of prices, side by side up to <see cref="TariffSyncOptions.MaxConcurrentSyncs"/>,
/// each in its own scope (its own database context) and behind its own gate. A site with automatic sync turned
/// off is left alone. One site failing or answering slowly never stops or holds up the others.
/// </summary>
internal sealed partial class SitesSync(IServiceScopeFactory scopes, IOptions<TariffSyncOptions> options, ILogger<SitesSync> logger)
{
    public async Task SyncAsync(IEnumerable<string> siteIds, IReadOnlyList<PriceInterval> prices, CancellationToken cancellationToken)
    {
        HashSet<string> autoSyncOff;
        await using (var scope = scopes.CreateAsyncScope())
        {
            autoSyncOff = await scope.ServiceProvider.GetRequiredService<SiteSettingsStore>().AutoSyncOffAsync(cancellationToken);
        }

        await Parallel.ForEachAsync(
            siteIds.Where(siteId => !autoSyncOff.Contains(siteId)),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentSyncs, CancellationToken = cancellationToken },
            (siteId, token) => new ValueTask(SyncOneAsync(siteId, prices, token)));
    }

    private async Task SyncOneAsync(string siteId, IReadOnlyList<PriceInterval> prices, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TariffSyncer>().SyncAsync(siteId, prices, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The syncer records Tesla's failures itself; this is anything else (the database, say) for this site alone.
            LogFailed(exception, siteId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Tariff sync for site {SiteId} could not run; the next price update tries again")]
    private partial void LogFailed(Exception exception, string siteId);
}
