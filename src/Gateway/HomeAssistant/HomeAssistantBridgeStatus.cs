namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>What the bridge is doing, for the settings page: off, connecting, connected, or why it is not.</summary>
public sealed record HomeAssistantBridgeState(string State, string? Broker, DateTimeOffset? Since, string? LastError)
{
    public const string Off = "off";
    public const string Connecting = "connecting";
    public const string Connected = "connected";
    public const string Failed = "failed";

    public static HomeAssistantBridgeState Disabled { get; } = new(Off, null, null, null);
}

/// <summary>The bridge's current <see cref="HomeAssistantBridgeState"/>, shared between the bridge (writer) and the REST API (reader).</summary>
public sealed class HomeAssistantBridgeStatus
{
    private HomeAssistantBridgeState _current = HomeAssistantBridgeState.Disabled;

    public HomeAssistantBridgeState Current => Volatile.Read(ref _current);

    public void Set(HomeAssistantBridgeState state) => Volatile.Write(ref _current, state);
}
