using System.Diagnostics;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.Domain.Prices;
using TeslaSync.Domain.Tariffs;
using TeslaSync.EventBus;
using TeslaSync.Integrations.Tesla;
using TeslaSync.TariffSync.Storage;

namespace TeslaSync.TariffSync.Sync;

/// <summary>
/// Turns a site's prices into a tariff and, when that is worth it, uploads it to the Powerwall,
/// reads it back, and records and publishes the outcome. Every path ends in one recorded outcome.
/// </summary>
internal sealed partial class TariffSyncer(
    ITeslaEnergyClient tesla,
    TeslaSiteResolver sites,
    SyncLog log,
    SyncGate gate,
    IEventBus bus,
    IOptions<TariffSyncOptions> options,
    TimeProvider time,
    ILogger<TariffSyncer> logger)
{
    public async Task<SyncOutcome> SyncAsync(string siteId, IReadOnlyList<PriceInterval> prices, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        using var activity = Telemetry.StartActivity("sync tariff");
        activity?.SetTag("teslasync.site_id", siteId);
        var outcome = await TrySyncAsync(siteId, prices, cancellationToken);
        activity?.SetTag("teslasync.sync.status", outcome.StatusName);
        if (outcome.Status == SyncStatus.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Reason);
        }

        await log.RecordAsync(outcome, cancellationToken);
        LogOutcome(siteId, outcome.StatusName, outcome.Reason ?? "uploaded and read back");
        await PublishAsync(outcome, cancellationToken);
        return outcome;
    }

    private async Task<SyncOutcome> TrySyncAsync(string siteId, IReadOnlyList<PriceInterval> prices, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            var site = await sites.ResolveAsync(cancellationToken);
            var built = new AmberTariffBuilder(options.Value.ToBuildOptions()).Build(prices, site.TimeZone, now);
            if (built.Tariff is null)
            {
                return new SyncOutcome(siteId, SyncStatus.Skipped, now, built.Refusal);
            }

            var decision = new TariffUploadPolicy(options.Value.MaterialChangePerKwh)
                .Decide(built.Tariff, await log.LastUploadedAsync(siteId, cancellationToken), now);
            if (!decision.Upload)
            {
                return new SyncOutcome(siteId, SyncStatus.Skipped, now, decision.Reason);
            }

            var document = TeslaTariffDocument.Write(built.Tariff);
            await tesla.SetTimeOfUseSettingsAsync(site.EnergySiteId, document, cancellationToken);
            await log.SaveUploadedAsync(siteId, document, built.Tariff, now, cancellationToken);

            var readBack = await ReadBackMatchesAsync(site, built.Tariff, cancellationToken);
            return readBack
                ? new SyncOutcome(siteId, SyncStatus.Succeeded, now, null, ReadBackMatched: true)
                : new SyncOutcome(siteId, SyncStatus.Failed, now, "The Powerwall's tariff did not match what was sent when read back.");
        }
        catch (TeslaApiException exception)
        {
            return new SyncOutcome(siteId, SyncStatus.Failed, now, $"Tesla answered {exception.Message}");
        }
        catch (SiteSetupRequiredException exception)
        {
            return new SyncOutcome(siteId, SyncStatus.Failed, now, exception.Message);
        }
        catch (HttpRequestException exception)
        {
            return new SyncOutcome(siteId, SyncStatus.Failed, now, $"Tesla could not be reached: {exception.Message}");
        }
    }

    private async Task<bool> ReadBackMatchesAsync(TeslaSite site, HalfHourTariff sent, CancellationToken cancellationToken)
    {
        var info = await tesla.GetSiteInfoAsync(site.EnergySiteId, cancellationToken);
        var held = TeslaTariffDocument.TryRead(info.TariffContentV2, sent.TimeZoneId);
        return held is not null && held.LargestDifference(sent) == 0m;
    }

    private async Task PublishAsync(SyncOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            await bus.PublishAsync(
                new TariffSynced { SiteId = outcome.SiteId, OccurredAt = outcome.At, Status = outcome.StatusName, Reason = outcome.Reason },
                cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The outcome is recorded; the dashboard also reads it over gRPC.
            LogPublishFailed(exception, outcome.SiteId);
        }
    }

    private static readonly ActivitySource Telemetry = new("TeslaSync.TariffSync");

    [LoggerMessage(Level = LogLevel.Information, Message = "Tariff sync for site {SiteId}: {Status} ({Reason})")]
    private partial void LogOutcome(string siteId, string status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the sync outcome of site {SiteId}")]
    private partial void LogPublishFailed(Exception exception, string siteId);
}
