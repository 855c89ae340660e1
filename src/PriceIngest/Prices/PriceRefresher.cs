using System.Diagnostics;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;
using TeslaSync.Integrations.Amber;
using TeslaSync.PriceIngest.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.PriceIngest.Prices;

/// <summary>What one refresh did.</summary>
public sealed record RefreshOutcome(bool Published, string Detail);

/// <summary>
/// Fetches the site's prices from Amber, stores the set as received, and publishes it unless it
/// repeats the last published content (so consumers never see the same prices twice).
/// </summary>
internal sealed partial class PriceRefresher(
    IAmberClient amber,
    AmberSiteResolver sites,
    PriceSnapshotStore store,
    IEventBus bus,
    RefreshGate gate,
    IOptions<SiteOptions> site,
    IOptions<PricePollingOptions> polling,
    TimeProvider time,
    ILogger<PriceRefresher> logger)
{
    public async Task<RefreshOutcome> RefreshAsync(CancellationToken cancellationToken)
    {
        // The poller and a user's "refresh now" must not interleave their store-and-publish steps.
        using var _ = await gate.EnterAsync(cancellationToken);
        // The root of a price update's trace: the Amber call, the publish and, through the
        // envelope, TariffSync's handling and its Tesla calls all hang below it.
        using var activity = Telemetry.StartActivity("refresh prices");

        var siteId = site.Value.Id;
        activity?.SetTag("teslasync.site_id", siteId);
        var amberSiteId = await sites.ResolveAsync(cancellationToken);
        var result = await amber.GetCurrentPricesAsync(
            amberSiteId, previous: 0, next: polling.Value.ForecastIntervals, AmberResolution.ThirtyMinutes, cancellationToken);
        var receivedAt = time.GetUtcNow();

        foreach (var rejected in result.Rejected)
        {
            LogRejected(rejected.Index, rejected.Reason);
        }

        if (result.Intervals.Count == 0)
        {
            return new RefreshOutcome(false, "Amber returned no usable intervals.");
        }

        var hash = PriceContentHash.Of(result.Intervals);
        var isNew = hash != await store.LastPublishedHashAsync(siteId, cancellationToken);
        if (!isNew)
        {
            await store.SaveAsync(siteId, receivedAt, hash, published: false, result.Intervals, cancellationToken);
            return new RefreshOutcome(false, "The prices have not changed since the last update.");
        }

        await bus.PublishAsync(
            new PricesUpdated
            {
                SiteId = siteId,
                OccurredAt = receivedAt,
                ReceivedAt = receivedAt,
                ContentHash = hash,
                Intervals = result.Intervals,
            },
            cancellationToken);
        // Stored only once published: a set that failed to publish is published on the next refresh.
        await store.SaveAsync(siteId, receivedAt, hash, published: true, result.Intervals, cancellationToken);
        LogPublished(siteId, result.Intervals.Count, hash);
        return new RefreshOutcome(true, $"Published {result.Intervals.Count} intervals.");
    }

    private static readonly ActivitySource Telemetry = new("TeslaSync.PriceIngest");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Amber interval {Index} was left out: {Reason}")]
    private partial void LogRejected(int index, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published prices for site {SiteId}: {Count} intervals ({Hash})")]
    private partial void LogPublished(string siteId, int count, string hash);
}

/// <summary>Lets one refresh run at a time across the scoped refreshers.</summary>
internal sealed class RefreshGate : AsyncGate;
