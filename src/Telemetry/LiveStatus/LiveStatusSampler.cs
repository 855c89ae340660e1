using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Tesla;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.Telemetry.LiveStatus;

/// <summary>
/// Reads the Powerwall's live status every <see cref="LiveStatusOptions.SampleEvery"/>, slower when
/// the site's API budget says so; a failed read is logged and the next one tries again.
/// </summary>
internal sealed partial class LiveStatusSampler(
    IServiceScopeFactory scopes,
    LatestLiveStatus latest,
    ApiUsageReporter usage,
    IOptions<LiveStatusOptions> options,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<LiveStatusSampler> logger) : BackgroundService
{
    private long? _energySiteId;
    private long _readsSinceReport;

    /// <summary>While the budget allows no reads, ask again this often.</summary>
    private static readonly TimeSpan PausedRecheck = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SampleEvery;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (interval != PausedRecheck)
            {
                await SampleOnceAsync(stoppingToken);
            }

            interval = IntervalFor(await usage.ReportReadsAsync(site.Value.Id, TakeReads(), stoppingToken));
            await Task.Delay(interval, time, stoppingToken);
        }
    }

    /// <summary>
    /// The budget levels as TariffSync names them: conserve reads a quarter as often, essential and
    /// exhausted not at all; never faster than the provider allows (Teslemetry: about once a minute).
    /// </summary>
    private TimeSpan IntervalFor(ReadAllowance? allowance)
    {
        var wanted = allowance?.Level switch
        {
            "conserve" => options.Value.SampleEvery * 4,
            "essential" or "exhausted" => PausedRecheck,
            _ => options.Value.SampleEvery,
        };
        return allowance is not null && allowance.MinimumReadInterval > wanted ? allowance.MinimumReadInterval : wanted;
    }

    private long TakeReads() => Interlocked.Exchange(ref _readsSinceReport, 0);

    private async Task SampleOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (_energySiteId is null)
            {
                Interlocked.Increment(ref _readsSinceReport); // the products call
            }

            Interlocked.Increment(ref _readsSinceReport);
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
