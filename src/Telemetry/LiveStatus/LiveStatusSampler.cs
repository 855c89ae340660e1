using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Tesla;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.Telemetry.LiveStatus;

/// <summary>
/// Reads the Powerwall's live status every <see cref="LiveStatusOptions.SampleEvery"/>, slower when
/// the site's API budget says so, and site_info (mode, reserve, export rule, firmware) every <see cref="LiveStatusOptions.SettingsEvery"/>
/// while the budget is normal; a failed read is logged and the next one tries again. Samples are due on a
/// fixed cadence, so the time a read and the usage report take does not add up.
/// </summary>
internal sealed partial class LiveStatusSampler(
    IServiceScopeFactory scopes,
    LiveSampleRecorder recorder,
    PowerwallSite powerwall,
    ApiUsageReporter usage,
    IOptions<LiveStatusOptions> options,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<LiveStatusSampler> logger) : BackgroundService
{
    private ReadAllowance? _allowance;

    /// <summary>While the budget allows no reads, ask again this often.</summary>
    private static readonly TimeSpan PausedRecheck = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A periodic timer keeps the cadence fixed (a slow read or report does not add up), and a tick
        // that falls due while a sample is still being taken is kept, not lost.
        var interval = options.Value.SampleEvery;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            if (interval != PausedRecheck)
            {
                await SampleOnceAsync(stoppingToken);
            }

            _allowance = await usage.ReportReadsAsync(site.Value.Id, stoppingToken);
            var next = IntervalFor(_allowance);
            if (next != interval)
            {
                interval = next;
                timer.Period = next;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
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

    private async Task SampleOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var tesla = scope.ServiceProvider.GetRequiredService<ITeslaEnergyClient>();
            var energySiteId = await powerwall.EnsureSiteAsync(tesla, options.Value.EnergySiteId, stoppingToken);
            await ReadSettingsIfDueAsync(tesla, energySiteId, stoppingToken);

            var status = await tesla.GetLiveStatusAsync(energySiteId, stoppingToken);
            var settings = powerwall.Settings;
            await recorder.RecordAsync(new LiveSample(
                site.Value.Id,
                status.Timestamp ?? time.GetUtcNow(),
                status.SolarPowerW,
                status.BatteryPowerW,
                status.GridPowerW,
                status.LoadPowerW,
                status.PercentageCharged ?? 0,
                status.GridStatus ?? "Unknown",
                settings?.OperationMode,
                settings?.BackupReservePercent,
                settings?.ReadAt,
                settings?.ExportRule,
                settings?.FirmwareVersion), stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogSampleFailed(exception);
        }
    }

    /// <summary>Mode, reserve, export rule and firmware are not in live_status: site_info is read now and then, only while the budget is normal.</summary>
    private async Task ReadSettingsIfDueAsync(ITeslaEnergyClient tesla, long energySiteId, CancellationToken stoppingToken)
    {
        var every = options.Value.SettingsEvery;
        var last = powerwall.Settings;
        var budgetNormal = _allowance is null || _allowance.Level == "normal";
        if (every <= TimeSpan.Zero || !budgetNormal || (last is not null && time.GetUtcNow() - last.ReadAt < every))
        {
            return;
        }

        try
        {
            powerwall.Read(await tesla.GetSiteInfoAsync(energySiteId, stoppingToken), time.GetUtcNow());
        }
        catch (Exception exception) when (exception is TeslaApiException or HttpRequestException)
        {
            LogSettingsFailed(exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the Powerwall's live status failed; trying again at the next sample")]
    private partial void LogSampleFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading the Powerwall's settings (site_info) failed: {Reason}; the last known values stay")]
    private partial void LogSettingsFailed(string reason);
}
