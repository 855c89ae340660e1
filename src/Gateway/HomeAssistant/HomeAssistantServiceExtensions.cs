using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;
using TeslaSync.ServiceDefaults;
using TeslaSync.ServiceDefaults.Secrets;
using TariffOverridesClient = TeslaSync.Contracts.TariffSync.V1.TariffOverrides.TariffOverridesClient;

namespace TeslaSync.Gateway.HomeAssistant;

internal static class HomeAssistantServiceExtensions
{
    /// <summary>
    /// The Home Assistant MQTT bridge: its options (the <c>HomeAssistant</c> section, overlaid by the settings
    /// saved on the settings page, which replace it once saved), its status, and the bridge itself with what it
    /// reads and commands through. The bridge always runs and idles while no broker is set; bus events (when
    /// the Gateway has Redis) make it re-read at once instead of at its next refresh.
    /// </summary>
    public static void AddHomeAssistant(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HomeAssistantOptions>().BindConfiguration(HomeAssistantOptions.SectionName);
        services.AddStoredSecret<HomeAssistantSettingsStore, HomeAssistantOptions>(
            (options, json) => HomeAssistantSettings.FromJson(json)?.ApplyTo(options));
        services.AddSingleton<HomeAssistantBridgeStatus>();

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
