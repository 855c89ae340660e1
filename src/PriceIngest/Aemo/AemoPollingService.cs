using Microsoft.Extensions.Options;
using TeslaSync.PriceIngest.Aemo.Storage;

namespace TeslaSync.PriceIngest.Aemo;

/// <summary>
/// Reads AEMO prices at start and then every <see cref="AemoIngestionOptions.PollInterval"/>, and
/// deletes prices older than the retention about once an hour. A failed round is logged and the next
/// one tries again; nothing here blocks a thread.
/// </summary>
internal sealed partial class AemoPollingService(
    IServiceScopeFactory scopes,
    IOptions<AemoIngestionOptions> options,
    TimeProvider time,
    ILogger<AemoPollingService> logger) : BackgroundService
{
    private static readonly TimeSpan RetentionEvery = TimeSpan.FromHours(1);
    private DateTimeOffset _nextRetention = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await PollOnceAsync(stoppingToken);
            await Task.Delay(options.Value.PollInterval, time, stoppingToken);
        }
    }

    private async Task PollOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<AemoIngestor>().IngestAsync(stoppingToken);
            LogPolled(outcome.Detail);

            if (time.GetUtcNow() >= _nextRetention)
            {
                var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
                var deleted = await scope.ServiceProvider.GetRequiredService<AemoPriceStore>().DeleteOlderThanAsync(cutoff, stoppingToken);
                _nextRetention = time.GetUtcNow() + RetentionEvery;
                LogRetention(deleted, cutoff);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogPollFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "AEMO poll: {Detail}")]
    private partial void LogPolled(string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Deleted} AEMO price(s) with interval end before {Cutoff:u}")]
    private partial void LogRetention(int deleted, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "AEMO poll failed; trying again at the next poll")]
    private partial void LogPollFailed(Exception exception);
}
