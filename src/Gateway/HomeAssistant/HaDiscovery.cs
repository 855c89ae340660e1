using System.Reflection;
using System.Text.Json.Nodes;

namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>
/// The discovery config of an entity (CONTRACTS.md §4): one retained message per entity, all linked to one
/// device per site, each with the availability topic the bridge's last will sets to <c>offline</c>.
/// </summary>
internal static class HaDiscovery
{
    public const string Online = "online";
    public const string Offline = "offline";
    public const string On = "ON";
    public const string Off = "OFF";
    public const string Press = "PRESS";

    private static readonly string Version =
        typeof(HaDiscovery).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static JsonObject Config(HaEntity entity, HaTopics topics, string siteId)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(topics);
        var config = new JsonObject
        {
            ["name"] = entity.Name,
            ["unique_id"] = topics.UniqueId(entity.ObjectId),
            // Keeps the entity ids of the original tool (sensor.solar_power). Home Assistant 2025.10 replaced
            // object_id with default_entity_id and 2026.4 stopped reading object_id, so only this is sent.
            ["default_entity_id"] = $"{entity.ComponentName}.{entity.ObjectId}",
            ["availability_topic"] = topics.Availability,
            ["payload_available"] = Online,
            ["payload_not_available"] = Offline,
            ["device"] = Device(topics, siteId),
            ["origin"] = new JsonObject { ["name"] = "TeslaSync", ["sw_version"] = Version },
        };

        if (entity.HasState)
        {
            config["state_topic"] = topics.State(entity.ObjectId);
        }

        if (entity.HasAttributes)
        {
            config["json_attributes_topic"] = topics.Attributes(entity.ObjectId);
        }

        if (entity.TakesCommands)
        {
            config["command_topic"] = topics.Command(entity.ObjectId);
            // A command is an action now; a retained one would repeat whenever the bridge reconnects.
            config["retain"] = false;
        }

        Add(config, "device_class", entity.DeviceClass);
        Add(config, "state_class", entity.StateClass);
        Add(config, "unit_of_measurement", entity.Unit);
        Add(config, "icon", entity.Icon);
        Add(config, "entity_category", entity.EntityCategory);
        if (entity.DisplayPrecision is { } precision)
        {
            config["suggested_display_precision"] = precision;
        }

        switch (entity.Component)
        {
            case HaComponent.Switch:
            case HaComponent.BinarySensor:
                config["payload_on"] = On;
                config["payload_off"] = Off;
                break;
            case HaComponent.Button:
                config["payload_press"] = Press;
                break;
            case HaComponent.Select:
                config["options"] = new JsonArray([.. entity.Options.Select(option => (JsonNode)option)]);
                break;
            case HaComponent.Number when entity.Range is { } range:
                config["min"] = range.Min;
                config["max"] = range.Max;
                config["step"] = range.Step;
                config["mode"] = "box";
                break;
        }

        return config;
    }

    private static JsonObject Device(HaTopics topics, string siteId) => new()
    {
        ["identifiers"] = new JsonArray(topics.NodeId),
        ["name"] = $"TeslaSync {siteId}",
        ["manufacturer"] = "TeslaSync",
        ["model"] = "Powerwall with Amber prices",
        ["sw_version"] = Version,
    };

    private static void Add(JsonObject config, string key, string? value)
    {
        if (value is not null)
        {
            config[key] = value;
        }
    }
}
