using TeslaSync.Gateway.Proxy;
using TeslaSync.Gateway.Status;
using TeslaSync.ServiceDefaults;
using GridEventsClient = TeslaSync.Contracts.GridEvents.V1.GridEvents.GridEventsClient;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;
using TelemetryClient = TeslaSync.Contracts.Telemetry.V1.Telemetry.TelemetryClient;

namespace TeslaSync.Gateway;

internal static class ApplicationServiceExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.SectionName);
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName);

        builder.Services.AddGrpcClient<PriceIngestClient>(o => o.Address = ServiceAddress(ResourceNames.PriceIngest));
        builder.Services.AddGrpcClient<TariffSyncClient>(o => o.Address = ServiceAddress(ResourceNames.TariffSync));
        builder.Services.AddGrpcClient<GridEventsClient>(o => o.Address = ServiceAddress(ResourceNames.GridEvents));
        builder.Services.AddGrpcClient<TelemetryClient>(o => o.Address = ServiceAddress(ResourceNames.Telemetry));

        // A health probe must answer quickly and honestly, not retry for half a minute.
        // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt out.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<ServiceHealthProbe>(client => client.Timeout = ServiceHealthProbe.Timeout)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddScoped<SystemStatusReader>();

        builder.Services.AddReverseProxy().LoadFromMemory(
            ServiceHealthRoutes.Routes(BackendServices.Names),
            ServiceHealthRoutes.Clusters(BackendServices.Names, builder.Configuration));
    }

    /// <summary>A logical address that service discovery resolves (<c>services:{name}:http:0</c>).</summary>
    private static Uri ServiceAddress(string name) => new($"http://{name}");
}
