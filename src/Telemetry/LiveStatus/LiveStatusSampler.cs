using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Tesla;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.Telemetry.LiveStatus;

/// <summary>Reads the Powerwall's live status on a fixed cadence; a failed read is logged and the next one tries again.</summary>
internal sealed partial class LiveStatusSampler(
    IServiceScopeFactory scopes,
    LatestLiveStatus latest,
    IOptions<LiveStatusOptions> options,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<LiveStatusSampler> logger) : BackgroundService
{
    private long? _energySiteId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleEvery, time);
        do
        {
            await SampleOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SampleOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var tesla = scope.ServiceProvider.GetRequiredService<ITeslaEnergyClient>();
            _energySiteId ??= await EnergySiteSelection.ChooseAsync(tesla, options.Value.EnergySiteId, "LiveStatus:EnergySiteId", stoppingToken);
            var status = await tesla.GetLiveStatusAsync(_energySiteId.Value, stoppingToken);
            latest.Record(new LiveSample(
                site.Value.Id,
                status.Timestamp ?? time.GetUtcNow(),
                status.SolarPowerW,
                status.BatteryPowerW,
                status.GridPowerW,
                status.LoadPowerW,
                status.PercentageCharged ?? 0,
                status.GridStatus ?? "Unknown"));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogSampleFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the Powerwall's live status failed; trying again at the next sample")]
    private partial void LogSampleFailed(Exception exception);
}
