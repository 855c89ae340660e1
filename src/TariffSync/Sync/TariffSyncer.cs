using System.Diagnostics;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.Domain.Budget;
using TeslaSync.Domain.Prices;
using TeslaSync.Domain.Tariffs;
using TeslaSync.EventBus;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.Tesla.Http;
using TeslaSync.TariffSync.Budget;
using TeslaSync.TariffSync.Overrides;
using TeslaSync.TariffSync.Storage;

namespace TeslaSync.TariffSync.Sync;

/// <summary>
/// Turns a site's prices into a tariff and, when that is worth it, uploads it to the Powerwall,
/// reads it back, and records and publishes the outcome. Every path ends in one recorded outcome.
/// </summary>
internal sealed partial class TariffSyncer(
    PowerwallTariffWriter powerwall,
    ControlledSites sites,
    ApiBudgetService budgets,
    ReadBackSchedule readBacks,
    SyncLog log,
    SyncGates gates,
    ITariffOverrideGuard overrides,
    IEventBus bus,
    IOptions<TariffSyncOptions> options,
    TimeProvider time,
    ILogger<TariffSyncer> logger)
{
    public async Task<SyncOutcome> SyncAsync(string siteId, IReadOnlyList<PriceInterval> prices, CancellationToken cancellationToken)
    {
        using var _ = await gates.EnterAsync(siteId, cancellationToken);
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
            if (await overrides.TariffOwnerAsync(siteId, cancellationToken) is { } owner)
            {
                return new SyncOutcome(siteId, SyncStatus.Skipped, now, owner == ActiveOverride.RestoringName
                    ? "The user's own tariff is being restored after an override; prices are synced again once it is back."
                    : $"The {owner} override holds the tariff; prices are synced again when it is released.");
            }

            var site = await sites.ResolveAsync(siteId, cancellationToken);
            var built = new AmberTariffBuilder(options.Value.ToBuildOptions()).Build(prices, site.TimeZone, now);
            if (built.Tariff is null)
            {
                return new SyncOutcome(siteId, SyncStatus.Skipped, now, built.Refusal);
            }

            var budget = await budgets.AssessAsync(siteId, cancellationToken);
            var last = await log.LastUploadedAsync(siteId, cancellationToken);
            var decision = new TariffUploadPolicy(options.Value.MaterialChangePerKwh).Decide(built.Tariff, last, now);
            if (decision.OnlyIfChangedElsewhere && last is not null && await ChangedOutsideTeslaSyncAsync(siteId, site, last.Tariff, budget, now, cancellationToken))
            {
                decision = UploadDecision.Yes("The Powerwall's tariff was changed outside TeslaSync.");
            }

            if (!decision.Upload)
            {
                return new SyncOutcome(siteId, SyncStatus.Skipped, now, decision.Reason);
            }

            if (!budget.Allows(TeslaCallPurpose.TariffWrite))
            {
                return new SyncOutcome(siteId, SyncStatus.Skipped, now,
                    $"This month's Tesla API budget is spent (${budget.MonthToDateCost} of ${budget.MonthlyCeiling} beyond the free credit); the current tariff stays.");
            }

            var document = TeslaTariffDocument.Write(built.Tariff);
            var held = await powerwall.WriteAndReadBackAsync(site.EnergySiteId, document, cancellationToken);
            readBacks.Read(siteId, now);
            await log.SaveUploadedAsync(siteId, document, built.Tariff, now, cancellationToken);

            return PowerwallTariffWriter.Holds(document, held)
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
        catch (Exception exception) when (TeslaTimeouts.Is(exception))
        {
            // Nothing is recorded as uploaded, so the next price update uploads (and reads back) again.
            return new SyncOutcome(siteId, SyncStatus.Failed, now, "Tesla did not answer in time; the next price update tries again.");
        }
    }

    /// <summary>Reads the Powerwall's tariff when a check is due and says whether it differs from what we last sent.</summary>
    private async Task<bool> ChangedOutsideTeslaSyncAsync(
        string siteId, TeslaSite site, HalfHourTariff sent, ApiBudget budget, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var every = budget.Level == BudgetLevel.Conserve ? options.Value.ReadBackEvery * ApiBudget.ConserveSlowdown : options.Value.ReadBackEvery;
        if (!budget.Allows(TeslaCallPurpose.ReadBack) || !readBacks.IsDue(siteId, now, every))
        {
            return false;
        }

        var held = TeslaTariffDocument.TryRead(await powerwall.ReadAsync(site.EnergySiteId, cancellationToken), sent.TimeZoneId);
        readBacks.Read(siteId, now);
        return held is null || held.LargestDifference(sent) != 0m;
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
