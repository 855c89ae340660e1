using Microsoft.Extensions.Options;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.TariffSync.Overrides;

/// <summary>
/// Ends timed overrides at their end and retries what is not yet on the Powerwall (a failed
/// restore stays "restoring" and is retried every <see cref="TariffOverrideOptions.CheckEvery"/>).
/// Runs once at start, so a restarted TariffSync resumes at once.
/// </summary>
internal sealed partial class OverrideMaintenanceService(
    IServiceScopeFactory scopes,
    IOptions<SiteOptions> site,
    IOptions<TariffOverrideOptions> options,
    TimeProvider time,
    ILogger<OverrideMaintenanceService> logger) : BackgroundService
{
    // Never spin: even an end that is already due waits this long between passes.
    private static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? nextEnd = null;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                nextEnd = await scope.ServiceProvider.GetRequiredService<TariffOverrideController>().MaintainAsync(site.Value.Id, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(exception);
            }

            try
            {
                await Task.Delay(NextWait(nextEnd), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>The check interval, or less when an override ends sooner (a force discharge ends on time, not up to a minute late).</summary>
    private TimeSpan NextWait(DateTimeOffset? nextEnd)
    {
        var wait = options.Value.CheckEvery;
        if (nextEnd is { } end && end - time.GetUtcNow() < wait)
        {
            wait = end - time.GetUtcNow();
        }

        return wait < ShortestWait ? ShortestWait : wait;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Override maintenance failed; trying again")]
    private partial void LogFailed(Exception exception);
}
