using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Domain.Sites;
using TeslaSync.PriceIngest.Aemo.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.PriceIngest.Aemo.Grpc;

/// <summary>The AEMO prices PriceIngest stored: latest per region, history and daily maxima.</summary>
internal sealed class AemoPricesService(
    AemoPriceStore store,
    SiteRegionResolver regions,
    IOptions<SiteOptions> site) : AemoPrices.AemoPricesBase
{
    /// <summary>Longest range one call may ask for: a year of daily maxima, a little more than the default retention.</summary>
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(400);

    public override async Task<GetLatestAemoPricesResponse> GetLatestAemoPrices(GetLatestAemoPricesRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        var siteRegion = await regions.ResolveAsync(context.CancellationToken);
        IEnumerable<NemRegion> wanted = request switch
        {
            { SiteRegionOnly: true } => [siteRegion.Region ?? throw Unknown(siteRegion)],
            { Region: not AemoRegion.Unspecified } => [RegionOf(request.Region)],
            _ => AemoRegions.All,
        };

        var response = new GetLatestAemoPricesResponse
        {
            SiteId = siteId,
            SiteRegion = siteRegion.Region?.ToMessage() ?? AemoRegion.Unspecified,
            SiteRegionProblem = siteRegion.Problem ?? string.Empty,
        };
        foreach (var region in wanted)
        {
            if (await store.LatestAsync(region, context.CancellationToken) is { } latest)
            {
                response.Prices.Add(latest.ToMessage());
            }
        }

        return response;
    }

    public override async Task<GetAemoPriceHistoryResponse> GetAemoPriceHistory(GetAemoPriceHistoryRequest request, ServerCallContext context)
    {
        SiteIdOf(request.SiteId);
        var region = await RegionOrSiteRegionAsync(request.Region, context.CancellationToken);
        if (request.From is null || request.To is null)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "from and to are required."));
        }

        var (from, to) = (request.From.ToDateTimeOffset(), request.To.ToDateTimeOffset());
        CheckRange(to - from);
        var prices = await store.HistoryAsync(region, from, to, context.CancellationToken);
        var response = new GetAemoPriceHistoryResponse { Region = region.ToMessage() };
        response.Prices.AddRange(prices.Select(p => p.ToMessage()));
        return response;
    }

    public override async Task<GetAemoDailyMaximaResponse> GetAemoDailyMaxima(GetAemoDailyMaximaRequest request, ServerCallContext context)
    {
        SiteIdOf(request.SiteId);
        var region = await RegionOrSiteRegionAsync(request.Region, context.CancellationToken);
        var (from, to) = (DateOf(request.FromDate, "from_date"), DateOf(request.ToDate, "to_date"));
        CheckRange(TimeSpan.FromDays(to.DayNumber - from.DayNumber));
        var days = await store.DailyMaximaAsync(region, from, to, context.CancellationToken);
        var response = new GetAemoDailyMaximaResponse { Region = region.ToMessage() };
        response.Days.AddRange(days.Select(d => d.ToMessage()));
        return response;
    }

    private async Task<NemRegion> RegionOrSiteRegionAsync(AemoRegion requested, CancellationToken cancellationToken)
    {
        if (requested != AemoRegion.Unspecified)
        {
            return RegionOf(requested);
        }

        var siteRegion = await regions.ResolveAsync(cancellationToken);
        return siteRegion.Region ?? throw Unknown(siteRegion);
    }

    private static NemRegion RegionOf(AemoRegion region) =>
        region.ToDomain() ?? throw new RpcException(new Status(StatusCode.InvalidArgument, $"Unknown region {region}."));

    private static RpcException Unknown(SiteRegion siteRegion) =>
        new(new Status(StatusCode.FailedPrecondition, siteRegion.Problem ?? "The site's NEM region is unknown; set Aemo:Region."));

    private static void CheckRange(TimeSpan range)
    {
        if (range < TimeSpan.Zero)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The range ends before it starts."));
        }

        if (range > MaxRange)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"The range is longer than {MaxRange.TotalDays:F0} days."));
        }
    }

    private static DateOnly DateOf(string text, string field) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} must be a date written YYYY-MM-DD."));

    private string SiteIdOf(string requested) =>
        site.Value.Resolve(requested) ?? throw new RpcException(new Status(StatusCode.NotFound, $"Unknown site '{requested}'."));
}
