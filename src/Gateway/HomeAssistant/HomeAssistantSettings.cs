using System.Text.Json;

namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>
/// The bridge's settings as the user saved them on the settings page. Once saved they replace the
/// configured <see cref="HomeAssistantOptions.Broker"/>, port, credentials and discovery prefix entirely:
/// a saved empty broker turns the bridge off even when configuration names one. The topic root and the
/// timings stay as configured.
/// </summary>
public sealed record HomeAssistantSettings(string? Broker, int Port, string? Username, string? Password, string DiscoveryPrefix)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void ApplyTo(HomeAssistantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Broker = Broker;
        options.Port = Port;
        options.Username = Username;
        options.Password = Password;
        options.DiscoveryPrefix = DiscoveryPrefix;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The settings from their stored JSON, or null when it is not theirs.</summary>
    public static HomeAssistantSettings? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<HomeAssistantSettings>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
