using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;
using TeslaSync.Telemetry.Storage;

namespace TeslaSync.Telemetry.LiveStatus;

/// <summary>
/// Takes each live-status sample: keeps it as the latest, stores it with the energy it integrates to,
/// and publishes it on the bus (for the dashboard and Home Assistant). A storage or bus failure is
/// logged and does not stop the others.
/// </summary>
internal sealed partial class LiveSampleRecorder(
    IServiceScopeFactory scopes,
    LatestLiveStatus latest,
    IEventBus bus,
    ILogger<LiveSampleRecorder> logger)
{
    public async Task RecordAsync(LiveSample sample, CancellationToken cancellationToken)
    {
        latest.Record(sample);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<EnergyStore>().RecordSampleAsync(sample, cancellationToken))
            {
                LogNotNewer(sample.SampledAt);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStoreFailed(exception, sample.SampledAt);
        }

        try
        {
            await bus.PublishAsync(new LiveStatusSampled
            {
                SiteId = sample.SiteId,
                OccurredAt = sample.SampledAt,
                SolarPowerW = sample.SolarPowerW,
                BatteryPowerW = sample.BatteryPowerW,
                GridPowerW = sample.GridPowerW,
                LoadPowerW = sample.LoadPowerW,
                StateOfChargePercent = sample.StateOfChargePercent,
                GridStatus = sample.GridStatus,
                OperationMode = sample.OperationMode,
                BackupReservePercent = sample.BackupReservePercent,
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The sample is stored; the dashboard also reads it over gRPC.
            LogPublishFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The sample stamped {SampledAt} is not newer than the last stored one; not stored again")]
    private partial void LogNotNewer(DateTimeOffset sampledAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing the sample stamped {SampledAt} failed; its energy is missing from the history")]
    private partial void LogStoreFailed(Exception exception, DateTimeOffset sampledAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the live-status sample")]
    private partial void LogPublishFailed(Exception exception);
}
