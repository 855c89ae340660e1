namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>
/// The Home Assistant MQTT bridge, bound from the <c>HomeAssistant</c> section and overlaid by what the
/// user saved on the settings page. No broker = the bridge is off.
/// </summary>
public sealed class HomeAssistantOptions
{
    public const string SectionName = "HomeAssistant";

    /// <summary>The MQTT broker's host name or address (e.g. the Mosquitto add-on's <c>homeassistant.local</c>); empty = off.</summary>
    public string? Broker { get; set; }

    public int Port { get; set; } = 1883;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Home Assistant's discovery prefix (its MQTT integration's setting).</summary>
    public string DiscoveryPrefix { get; set; } = "homeassistant";

    /// <summary>Where TeslaSync's own state, attribute, command and availability topics live.</summary>
    public string TopicRoot { get; set; } = "teslasync";

    /// <summary>Every state is published again at least this often, changed or not.</summary>
    public TimeSpan StateRefreshInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the bridge waits before trying a broker again after it went away or refused.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(Broker);
}
