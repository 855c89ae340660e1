using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TeslaSync.Contracts.PriceIngest.V1;
using IntervalKind = TeslaSync.Domain.Prices.IntervalKind;
using PriceInterval = TeslaSync.Domain.Prices.PriceInterval;
using SpikeStatus = TeslaSync.Domain.Prices.SpikeStatus;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;
using WireChannel = TeslaSync.Contracts.PriceIngest.V1.PriceChannel;

namespace TeslaSync.Telemetry.Billing;

/// <summary>The prices in force over a range, or why there are none.</summary>
/// <param name="Prices">General and feed-in prices (feed-in in Amber's sign: negative = paid to export).</param>
/// <param name="Unavailable">Null when PriceIngest answered; else a message saying why cost cannot be shown.</param>
internal sealed record PriceLookup(IReadOnlyList<PriceInterval> Prices, string? Unavailable)
{
    public bool Available => Unavailable is null;
}

/// <summary>
/// Asks PriceIngest for the general and feed-in prices of [from, to) at 5-minute resolution and turns
/// each point into a price interval (settled, unless PriceIngest says part of it is still a forecast).
/// PriceIngest being unreachable is an answer, not a failure: the caller shows energy without cost.
/// </summary>
internal sealed class PriceIngestPriceSource(PriceIngestClient priceIngest, ILogger<PriceIngestPriceSource> logger)
{
    internal const int ResolutionMinutes = 5;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    public async Task<PriceLookup> PricesAsync(string siteId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        try
        {
            var general = await ChannelAsync(siteId, WireChannel.General, Domain.Prices.PriceChannel.General, from, to, cancellationToken);
            var feedIn = await ChannelAsync(siteId, WireChannel.FeedIn, Domain.Prices.PriceChannel.FeedIn, from, to, cancellationToken);
            return new PriceLookup([.. general, .. feedIn], null);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Prices for {From:O}–{To:O} could not be had from PriceIngest: {Status} {Detail}", from, to, ex.StatusCode, ex.Status.Detail);
            return new PriceLookup([], $"Cost is unavailable: PriceIngest did not give the prices ({ex.StatusCode}: {ex.Status.Detail}).");
        }
    }

    private async Task<IEnumerable<PriceInterval>> ChannelAsync(string siteId, WireChannel channel, Domain.Prices.PriceChannel domainChannel,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var response = await priceIngest.GetPriceHistoryAsync(new GetPriceHistoryRequest
        {
            SiteId = siteId,
            Channel = channel,
            From = Timestamp.FromDateTimeOffset(from),
            To = Timestamp.FromDateTimeOffset(to),
            ResolutionMinutes = ResolutionMinutes,
        }, deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
        return response.Points
            .Where(point => point.Start is not null && point.MeanPerKwh is not null)
            .Select(point =>
            {
                var start = point.Start.ToDateTimeOffset();
                var minutes = point.Minutes > 0 ? point.Minutes : ResolutionMinutes;
                return new PriceInterval(
                    domainChannel,
                    point.IncludesForecast ? IntervalKind.Forecast : IntervalKind.Actual,
                    start,
                    start.AddMinutes(minutes),
                    point.MeanPerKwh.ToDecimal(),
                    0m,
                    SpikeStatus.None,
                    string.Empty,
                    0);
            })
            .ToList();
    }
}
