using Microsoft.Extensions.Options;
using TeslaSync.ServiceDefaults;
using TeslaSync.Telemetry.Storage;

namespace TeslaSync.Telemetry.Energy;

/// <summary>
/// Every <see cref="EnergyHistoryOptions.RollupEvery"/> (on the service's clock) rolls finished
/// half-hours of 5-minute energy up into 30-minute rows, then removes samples and rows past their
/// retention. A failed pass is logged and the next one tries again.
/// </summary>
internal sealed partial class EnergyRollupService(
    IServiceScopeFactory scopes,
    IOptions<EnergyHistoryOptions> options,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<EnergyRollupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RollupEvery, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<EnergyStore>();
        var now = time.GetUtcNow();
        var rolled = await store.RollUpAsync(site.Value.Id, now, cancellationToken);
        var removed = await store.PurgeAsync(site.Value.Id, now, cancellationToken);
        if (rolled > 0 || removed.Samples + removed.FiveMinuteIntervals + removed.HalfHourIntervals > 0)
        {
            LogPass(rolled, removed.Samples, removed.FiveMinuteIntervals, removed.HalfHourIntervals);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Energy history: {HalfHours} half-hours rolled up; removed {Samples} samples, {FiveMinute} 5-minute and {HalfHour} 30-minute rows past retention")]
    private partial void LogPass(int halfHours, int samples, int fiveMinute, int halfHour);

    [LoggerMessage(Level = LogLevel.Error, Message = "The energy roll-up and retention pass failed; trying again at the next")]
    private partial void LogPassFailed(Exception exception);
}
