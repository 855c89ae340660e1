using Microsoft.Extensions.Options;

namespace TeslaSync.PriceIngest.Storage;

/// <summary>How long prices are kept, bound from the <c>PriceStorage</c> section.</summary>
public sealed class PriceStorageOptions
{
    public const string SectionName = "PriceStorage";

    /// <summary>Whole price sets as received (forecast snapshots for backtests); 0 keeps them for ever.</summary>
    public int SnapshotRetentionDays { get; set; } = 90;

    /// <summary>Each interval's latest price (charts, daily maxima, costs); 0 keeps it for ever.</summary>
    public int HistoryRetentionDays { get; set; }
}

/// <summary>Once a day, removes prices older than the retention settings allow.</summary>
internal sealed partial class PriceRetentionService(
    IServiceScopeFactory scopes,
    IOptions<PriceStorageOptions> options,
    TimeProvider time,
    ILogger<PriceRetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan RunEvery = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RunEvery, time);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPurgeFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task PurgeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = time.GetUtcNow();
        if (options.Value.SnapshotRetentionDays > 0)
        {
            var removed = await scope.ServiceProvider.GetRequiredService<PriceSnapshotStore>()
                .DeleteBeforeAsync(now.AddDays(-options.Value.SnapshotRetentionDays), cancellationToken);
            LogPurged(removed, "price snapshots");
        }

        if (options.Value.HistoryRetentionDays > 0)
        {
            var removed = await scope.ServiceProvider.GetRequiredService<PriceHistoryStore>()
                .DeleteBeforeAsync(now.AddDays(-options.Value.HistoryRetentionDays), cancellationToken);
            LogPurged(removed, "interval prices");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} {What} past their retention")]
    private partial void LogPurged(int count, string what);

    [LoggerMessage(Level = LogLevel.Error, Message = "Removing old prices failed; trying again tomorrow")]
    private partial void LogPurgeFailed(Exception exception);
}
