using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.GridEvents.Grpc;

/// <summary>GridEvents' gRPC face.</summary>
internal sealed class GridEventsService(GridState state, IOptions<SiteOptions> site) : Contracts.GridEvents.V1.GridEvents.GridEventsBase
{
    public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var siteId = site.Value.Resolve(request.SiteId)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Unknown site '{request.SiteId}'."));
        return Task.FromResult(new GetStatusResponse
        {
            SiteId = siteId,
            SpikeState = SpikeState.Normal,
            Curtailed = false,
            Since = Timestamp.FromDateTimeOffset(state.Since),
        });
    }
}
