using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Mapping;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Integrations.Amber;
using TeslaSync.PriceIngest.Prices;
using TeslaSync.PriceIngest.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.PriceIngest.Grpc;

/// <summary>PriceIngest's gRPC face: maps messages, calls the domain, turns failures into statuses.</summary>
internal sealed partial class PriceIngestService(
    PriceSnapshotStore store,
    PriceHistoryStore history,
    SiteChoiceStore choices,
    IAmberClient amber,
    TimeProvider time,
    PriceRefresher refresher,
    Accounts.AmberSettings amberSettings,
    IOptions<SiteOptions> site) : Contracts.PriceIngest.V1.PriceIngest.PriceIngestBase
{
    public override async Task<GetCurrentPricesResponse> GetCurrentPrices(GetCurrentPricesRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        var latest = await store.LatestAsync(siteId, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"No prices have been received for site '{siteId}' yet."));

        var response = new GetCurrentPricesResponse { SiteId = siteId, ReceivedAt = Timestamp.FromDateTimeOffset(latest.ReceivedAt) };
        response.Intervals.AddRange(latest.Intervals.Select(interval => interval.ToMessage()));
        return response;
    }

    public override async Task<RefreshPricesResponse> RefreshPrices(RefreshPricesRequest request, ServerCallContext context)
    {
        SiteIdOf(request.SiteId);
        try
        {
            var outcome = await refresher.RefreshAsync(context.CancellationToken);
            return new RefreshPricesResponse { Published = outcome.Published, Detail = outcome.Detail };
        }
        catch (SiteSelectionRequiredException exception)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, exception.Message));
        }
        catch (Integrations.Amber.AmberApiException exception)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"Amber answered: {exception.Message}"));
        }
    }

    private string SiteIdOf(string requested) =>
        site.Value.Resolve(requested) ?? throw new RpcException(new Status(StatusCode.NotFound, $"Unknown site '{requested}'."));
}
