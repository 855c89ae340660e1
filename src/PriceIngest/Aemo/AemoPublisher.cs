using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;
using TeslaSync.PriceIngest.Aemo.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.PriceIngest.Aemo;

/// <summary>
/// Publishes the newest stored price of the site's region as <see cref="AemoPriceUpdated"/> when its
/// interval is newer than the last one published, or its value differs for the same interval. A spike
/// decision downstream reacts to each event, so the same interval and value go out once, ever.
/// </summary>
internal sealed partial class AemoPublisher(
    SiteRegionResolver regions,
    AemoPriceStore store,
    IEventBus bus,
    IOptions<SiteOptions> site,
    IOptions<AemoIngestionOptions> options,
    TimeProvider time,
    ILogger<AemoPublisher> logger)
{
    public async Task<bool> PublishIfNewAsync(CancellationToken cancellationToken)
    {
        if ((await regions.ResolveAsync(cancellationToken)).Region is not { } region ||
            await store.LatestAsync(region, cancellationToken) is not { } latest)
        {
            return false;
        }

        var now = time.GetUtcNow();
        // After an outage the newest stored price may be hours old: it must not look like news.
        if (now - latest.IntervalEnd > options.Value.StaleAfter)
        {
            return false;
        }

        var siteId = site.Value.Id;
        var last = await store.LastPublicationAsync(siteId, region, cancellationToken);
        if (last is not null &&
            (latest.IntervalEnd < last.IntervalEnd || (latest.IntervalEnd == last.IntervalEnd && latest.RrpPerMwh == last.RrpPerMwh)))
        {
            return false;
        }

        await bus.PublishAsync(
            new AemoPriceUpdated
            {
                SiteId = siteId,
                OccurredAt = now,
                Region = region,
                IntervalEnd = latest.IntervalEnd,
                RrpPerMwh = latest.RrpPerMwh,
                Firm = latest.Firm,
                Source = latest.Source,
                ReceivedAt = latest.ReceivedAt,
            },
            cancellationToken);
        // Recorded only once published: a publish that failed is retried at the next poll.
        await store.RecordPublicationAsync(siteId, latest, now, cancellationToken);
        LogPublished(region, latest.IntervalEnd, latest.RrpPerMwh, latest.Firm, latest.Source);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Published AEMO price {Region} interval ending {IntervalEnd:u}: {RrpPerMwh} $/MWh (firm: {Firm}, from {Source})")]
    private partial void LogPublished(Domain.Sites.NemRegion region, DateTimeOffset intervalEnd, decimal rrpPerMwh, bool firm, AemoPriceSource source);
}
