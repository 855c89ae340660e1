using System.Diagnostics;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.Domain.Prices;
using TeslaSync.EventBus;
using TeslaSync.Integrations.Amber;
using TeslaSync.PriceIngest.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.PriceIngest.Prices;

/// <summary>What one refresh did.</summary>
public sealed record RefreshOutcome(bool Published, string Detail);

/// <summary>
/// Gets the site's prices from Amber (a REST poll, or a WebSocket push joined with the latest forecast), stores the set
/// as received, and publishes it unless it repeats the last published content (so consumers never see the same prices twice).
/// </summary>
/// <remarks>
/// Both ways in run their fetch-store-publish steps inside the one <see cref="RefreshGate"/> and compare against the last
/// published hash there, so a push, the fallback poll and a user's "refresh now" cannot race into two events.
/// </remarks>
internal sealed partial class PriceRefresher(
    IAmberClient amber,
    AmberSiteResolver sites,
    PriceSnapshotStore store,
    IEventBus bus,
    RefreshGate gate,
    AmberForecastCache forecasts,
    AmberRequestBudget budget,
    IOptions<SiteOptions> site,
    IOptions<PricePollingOptions> polling,
    TimeProvider time,
    ILogger<PriceRefresher> logger)
{
    /// <summary>Polls <c>prices/current</c> (current + 24 h of forecasts) and publishes it.</summary>
    public async Task<RefreshOutcome> RefreshAsync(CancellationToken cancellationToken)
    {
        // The poller and a user's "refresh now" must not interleave their store-and-publish steps.
        using var _ = await gate.EnterAsync(cancellationToken);
        // The root of a price update's trace: the Amber call, the publish and, through the
        // envelope, TariffSync's handling and its Tesla calls all hang below it.
        using var activity = Telemetry.StartActivity("refresh prices");
        activity?.SetTag("teslasync.price_source", "rest");

        var siteId = site.Value.Id;
        activity?.SetTag("teslasync.site_id", siteId);
        var amberSiteId = await sites.ResolveAsync(cancellationToken);
        var result = await FetchAsync(amberSiteId, cancellationToken);
        if (result.Intervals.Count == 0)
        {
            return new RefreshOutcome(false, "Amber returned no usable intervals.");
        }

        var intervals = await WithBillingIntervalNowAsync(amberSiteId, result.Intervals, cancellationToken);
        return await StoreAndPublishAsync(siteId, time.GetUtcNow(), intervals, cancellationToken);
    }

    /// <summary>
    /// Publishes a WebSocket push joined with a forecast: fetched right now (one REST call per interval) unless one was
    /// already fetched in this interval, or reused from an earlier interval when the budget is tight or the fetch fails.
    /// </summary>
    /// <exception cref="AmberApiException">No forecast could be fetched and none recent enough is cached.</exception>
    public async Task<RefreshOutcome> PublishPushAsync(AmberPriceUpdate update, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        using var activity = Telemetry.StartActivity("publish pushed prices");
        activity?.SetTag("teslasync.price_source", "websocket");

        var siteId = site.Value.Id;
        activity?.SetTag("teslasync.site_id", siteId);
        foreach (var rejected in update.Prices.Rejected)
        {
            LogRejected(rejected.Index, rejected.Reason);
        }

        if (update.Prices.Intervals.Count == 0)
        {
            return new RefreshOutcome(false, "The Amber push carried no usable intervals.");
        }

        var amberSiteId = await sites.ResolveAsync(cancellationToken);
        var forecast = await ForecastForPushAsync(amberSiteId, receivedAt, cancellationToken);
        var merged = PushMerge.Merge(update.Prices.Intervals, forecast);
        return await StoreAndPublishAsync(siteId, receivedAt, merged, cancellationToken);
    }

    private async Task<IReadOnlyList<PriceInterval>> ForecastForPushAsync(string amberSiteId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cached = forecasts.Latest;
        if (cached is not null && IntervalOf(cached.FetchedAt) == IntervalOf(now))
        {
            return cached.Intervals; // already fetched since this boundary (a user's refresh, or the start-up poll)
        }

        var usable = cached is not null && now - cached.FetchedAt <= polling.Value.ForecastMaxAge ? cached : null;
        if (usable is not null && !budget.CanSendNow())
        {
            LogReusingForecast(usable.FetchedAt, "the Amber request budget is tight");
            return usable.Intervals;
        }

        try
        {
            var fresh = await FetchAsync(amberSiteId, cancellationToken);
            if (fresh.Intervals.Count > 0)
            {
                return fresh.Intervals;
            }

            if (usable is not null)
            {
                LogReusingForecast(usable.FetchedAt, "Amber returned no usable intervals");
                return usable.Intervals;
            }

            throw new AmberApiException(AmberErrorKind.MalformedResponse, "Amber returned no usable forecast intervals to go with the push.");
        }
        catch (Exception exception) when (usable is not null && !cancellationToken.IsCancellationRequested
                                          && exception is AmberApiException or HttpRequestException or TimeoutException)
        {
            LogReusingForecast(usable.FetchedAt, exception.Message);
            return usable.Intervals;
        }
    }

    /// <summary>
    /// On a site billed every 5 minutes, the half-hourly set's current interval is an estimate of
    /// the half hour; the price paid now is the 5-minute one. It is fetched too and joined the way a
    /// push is, so a poll publishes what a push would (curtailment decides on the price paid now,
    /// and a poll and a push of the same prices have the same content). If it (or the site's
    /// billing interval) cannot be fetched, the half-hourly set goes out alone.
    /// </summary>
    private async Task<IReadOnlyList<PriceInterval>> WithBillingIntervalNowAsync(
        string amberSiteId, IReadOnlyList<PriceInterval> halfHourly, CancellationToken cancellationToken)
    {
        try
        {
            if (await sites.BillingIntervalMinutesAsync(amberSiteId, cancellationToken) != (int)AmberResolution.FiveMinutes)
            {
                return halfHourly;
            }

            var now = await amber.GetCurrentPricesAsync(amberSiteId, previous: 0, next: 0, AmberResolution.FiveMinutes, cancellationToken);
            return PushMerge.Merge(now.Intervals, halfHourly);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                                          && exception is AmberApiException or HttpRequestException or TimeoutException)
        {
            LogFiveMinuteFailed(exception.Message);
            return halfHourly;
        }
    }

    private async Task<AmberPriceResult> FetchAsync(string amberSiteId, CancellationToken cancellationToken)
    {
        var result = await amber.GetCurrentPricesAsync(
            amberSiteId, previous: 0, next: polling.Value.ForecastIntervals, AmberResolution.ThirtyMinutes, cancellationToken);
        foreach (var rejected in result.Rejected)
        {
            LogRejected(rejected.Index, rejected.Reason);
        }

        if (result.Intervals.Count > 0)
        {
            forecasts.Remember(result.Intervals, time.GetUtcNow());
        }

        return result;
    }

    private async Task<RefreshOutcome> StoreAndPublishAsync(string siteId, DateTimeOffset receivedAt, IReadOnlyList<PriceInterval> intervals,
        CancellationToken cancellationToken)
    {
        var hash = PriceContentHash.Of(intervals);
        var isNew = hash != await store.LastPublishedHashAsync(siteId, cancellationToken);
        if (!isNew)
        {
            await store.SaveAsync(siteId, receivedAt, hash, published: false, intervals, cancellationToken);
            return new RefreshOutcome(false, "The prices have not changed since the last update.");
        }

        await bus.PublishAsync(
            new PricesUpdated
            {
                SiteId = siteId,
                OccurredAt = receivedAt,
                ReceivedAt = receivedAt,
                ContentHash = hash,
                Intervals = intervals,
            },
            cancellationToken);
        // Stored only once published: a set that failed to publish is published on the next refresh.
        await store.SaveAsync(siteId, receivedAt, hash, published: true, intervals, cancellationToken);
        LogPublished(siteId, intervals.Count, hash);
        return new RefreshOutcome(true, $"Published {intervals.Count} intervals.");
    }

    private static long IntervalOf(DateTimeOffset instant) => instant.UtcTicks / PricePollingOptions.Period.Ticks;

    private static readonly ActivitySource Telemetry = new("TeslaSync.PriceIngest");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Amber interval {Index} was left out: {Reason}")]
    private partial void LogRejected(int index, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published prices for site {SiteId}: {Count} intervals ({Hash})")]
    private partial void LogPublished(string siteId, int count, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The 5-minute price could not be fetched ({Reason}); publishing the half-hourly prices alone")]
    private partial void LogFiveMinuteFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Joining the pushed prices with the forecast fetched at {FetchedAt:O}: {Reason}")]
    private partial void LogReusingForecast(DateTimeOffset fetchedAt, string reason);
}

/// <summary>Lets one refresh run at a time across the scoped refreshers.</summary>
internal sealed class RefreshGate : AsyncGate;
