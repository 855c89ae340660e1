using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Amber;

namespace TeslaSync.PriceIngest.Prices;

/// <summary>
/// Gets prices once at start (REST) and then every 5-minute boundary: from Amber's WebSocket when one is configured and
/// usable, otherwise (or when no push comes in time) by polling REST shortly after the boundary. A failed refresh is
/// logged and the next boundary tries again; nothing here blocks a thread.
/// </summary>
internal sealed partial class PricePollingService(
    IServiceScopeFactory scopes,
    AmberPushListener pushes,
    AmberSiteResolver sites,
    IOptions<PricePollingOptions> options,
    TimeProvider time,
    ILogger<PricePollingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RefreshOnceAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (!pushes.ShouldTry(now))
            {
                await Task.Delay(UntilNextPoll(now), time, stoppingToken);
                await RefreshOnceAsync(stoppingToken);
                continue;
            }

            // Connect right at the boundary: Amber pushes the new interval's prices within seconds of it.
            await Task.Delay(UntilNextBoundary(now), time, stoppingToken);
            if (await TryPushAsync(stoppingToken))
            {
                continue;
            }

            // REST fallback, but not before Amber has had its usual time to publish.
            var lastBoundary = new DateTimeOffset(time.GetUtcNow().UtcTicks / PricePollingOptions.Period.Ticks * PricePollingOptions.Period.Ticks, TimeSpan.Zero);
            var due = lastBoundary + options.Value.DelayAfterBoundary - time.GetUtcNow();
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, time, stoppingToken);
            }

            await RefreshOnceAsync(stoppingToken);
        }
    }

    /// <summary>The wait from <paramref name="now"/> until the next boundary plus the configured delay.</summary>
    internal TimeSpan UntilNextPoll(DateTimeOffset now)
    {
        var due = now + UntilNextBoundary(now) + options.Value.DelayAfterBoundary;
        return due - now > PricePollingOptions.Period ? due - now - PricePollingOptions.Period : due - now;
    }

    /// <summary>The wait from <paramref name="now"/> until the next 5-minute boundary (a full period when exactly on one).</summary>
    internal static TimeSpan UntilNextBoundary(DateTimeOffset now)
    {
        var period = PricePollingOptions.Period.Ticks;
        return new DateTimeOffset(((now.UtcTicks / period) + 1) * period, TimeSpan.Zero) - now;
    }

    /// <summary>One WebSocket visit; true when it produced a stored (and, if new, published) price set.</summary>
    private async Task<bool> TryPushAsync(CancellationToken stoppingToken)
    {
        try
        {
            var amberSiteId = await sites.ResolveAsync(stoppingToken);
            if (await pushes.ReceiveAsync(amberSiteId, stoppingToken) is not { } update)
            {
                return false;
            }

            var receivedAt = time.GetUtcNow();
            await using var scope = scopes.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<PriceRefresher>().PublishPushAsync(update, receivedAt, stoppingToken);
            LogRefreshed(outcome.Detail);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogPushFailed(exception);
            return false;
        }
    }

    private async Task RefreshOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<PriceRefresher>().RefreshAsync(stoppingToken);
            LogRefreshed(outcome.Detail);
        }
        catch (AmberApiException exception) when (exception.Kind == AmberErrorKind.BudgetExhausted)
        {
            // The budget has already logged why; this is a skip, not a failure.
            LogSkipped(exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogRefreshFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Price refresh: {Detail}")]
    private partial void LogRefreshed(string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Price refresh skipped until the next boundary: {Reason}")]
    private partial void LogSkipped(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Price refresh failed; trying again at the next boundary")]
    private partial void LogRefreshFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushed prices could not be published; polling REST instead")]
    private partial void LogPushFailed(Exception exception);
}
