using Microsoft.Extensions.DependencyInjection.Extensions;
using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;
using TeslaSync.ServiceDefaults;
using TariffOverridesClient = TeslaSync.Contracts.TariffSync.V1.TariffOverrides.TariffOverridesClient;

namespace TeslaSync.Gateway.HomeAssistant;

internal static class HomeAssistantBridgeServiceExtensions
{
    /// <summary>
    /// The MQTT bridge and what it reads and commands with. It runs always and idles while no broker is set;
    /// bus events (when the Gateway has Redis) make it re-read at once instead of at its next refresh.
    /// </summary>
    public static void AddHomeAssistantBridge(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HomeAssistantOptions>().BindConfiguration(HomeAssistantOptions.SectionName);
        services.TryAddSingleton<HomeAssistantBridgeStatus>();
        services.AddGrpcClient<TariffOverridesClient>(o => o.Address = new Uri($"http://{ResourceNames.TariffSync}"));
        services.AddSingleton<HaCommandMemory>();
        services.AddSingleton<HaSourceHealth>();
        services.AddSingleton<HaRefreshSignal>();
        services.AddScoped<HaStateReader>();
        services.AddScoped<HaCommandHandler>();
        services.AddHostedService<HomeAssistantBridge>();

        new EventBusBuilder(services)
            .AddSubscription<PricesUpdated, HaRefreshOnEvent<PricesUpdated>>()
            .AddSubscription<TariffSynced, HaRefreshOnEvent<TariffSynced>>()
            .AddSubscription<LiveStatusSampled, HaRefreshOnEvent<LiveStatusSampled>>()
            .AddSubscription<DemandWindowChanged, HaRefreshOnEvent<DemandWindowChanged>>();
    }
}
