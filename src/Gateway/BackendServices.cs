using TeslaSync.ServiceDefaults;

namespace TeslaSync.Gateway;

/// <summary>The services behind the gateway, in the order the dashboard lists them.</summary>
internal static class BackendServices
{
    public static IReadOnlyList<string> Names { get; } =
        [ResourceNames.PriceIngest, ResourceNames.TariffSync, ResourceNames.GridEvents, ResourceNames.Telemetry];
}
