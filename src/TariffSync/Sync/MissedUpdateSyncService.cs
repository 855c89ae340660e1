using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.TariffSync.Storage;

namespace TeslaSync.TariffSync.Sync;

/// <summary>
/// Redis pub/sub keeps nothing for a subscriber that was away (a Redis restart, our own restart),
/// so once a minute this checks that every site was synced recently and otherwise syncs those that
/// were not from the prices PriceIngest holds.
/// </summary>
internal sealed partial class MissedUpdateSyncService(
    IServiceScopeFactory scopes,
    ControlledSites sites,
    IOptions<TariffSyncOptions> options,
    TimeProvider time,
    ILogger<MissedUpdateSyncService> logger) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CatchUpAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(exception);
            }
        }
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var behind = await BehindAsync(scope.ServiceProvider, cancellationToken);
        if (behind.Count == 0)
        {
            return;
        }

        LogCatchingUp(behind.Count, behind[0]);
        IReadOnlyList<Domain.Prices.PriceInterval> prices;
        try
        {
            // Every site runs on the deployment's prices.
            prices = await scope.ServiceProvider.GetRequiredService<CurrentPriceSync>().PricesAsync(sites.OwnSiteId, cancellationToken);
        }
        catch (RpcException exception)
        {
            LogNoPrices(exception.Status.Detail);
            return;
        }

        await scope.ServiceProvider.GetRequiredService<SitesSync>().SyncAsync(behind, prices, cancellationToken);
    }

    /// <summary>The sites with automatic sync on and no sync for <see cref="TariffSyncOptions.MissedUpdateAfter"/>.</summary>
    private async Task<List<string>> BehindAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var autoSyncOff = await services.GetRequiredService<SiteSettingsStore>().AutoSyncOffAsync(cancellationToken);
        var log = services.GetRequiredService<SyncLog>();
        var behind = new List<string>();
        foreach (var siteId in sites.Ids.Where(id => !autoSyncOff.Contains(id)))
        {
            var lastAt = await log.LastAtAsync(siteId, cancellationToken);
            if (lastAt is null || time.GetUtcNow() - lastAt >= options.Value.MissedUpdateAfter)
            {
                behind.Add(siteId);
            }
        }

        return behind;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No recent price update for {Count} site(s) (first: {SiteId}); syncing from PriceIngest's current prices")]
    private partial void LogCatchingUp(int count, string siteId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catch-up sync waits: PriceIngest could not give the current prices ({Detail}); trying again in a minute")]
    private partial void LogNoPrices(string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Catch-up sync failed; trying again in a minute")]
    private partial void LogFailed(Exception exception);
}
