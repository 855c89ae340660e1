using Microsoft.Extensions.Options;
using TeslaSync.Domain.Energy;
using TeslaSync.Integrations.Tesla;
using TeslaSync.ServiceDefaults;
using TeslaSync.Telemetry.LiveStatus;
using TeslaSync.Telemetry.Storage;

namespace TeslaSync.Telemetry.Energy;

/// <summary>
/// Once a local day has ended (plus <see cref="ReconciliationOptions.AfterDayEnds"/>), fetches Tesla's own
/// totals for it from <c>calendar_history</c> (kind=energy, period=day) — one read, counted against the
/// site's API budget like the live-status reads — and stores them beside ours for the day summary. A day
/// with none of our samples is not fetched; a failed fetch is stored with its reason and tried again later,
/// a few times at most. Nothing is fetched while the budget is down to essential calls.
/// </summary>
internal sealed partial class DailyReconciler(
    IServiceScopeFactory scopes,
    SiteTimeZone zones,
    PowerwallSite powerwall,
    ApiUsageReporter usage,
    IOptions<ReconciliationOptions> options,
    IOptions<LiveStatusOptions> liveStatus,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<DailyReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        // The first look comes one interval after start: by then the first samples (and the Powerwall's zone) are in.
        using var timer = new PeriodicTimer(options.Value.CheckEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
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
    }

    /// <summary>Fetches every finished day that is due; how many fetches were made.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var zone = (await zones.ResolveAsync(cancellationToken)).Zone;
        if (zone is null)
        {
            return 0;
        }

        var settings = options.Value;
        var siteId = site.Value.Id;
        var now = time.GetUtcNow();
        var today = SiteCalendar.DateOf(now, zone);
        var fetched = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
        var reader = scope.ServiceProvider.GetRequiredService<EnergyHistoryReader>();
        for (var date = today.AddDays(-settings.LookBackDays); date < today; date = date.AddDays(1))
        {
            var day = LocalPeriod.Containing(SummaryPeriod.Day, date, zone);
            if (day.End + settings.AfterDayEnds > now)
            {
                continue;
            }

            var row = await db.TeslaDailyTotals.FindAsync([siteId, date], cancellationToken);
            if (row?.Status == TeslaDailyTotalsRow.Available
                || (row is not null && (row.Attempts >= settings.MaxAttempts || now - row.LastAttemptAt < settings.RetryEvery)))
            {
                continue;
            }

            if ((await reader.TotalAsync(siteId, day.Start, day.End, cancellationToken)).Covered <= TimeSpan.Zero)
            {
                continue; // none of our samples that day: nothing to compare
            }

            var allowance = await usage.ReportReadsAsync(siteId, cancellationToken);
            if (allowance?.Level is "essential" or "exhausted")
            {
                LogBudget(date, allowance.Level);
                break;
            }

            if (row is null)
            {
                row = new TeslaDailyTotalsRow { SiteId = siteId, LocalDate = date, TimeZone = zone.Id, Status = TeslaDailyTotalsRow.Unavailable };
                db.TeslaDailyTotals.Add(row);
            }

            await FetchAsync(scope.ServiceProvider.GetRequiredService<ITeslaEnergyClient>(), row, day, zone, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            fetched++;
        }

        return fetched;
    }

    private async Task FetchAsync(ITeslaEnergyClient tesla, TeslaDailyTotalsRow row, LocalPeriod day, TimeZoneInfo zone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        row.Attempts++;
        row.LastAttemptAt = now;
        row.TimeZone = zone.Id;
        try
        {
            var energySiteId = await powerwall.EnsureSiteAsync(tesla, liveStatus.Value.EnergySiteId, cancellationToken);
            // Tesla's day ends at 23:59:59 local time; only the buckets inside the day are counted.
            var history = await tesla.GetEnergyHistoryAsync(energySiteId, CalendarHistoryPeriod.Day, day.Start, day.End.AddSeconds(-1), zone.Id, cancellationToken);
            var totals = TeslaTotals(history, day);
            row.Status = TeslaDailyTotalsRow.Available;
            row.Reason = null;
            row.SolarWh = totals.Solar;
            row.HomeWh = totals.Home;
            row.GridImportWh = totals.GridImport;
            row.GridExportWh = totals.GridExport;
            row.BatteryChargeWh = totals.BatteryCharge;
            row.BatteryDischargeWh = totals.BatteryDischarge;
            LogFetched(day.First, history.Points.Count);
        }
        catch (Exception exception) when (exception is TeslaApiException or HttpRequestException or EnergySiteSelectionException)
        {
            row.Status = TeslaDailyTotalsRow.Unavailable;
            row.Reason = exception is TeslaApiException apiError
                ? $"Tesla's calendar_history failed ({apiError.Kind}{(apiError.StatusCode is { } status ? $", HTTP {(int)status}" : string.Empty)}): {apiError.Message}"
                : $"Tesla's calendar_history could not be read: {exception.Message}";
            LogFetchFailed(day.First, row.Attempts, row.Reason);
        }
        finally
        {
            await usage.ReportReadsAsync(row.SiteId, cancellationToken);
        }
    }

    /// <summary>Tesla's buckets that start inside the day, added up into our six flows.</summary>
    internal static EnergyFlows TeslaTotals(EnergyHistory history, LocalPeriod day)
    {
        var totals = EnergyFlows.Zero;
        foreach (var point in history.Points.Where(p => p.Start >= day.Start && p.Start < day.End))
        {
            totals += new EnergyFlows(point.SolarGeneratedWh, point.HomeUsageWh, point.GridImportedWh, point.GridExportedWh,
                point.BatteryChargedWh, point.BatteryDischargedWh);
        }

        return totals;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tesla's totals for {Date} fetched ({Points} buckets) for reconciliation")]
    private partial void LogFetched(DateOnly date, int points);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tesla's totals for {Date} could not be fetched (attempt {Attempt}): {Reason}")]
    private partial void LogFetchFailed(DateOnly date, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tesla's totals for {Date} are not fetched while the API budget is {Level}")]
    private partial void LogBudget(DateOnly date, string level);

    [LoggerMessage(Level = LogLevel.Error, Message = "The daily reconciliation pass failed; trying again at the next")]
    private partial void LogPassFailed(Exception exception);
}
