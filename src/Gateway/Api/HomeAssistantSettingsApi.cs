using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using TeslaSync.Gateway.HomeAssistant;

namespace TeslaSync.Gateway.Api;

/// <summary>
/// The Home Assistant bridge's settings as they apply now (saved here, else configured) and what the bridge
/// is doing. The password is never returned, only whether one is set. <c>source</c> is setting (saved on the
/// settings page, which replaces the configuration) or configuration.
/// </summary>
public sealed record HomeAssistantSettingsDto(
    bool Enabled,
    string? Broker,
    int Port,
    string? Username,
    bool PasswordSet,
    string DiscoveryPrefix,
    string TopicRoot,
    string Source,
    HomeAssistantBridgeState Status);

/// <summary>
/// Body of <c>PUT /api/settings/homeassistant</c>: the whole setting. An empty broker turns the bridge off;
/// port defaults to 1883 and the discovery prefix to homeassistant; password omitted/null keeps the current
/// one, "" clears it.
/// </summary>
public sealed record HomeAssistantSettingsRequest(string? Broker, int? Port, string? Username, string? Password, string? DiscoveryPrefix);

/// <summary>The Home Assistant (MQTT) bridge's broker, credentials and discovery prefix, saved in the Gateway's own database.</summary>
internal static class HomeAssistantSettingsApi
{
    public const int LongestHostName = 253;
    public const int LongestUserName = 256;
    public const int LongestPassword = 1024;
    public const int LongestDiscoveryPrefix = 256;

    public static RouteGroupBuilder MapHomeAssistantSettingsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/settings/homeassistant").WithTags("Settings");

        group.MapGet("", (IOptionsMonitor<HomeAssistantOptions> options, HomeAssistantSettingsStore store, HomeAssistantBridgeStatus status) =>
                TypedResults.Ok(Describe(options.CurrentValue, store, status)))
            .WithName("GetHomeAssistantSettings")
            .WithSummary("The Home Assistant MQTT bridge's broker, port, user name, discovery prefix and topic root, and its connection state. The password is never returned.")
            .Produces<HomeAssistantSettingsDto>();

        group.MapPut("", async (HomeAssistantSettingsRequest? body, IOptionsMonitor<HomeAssistantOptions> options, HomeAssistantSettingsStore store,
                HomeAssistantBridgeStatus status, CancellationToken ct) =>
            {
                var input = new ApiInput();
                if (body is null)
                {
                    input.Error("body", "Give the settings as a JSON object: {\"broker\": \"homeassistant.local\", \"port\": 1883}.");
                    return input.Problem();
                }

                var settings = Read(input, body, options.CurrentValue);
                if (!input.IsValid)
                {
                    return input.Problem();
                }

                await store.SaveAsync(settings!, ct);
                return TypedResults.Ok(Describe(options.CurrentValue, store, status));
            })
            .WithName("UpdateHomeAssistantSettings")
            .WithSummary("Saves the bridge's broker (\"\" = off), port, user name, password (omitted = keep, \"\" = clear) and discovery prefix; they replace the configured ones and apply at once.")
            .Produces<HomeAssistantSettingsDto>().ProducesValidationProblem();

