using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;
using TeslaSync.Gateway.Api.Events;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.Gateway.Api;

/// <summary>
/// The REST API the web UI uses: thin endpoints over the services' gRPC calls, described at
/// <c>/openapi/v1.json</c>, and live updates from the event bus at <c>/api/events</c>.
/// </summary>
internal static class RestApi
{
    public static void AddRestApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<LiveEventHub>();
        builder.AddLogsApi();

        // Without Redis (a test host, or a Gateway run on its own) the API works and /api/events stays quiet.
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ResourceNames.Redis)))
        {
            return;
        }

        builder.AddRedisClient(ResourceNames.Redis);
        builder.AddRedisEventBus()
            .AddSubscription<PricesUpdated, LiveEventForwarder<PricesUpdated>>()
            .AddSubscription<TariffSynced, LiveEventForwarder<TariffSynced>>()
            .AddSubscription<SpikeStarted, LiveEventForwarder<SpikeStarted>>()
            .AddSubscription<SpikeEnded, LiveEventForwarder<SpikeEnded>>()
            .AddSubscription<CurtailmentChanged, LiveEventForwarder<CurtailmentChanged>>()
            .AddSubscription<DemandWindowChanged, LiveEventForwarder<DemandWindowChanged>>()
            .AddSubscription<LiveStatusSampled, LiveEventForwarder<LiveStatusSampled>>()
            .AddSubscription<AemoPriceUpdated, LiveEventForwarder<AemoPriceUpdated>>();
    }

    public static IEndpointRouteBuilder MapRestApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();
        endpoints.MapGroup("/api")
            .MapPricesApi()
            .MapTariffApi()
            .MapGridApi()
            .MapGridSettingsApi()
            .MapProfilesApi()
            .MapTelemetryApi()
            .MapAccountsApi()
            .MapHomeAssistantSettingsApi()
            .MapLogsApi()
            .MapEventStreamApi();
        return endpoints;
    }

}
