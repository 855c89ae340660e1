using System.Text.RegularExpressions;

namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>
/// Where one site's messages go. Discovery configs live under Home Assistant's prefix with the site's
/// node id (<c>homeassistant/sensor/teslasync_home/solar_power/config</c>); states, attributes, commands
/// and availability under TeslaSync's own root (<c>teslasync/home/solar_power/state</c>).
/// </summary>
internal sealed partial class HaTopics
{
    private readonly string _prefix;
    private readonly string _base;

    public HaTopics(HomeAssistantOptions options, string siteId)
    {
        ArgumentNullException.ThrowIfNull(options);
        var site = Safe(siteId);
        _prefix = options.DiscoveryPrefix.Trim('/');
        _base = $"{options.TopicRoot.Trim('/')}/{site}";
        NodeId = $"teslasync_{site}";
    }

    /// <summary>The site's device id in Home Assistant, and the discovery node id.</summary>
    public string NodeId { get; }

    public string Availability => $"{_base}/availability";

    /// <summary>Home Assistant's birth and last-will topic: <c>online</c> after it (re)starts.</summary>
    public string HomeAssistantStatus => $"{_prefix}/status";

    /// <summary>Every command topic of the site.</summary>
    public string CommandFilter => $"{_base}/+/set";

    /// <summary>Every discovery config this site's device has, by any bridge version.</summary>
    public string ConfigFilter => $"{_prefix}/+/{NodeId}/+/config";

    public string Config(HaEntity entity) => Config(entity.ComponentName, entity.ObjectId);

    public string Config(string component, string objectId) => $"{_prefix}/{component}/{NodeId}/{objectId}/config";

    public string State(string objectId) => $"{_base}/{objectId}/state";

    public string Attributes(string objectId) => $"{_base}/{objectId}/attributes";

    public string Command(string objectId) => $"{_base}/{objectId}/set";

    public string UniqueId(string objectId) => $"{NodeId}_{objectId}";

    /// <summary>The object id a command topic names, or null when the topic is not one of this site's commands.</summary>
    public string? CommandObjectId(string topic)
    {
        var prefix = _base + "/";
        if (!topic.StartsWith(prefix, StringComparison.Ordinal) || !topic.EndsWith("/set", StringComparison.Ordinal))
        {
            return null;
        }

        var objectId = topic[prefix.Length..^"/set".Length];
        return objectId.Length > 0 && !objectId.Contains('/', StringComparison.Ordinal) ? objectId : null;
    }

    /// <summary>The component and object id of one of this site's discovery config topics, or null.</summary>
    public (string Component, string ObjectId)? ParseConfig(string topic)
    {
        var parts = topic.Split('/');
        var prefixParts = _prefix.Split('/').Length;
        return parts.Length == prefixParts + 4 && parts[prefixParts + 1] == NodeId && parts[^1] == "config"
            ? (parts[prefixParts], parts[prefixParts + 2])
            : null;
    }

    /// <summary>Discovery ids allow only <c>[a-zA-Z0-9_-]</c>; a site id is made to fit.</summary>
    private static string Safe(string siteId) => UnsafeCharacters().Replace(siteId, "_");

    [GeneratedRegex("[^a-zA-Z0-9_-]")]
    private static partial Regex UnsafeCharacters();
}
