using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Mapping;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Contracts.TariffSync.V1;
using PriceChannel = TeslaSync.Domain.Prices.PriceChannel;
using PriceInterval = TeslaSync.Domain.Prices.PriceInterval;
using TeslaSync.ServiceDefaults;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.Gateway.Status;

/// <summary>
/// Gathers the system status from the services. Each part fails on its own: a service that is
/// down leaves its part empty with the reason, and the rest still shows.
/// </summary>
internal sealed class SystemStatusReader(
    PriceIngestClient priceIngest,
    TariffSyncClient tariffSync,
    ServiceHealthProbe health,
    IOptions<SiteOptions> site,
    IOptions<GatewayOptions> gateway,
    TimeProvider time)
{
    private const int UpcomingIntervals = 6;
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(5);

    public async Task<SystemStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var siteId = site.Value.Id;
        var prices = ReadPricesAsync(siteId, cancellationToken);
        var lastSync = ReadLastSyncAsync(siteId, cancellationToken);
        var services = BackendServices.Names.ToDictionary(name => name, name => health.ProbeAsync(name, cancellationToken));
        await Task.WhenAll([prices, lastSync, .. services.Values]);

        var serviceHealth = services.ToDictionary(entry => entry.Key, entry => entry.Value.Result);
        serviceHealth[ResourceNames.Gateway] = "healthy";
        return new SystemStatus(
            siteId,
            gateway.Value.DemoMode,
            time.GetUtcNow(),
            prices.Result.Value,
            prices.Result.Error,
            lastSync.Result.Value,
            lastSync.Result.Error,
            serviceHealth);
    }

    private async Task<(PriceSummary? Value, string? Error)> ReadPricesAsync(string siteId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await priceIngest.GetCurrentPricesAsync(
                new GetCurrentPricesRequest { SiteId = siteId }, deadline: Deadline(), cancellationToken: cancellationToken);
            var intervals = response.Intervals.Select(interval => interval.ToDomain()).ToList();
            return (Summarise(response.ReceivedAt.ToDateTimeOffset(), intervals), null);
        }
        catch (RpcException exception)
        {
            return (null, Describe("PriceIngest", exception));
        }
    }

    private async Task<(LastSyncView? Value, string? Error)> ReadLastSyncAsync(string siteId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await tariffSync.GetLastSyncAsync(
                new GetLastSyncRequest { SiteId = siteId }, deadline: Deadline(), cancellationToken: cancellationToken);
            if (response.Last is not { } last)
            {
                return (null, "No sync has run yet.");
            }

            var status = last.Status.ToString().ToLowerInvariant();
            return (new LastSyncView(status, last.At.ToDateTimeOffset(), last.Reason.Length > 0 ? last.Reason : null, last.ReadBackMatched), null);
        }
        catch (RpcException exception)
        {
            return (null, Describe("TariffSync", exception));
        }
    }

    /// <summary>Pairs each general interval with the feed-in interval of the same time.</summary>
    private PriceSummary Summarise(DateTimeOffset receivedAt, IReadOnlyList<PriceInterval> intervals)
    {
        var feedIn = intervals.Where(i => i.Channel == PriceChannel.FeedIn).ToDictionary(i => i.Start);
        var rows = intervals
            .Where(i => i.Channel == PriceChannel.General)
            .OrderBy(i => i.Start)
            .Select(general =>
            {
                var sell = feedIn.TryGetValue(general.Start, out var f) ? -f.PerKwh : (decimal?)null;
                return new PriceNow(general.Start, general.End, general.Kind.ToString().ToLowerInvariant(),
                    general.PerKwh, sell, general.Descriptor, general.SpikeStatus.ToString().ToLowerInvariant(), general.Renewables);
            })
            .ToList();

        var now = time.GetUtcNow();
        var current = rows.FirstOrDefault(row => row.Start <= now && now < row.End) ?? rows.FirstOrDefault(row => row.Kind == "current");
        var upcoming = rows.Where(row => row.Start >= (current?.End ?? now)).Take(UpcomingIntervals).ToList();
        return new PriceSummary(receivedAt, current, upcoming);
    }

    /// <summary>A transport deadline is wall-clock time, whatever clock the rest of the logic runs on.</summary>
    private static DateTime Deadline() => DateTime.UtcNow + CallDeadline;

    private static string Describe(string service, RpcException exception) => exception.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => $"{service} is not reachable.",
        _ => exception.Status.Detail,
    };
}
