using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Telemetry.V1;
using TeslaSync.ServiceDefaults;
using TeslaSync.Telemetry.LiveStatus;

namespace TeslaSync.Telemetry.Grpc;

/// <summary>Telemetry's gRPC face.</summary>
internal sealed class TelemetryService(LatestLiveStatus latest, IOptions<SiteOptions> site) : Contracts.Telemetry.V1.Telemetry.TelemetryBase
{
    public override Task<GetLiveStatusResponse> GetLiveStatus(GetLiveStatusRequest request, ServerCallContext context)
    {
        var siteId = site.Value.Resolve(request.SiteId)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Unknown site '{request.SiteId}'."));
        var sample = latest.Get(siteId);
        return Task.FromResult(sample is null
            ? new GetLiveStatusResponse { SiteId = siteId, Available = false }
            : new GetLiveStatusResponse
            {
                SiteId = siteId,
                Available = true,
                SampledAt = Timestamp.FromDateTimeOffset(sample.SampledAt),
                SolarPowerW = sample.SolarPowerW,
                BatteryPowerW = sample.BatteryPowerW,
                GridPowerW = sample.GridPowerW,
                LoadPowerW = sample.LoadPowerW,
                StateOfChargePercent = sample.StateOfChargePercent,
                GridStatus = sample.GridStatus,
            });
    }
}
