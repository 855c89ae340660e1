using Microsoft.Extensions.Options;
using TeslaSync.ServiceDefaults;
using TeslaSync.TariffSync.Storage;

namespace TeslaSync.TariffSync.Sync;

/// <summary>
/// Redis pub/sub keeps nothing for a subscriber that was away (a Redis restart, our own restart),
/// so once a minute this checks that a sync happened recently and otherwise syncs from the
/// prices PriceIngest holds.
/// </summary>
internal sealed partial class MissedUpdateSyncService(
    IServiceScopeFactory scopes,
    IOptions<SiteOptions> site,
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
                await using var scope = scopes.CreateAsyncScope();
                if (!await scope.ServiceProvider.GetRequiredService<SiteSettingsStore>().AutoSyncAsync(site.Value.Id, stoppingToken))
                {
                    continue;
                }

                var last = await scope.ServiceProvider.GetRequiredService<SyncLog>().LastAsync(site.Value.Id, stoppingToken);
                if (last is not null && time.GetUtcNow() - last.At < options.Value.MissedUpdateAfter)
                {
                    continue;
                }

                LogCatchingUp(site.Value.Id);
                await scope.ServiceProvider.GetRequiredService<CurrentPriceSync>().SyncAsync(site.Value.Id, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No recent price update for site {SiteId}; syncing from PriceIngest's current prices")]
    private partial void LogCatchingUp(string siteId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Catch-up sync failed; trying again in a minute")]
    private partial void LogFailed(Exception exception);
}
