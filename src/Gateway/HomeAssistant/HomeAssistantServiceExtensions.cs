using TeslaSync.ServiceDefaults.Secrets;

namespace TeslaSync.Gateway.HomeAssistant;

internal static class HomeAssistantServiceExtensions
{
    /// <summary>
    /// The bridge's options (the <c>HomeAssistant</c> section, overlaid by the settings saved on the settings
    /// page, which replace it once saved) and its status.
    /// </summary>
    public static void AddHomeAssistantSettings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HomeAssistantOptions>().BindConfiguration(HomeAssistantOptions.SectionName);
        builder.Services.AddStoredSecret<HomeAssistantSettingsStore, HomeAssistantOptions>(
            (options, json) => HomeAssistantSettings.FromJson(json)?.ApplyTo(options));
        builder.Services.AddSingleton<HomeAssistantBridgeStatus>();
    }
}
