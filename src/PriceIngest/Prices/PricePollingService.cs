using Microsoft.Extensions.Options;

namespace TeslaSync.PriceIngest.Prices;

/// <summary>
/// Asks Amber for prices once at start and then just after every 5-minute boundary. A failed
/// refresh is logged and the next boundary tries again; nothing here blocks a thread.
/// </summary>
internal sealed partial class PricePollingService(
    IServiceScopeFactory scopes,
    IOptions<PricePollingOptions> options,
    TimeProvider time,
    ILogger<PricePollingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await RefreshOnceAsync(stoppingToken);
            await Task.Delay(UntilNextPoll(time.GetUtcNow()), time, stoppingToken);
        }
    }

    /// <summary>The wait from <paramref name="now"/> until the next boundary plus the configured delay.</summary>
    internal TimeSpan UntilNextPoll(DateTimeOffset now)
    {
        var period = PricePollingOptions.Period.Ticks;
        var nextBoundary = new DateTimeOffset(((now.UtcTicks / period) + 1) * period, TimeSpan.Zero);
        var due = nextBoundary + options.Value.DelayAfterBoundary;
        return due - now > PricePollingOptions.Period ? due - now - PricePollingOptions.Period : due - now;
    }

    private async Task RefreshOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<PriceRefresher>().RefreshAsync(stoppingToken);
            LogRefreshed(outcome.Detail);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogRefreshFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Price refresh: {Detail}")]
    private partial void LogRefreshed(string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Price refresh failed; trying again at the next boundary")]
    private partial void LogRefreshFailed(Exception exception);
}