        return api;
    }

    private static HomeAssistantSettingsDto Describe(HomeAssistantOptions options, HomeAssistantSettingsStore store, HomeAssistantBridgeStatus status) => new(
        options.Enabled,
        options.Enabled ? options.Broker!.Trim() : null,
        options.Port,
        string.IsNullOrEmpty(options.Username) ? null : options.Username,
        !string.IsNullOrEmpty(options.Password),
        options.DiscoveryPrefix,
        options.TopicRoot,
        store.Saved is null ? "configuration" : "setting",
        status.Current);

    /// <summary>The settings to save, with each bad field reported to <paramref name="input"/>.</summary>
    private static HomeAssistantSettings? Read(ApiInput input, HomeAssistantSettingsRequest body, HomeAssistantOptions current)
    {
        var defaults = new HomeAssistantOptions();

        var broker = string.IsNullOrWhiteSpace(body.Broker) ? null : body.Broker.Trim();
        if (broker is not null && BrokerProblem(broker) is { } brokerProblem)
        {
            input.Error("broker", brokerProblem);
        }

        var port = body.Port ?? defaults.Port;
        if (port is < IPEndPoint.MinPort + 1 or > IPEndPoint.MaxPort)
        {
            input.Error("port", $"The port must be a whole number from 1 to {IPEndPoint.MaxPort} (Mosquitto listens on 1883).");
        }

        var username = string.IsNullOrWhiteSpace(body.Username) ? null : body.Username;
        if (username is not null && (username.Length > LongestUserName || username.Any(char.IsControl)))
        {
            input.Error("username", $"The user name is at most {LongestUserName} characters, on one line.");
        }

        // Omitted keeps the password that applies now (saved or configured); "" clears it.
        var password = body.Password switch
        {
            null => current.Password,
            "" => null,
            var given => given,
        };
        if (body.Password is { Length: > 0 } newPassword && (newPassword.Length > LongestPassword || newPassword.Any(char.IsControl)))
        {
            input.Error("password", $"The password is at most {LongestPassword} characters, on one line.");
        }

        var prefix = body.DiscoveryPrefix is null ? defaults.DiscoveryPrefix : body.DiscoveryPrefix.Trim();
        if (DiscoveryPrefixProblem(prefix) is { } prefixProblem)
        {
            input.Error("discoveryPrefix", prefixProblem);
        }

        return input.IsValid ? new HomeAssistantSettings(broker, port, username, password, prefix) : null;
    }

    /// <summary>Why <paramref name="broker"/> is not a DNS host name or IP address (no scheme, no port), or null when it is one.</summary>
    public static string? BrokerProblem(string broker)
    {
        const string Example = "e.g. homeassistant.local or 192.168.1.10";
        if (broker.Length > LongestHostName)
        {
            return $"A host name is at most {LongestHostName} characters.";
        }

        if (broker.Contains("://", StringComparison.Ordinal))
        {
            return $"Give only the broker's host name or address, without mqtt:// or another scheme ({Example}).";
        }

        if (broker.Any(char.IsWhiteSpace))
        {
            return $"A host name has no spaces ({Example}).";
        }

        if (broker.Contains(':', StringComparison.Ordinal))
        {
            // Only an IPv6 address has colons; host:port is a port in the wrong field. IPAddress also reads
            // "[::1]:1883", which the MQTT client would not, so brackets are refused.
            return broker.IndexOfAny(['[', ']']) < 0
                && IPAddress.TryParse(broker, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
                ? null
                : $"Give only the host name or address here and the port in the Port field (an IPv6 address goes without brackets; {Example}).";
        }

        if (broker.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            var parts = broker.Split('.');
            return parts.Length == 4 && parts.All(p => p.Length is >= 1 and <= 3 && int.Parse(p, CultureInfo.InvariantCulture) <= 255)
                ? null
                : $"'{broker}' is not an IPv4 address: four numbers from 0 to 255 separated by dots ({Example}).";
        }

        var labels = broker.Split('.');
        return labels.All(IsHostLabel)
            ? null
            : $"'{broker}' is not a host name: letters, digits and hyphens, in parts of at most 63 characters separated by single dots ({Example}).";
    }

    /// <summary>Why <paramref name="prefix"/> cannot be Home Assistant's discovery prefix (an MQTT topic without wildcards), or null when it can.</summary>
    public static string? DiscoveryPrefixProblem(string prefix)
    {
        if (prefix.Length == 0)
        {
            return "Give the discovery prefix Home Assistant's MQTT integration uses (normally homeassistant).";
        }

        if (prefix.Length > LongestDiscoveryPrefix)
        {
            return $"The discovery prefix is at most {LongestDiscoveryPrefix} characters.";
        }

        if (prefix.Contains('+', StringComparison.Ordinal) || prefix.Contains('#', StringComparison.Ordinal))
        {
            return "The discovery prefix is a topic, not a filter: no + or # wildcards.";
        }

        if (!prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '/'))
        {
            return "The discovery prefix uses only letters, digits, _, - and /.";
        }

        return prefix.StartsWith('/') || prefix.EndsWith('/') || prefix.Contains("//", StringComparison.Ordinal)
            ? "The discovery prefix neither starts nor ends with / and has no empty level (//)."
            : null;
    }

    private static bool IsHostLabel(string label) =>
        label.Length is >= 1 and <= 63
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
        && label[0] != '-' && label[^1] != '-';
}
