using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TeslaSync.Gateway.FunctionalTests.HomeAssistant;

/// <summary>
/// Checks one single-component MQTT discovery message the way Home Assistant would read it
/// (shared/docs/CONTRACTS.md §4, HA core's sensor/binary_sensor/number constants), plus the
/// rules our bridge sets itself: every entity has a unique_id usable as an object id, a device
/// and an availability topic. Returns every problem found, so a failing assertion shows all of them.
/// </summary>
/// <remarks>
/// Device-based discovery (<c>&lt;prefix&gt;/device/&lt;object_id&gt;/config</c> with <c>cmps</c>) is
/// not covered: its topic is reported as an unsupported component. Unit checks cover the device
/// classes our bridge could use (power, energy, battery, monetary, duration, electrical,
/// temperature, humidity, frequency, …); other known device classes accept any unit.
/// </remarks>
internal static partial class HaDiscoveryRules
{
    public const string DefaultPrefix = "homeassistant";

    /// <summary>The components our bridge publishes.</summary>
    public static readonly IReadOnlySet<string> Components =
        new HashSet<string>(StringComparer.Ordinal) { "sensor", "binary_sensor", "switch", "button", "select", "number" };

    /// <summary>Abbreviations of root (and availability entry) keys, as HA expands them before validating.</summary>
    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal)
    {
        ["act_t"] = "action_topic",
        ["avty"] = "availability",
        ["avty_mode"] = "availability_mode",
        ["avty_t"] = "availability_topic",
        ["avty_tpl"] = "availability_template",
        ["cmd_t"] = "command_topic",
        ["cmd_tpl"] = "command_template",
        ["cmps"] = "components",
        ["def_ent_id"] = "default_entity_id",
        ["dev"] = "device",
        ["dev_cla"] = "device_class",
        ["e"] = "encoding",
        ["en"] = "enabled_by_default",
        ["ent_cat"] = "entity_category",
        ["ent_pic"] = "entity_picture",
        ["exp_aft"] = "expire_after",
        ["frc_upd"] = "force_update",
        ["ic"] = "icon",
        ["json_attr_t"] = "json_attributes_topic",
        ["json_attr_tpl"] = "json_attributes_template",
        ["lrst_t"] = "last_reset_topic",
        ["lrst_val_tpl"] = "last_reset_value_template",
        ["o"] = "origin",
        ["obj_id"] = "object_id",
        ["opt"] = "optimistic",
        ["ops"] = "options",
        ["p"] = "platform",
        ["pl_avail"] = "payload_available",
        ["pl_not_avail"] = "payload_not_available",
        ["pl_off"] = "payload_off",
        ["pl_on"] = "payload_on",
        ["pl_prs"] = "payload_press",
        ["ret"] = "retain",
        ["stat_cla"] = "state_class",
        ["stat_off"] = "state_off",
        ["stat_on"] = "state_on",
        ["stat_t"] = "state_topic",
        ["stat_tpl"] = "state_template",
        ["sug_dsp_prc"] = "suggested_display_precision",
        ["t"] = "topic",
        ["uniq_id"] = "unique_id",
        ["unit_of_meas"] = "unit_of_measurement",
        ["val_tpl"] = "value_template",
    };

    private static readonly Dictionary<string, string> DeviceAbbreviations = new(StringComparer.Ordinal)
    {
        ["cns"] = "connections",
        ["cu"] = "configuration_url",
        ["hw"] = "hw_version",
        ["ids"] = "identifiers",
        ["mdl"] = "model",
        ["mdl_id"] = "model_id",
        ["mf"] = "manufacturer",
        ["sa"] = "suggested_area",
        ["sn"] = "serial_number",
        ["sw"] = "sw_version",
        ["via_dev"] = "via_device",
    };

    private static readonly Dictionary<string, string> OriginAbbreviations = new(StringComparer.Ordinal)
    {
        ["sw"] = "sw_version",
        ["url"] = "support_url",
    };

    /// <summary>HA's SensorDeviceClass values (date, enum and timestamp are the non-numeric ones).</summary>
    private static readonly HashSet<string> SensorDeviceClasses = new(StringComparer.Ordinal)
    {
        "date", "enum", "timestamp",
        "absolute_humidity", "apparent_power", "aqi", "area", "atmospheric_pressure", "battery",
        "blood_glucose_concentration", "carbon_dioxide", "carbon_monoxide", "conductivity", "current",
        "data_rate", "data_size", "distance", "duration", "energy", "energy_distance", "energy_storage",
        "frequency", "gas", "humidity", "illuminance", "irradiance", "moisture", "monetary",
        "nitrogen_dioxide", "nitrogen_monoxide", "nitrous_oxide", "ozone", "ph", "pm1", "pm10", "pm25",
        "power", "power_factor", "precipitation", "precipitation_intensity", "pressure", "reactive_energy",
        "reactive_power", "signal_strength", "sound_pressure", "speed", "sulphur_dioxide", "temperature",
        "temperature_delta", "volatile_organic_compounds", "volatile_organic_compounds_parts", "voltage",
        "volume", "volume_flow_rate", "volume_storage", "water", "weight", "wind_direction", "wind_speed",
    };

    private static readonly HashSet<string> NonNumericSensorClasses = new(StringComparer.Ordinal) { "date", "enum", "timestamp" };

    /// <summary>HA's NumberDeviceClass mirrors the numeric sensor device classes.</summary>
    private static readonly HashSet<string> NumberDeviceClasses =
        new(SensorDeviceClasses.Except(NonNumericSensorClasses), StringComparer.Ordinal);

    private static readonly HashSet<string> BinarySensorDeviceClasses = new(StringComparer.Ordinal)
    {
        "battery", "battery_charging", "carbon_monoxide", "cold", "connectivity", "door", "garage_door",
        "gas", "heat", "light", "lock", "moisture", "motion", "moving", "occupancy", "opening", "plug",
        "power", "presence", "problem", "running", "safety", "smoke", "sound", "tamper", "update",
        "vibration", "window",
    };

    private static readonly HashSet<string> SwitchDeviceClasses = new(StringComparer.Ordinal) { "outlet", "switch" };

    private static readonly HashSet<string> ButtonDeviceClasses = new(StringComparer.Ordinal) { "identify", "restart", "update" };

    private static readonly HashSet<string> StateClasses = new(StringComparer.Ordinal) { "measurement", "measurement_angle", "total", "total_increasing" };

    private static readonly string[] EnergyUnits = ["Wh", "kWh", "MWh", "GWh", "TWh", "mWh", "J", "kJ", "MJ", "GJ", "cal", "kcal", "Mcal", "Gcal"];

    private static readonly string[] TemperatureUnits = ["°C", "°F", "K"];

    /// <summary>Units HA accepts per device class (HA core DEVICE_CLASS_UNITS), for the classes checked here.</summary>
    private static readonly Dictionary<string, HashSet<string>> DeviceClassUnits = new(StringComparer.Ordinal)
    {
        ["apparent_power"] = ["mVA", "VA", "kVA"],
        ["battery"] = ["%"],
        ["current"] = ["A", "mA"],
        ["duration"] = ["d", "h", "min", "s", "ms", "µs"],
        ["energy"] = [.. EnergyUnits],
        ["energy_storage"] = [.. EnergyUnits],
        ["frequency"] = ["Hz", "kHz", "MHz", "GHz"],
        ["humidity"] = ["%"],
        ["illuminance"] = ["lx"],
        ["moisture"] = ["%"],
        ["power"] = ["W", "kW", "MW", "GW", "TW", "mW", "BTU/h"],
        ["reactive_power"] = ["mvar", "var", "kvar"],
        ["signal_strength"] = ["dB", "dBm"],
        ["temperature"] = [.. TemperatureUnits],
        ["temperature_delta"] = [.. TemperatureUnits],
        ["voltage"] = ["V", "mV", "µV", "kV", "MV"],
        ["wind_direction"] = ["°"],
    };

    /// <summary>State classes HA accepts per device class (HA core DEVICE_CLASS_STATE_CLASSES); classes not listed take measurement, total or total_increasing.</summary>
    private static readonly Dictionary<string, HashSet<string>> DeviceClassStateClasses = new(StringComparer.Ordinal)
    {
        ["apparent_power"] = ["measurement"],
        ["battery"] = ["measurement"],
        ["current"] = ["measurement"],
        ["date"] = [],
        ["duration"] = ["measurement", "total", "total_increasing"],
        ["energy"] = ["total", "total_increasing"],
        ["energy_storage"] = ["measurement"],
        ["enum"] = [],
        ["frequency"] = ["measurement"],
        ["gas"] = ["total", "total_increasing"],
        ["humidity"] = ["measurement"],
        ["illuminance"] = ["measurement"],
        ["monetary"] = ["total"],
        ["moisture"] = ["measurement"],
        ["power"] = ["measurement"],
        ["power_factor"] = ["measurement"],
        ["reactive_power"] = ["measurement"],
        ["signal_strength"] = ["measurement"],
        ["temperature"] = ["measurement"],
        ["temperature_delta"] = ["measurement"],
        ["timestamp"] = [],
        ["voltage"] = ["measurement"],
        ["volume"] = ["total", "total_increasing"],
        ["water"] = ["total", "total_increasing"],
        ["wind_direction"] = ["measurement_angle"],
    };

    /// <summary>
    /// Every problem with one discovery message; empty when HA would accept it and it follows our rules.
    /// </summary>
    /// <param name="topic">The discovery topic, e.g. <c>homeassistant/sensor/teslasync_battery/config</c>.</param>
    /// <param name="payloadJson">The config payload as published.</param>
    /// <param name="requireAvailability">Our bridge always declares availability; HA's own examples often do not.</param>
    /// <param name="requireDeviceName">
    /// Our bridge names its device in every config; HA also lets a config link to a device by identifiers only.
    /// </param>
    /// <param name="discoveryPrefix">The discovery prefix the topic must start with.</param>
    public static IReadOnlyList<string> Problems(
        string topic,
        string payloadJson,
        bool requireAvailability = true,
        bool requireDeviceName = true,
        string discoveryPrefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(discoveryPrefix);
        var problems = new List<string>();
        var component = CheckTopic(topic, discoveryPrefix, problems);

        if (string.IsNullOrEmpty(payloadJson))
        {
            problems.Add("payload: empty (an empty config deletes the entity; it is not a config)");
            return problems;
        }

        JsonObject payload;
        try
        {
            if (JsonNode.Parse(payloadJson) is not JsonObject parsed)
            {
                problems.Add("payload: not a JSON object");
                return problems;
            }

            payload = parsed;
        }
        catch (JsonException exception)
        {
            problems.Add($"payload: not valid JSON ({exception.Message})");
            return problems;
        }

        var config = Expand(payload, problems);
        CheckCommon(config, problems, requireAvailability, requireDeviceName);
        switch (component)
        {
            case "sensor":
                CheckSensor(config, problems);
                break;
            case "binary_sensor":
                CheckBinarySensor(config, problems);
                break;
            case "switch":
                CheckSwitch(config, problems);
                break;
            case "button":
                CheckButton(config, problems);
                break;
            case "select":
                CheckSelect(config, problems);
                break;
            case "number":
                CheckNumber(config, problems);
                break;
            default:
                break;
        }

        if (component is not null and not "sensor" && config.ContainsKey("state_class"))
        {
            problems.Add($"state_class: only sensors have a state class, not a {component}");
        }

        return problems;
    }

    /// <summary>
    /// The payload with abbreviations expanded (root, device, origin, availability entries) and
    /// <c>~</c> replaced in <c>*_topic</c> values, as HA does before validating.
    /// </summary>
    public static JsonObject Expand(JsonObject payload) => Expand(payload, []);

    private static JsonObject Expand(JsonObject payload, List<string> problems)
    {
        var config = ExpandKeys(payload, Abbreviations, "payload", problems);
        var baseTopic = config["~"] is JsonValue tilde && tilde.TryGetValue<string>(out var value) ? value : null;

        if (config["device"] is JsonObject device)
        {
            config["device"] = ExpandKeys(device, DeviceAbbreviations, "device", problems);
        }

        if (config["origin"] is JsonObject origin)
        {
            config["origin"] = ExpandKeys(origin, OriginAbbreviations, "origin", problems);
        }

        if (config["availability"] is JsonArray availability)
        {
            var entries = new JsonArray();
            foreach (var entry in availability)
            {
                entries.Add(entry is JsonObject entryObject
                    ? ReplaceBaseTopic(ExpandKeys(entryObject, Abbreviations, "availability entry", problems), baseTopic)
                    : entry?.DeepClone());
            }

            config["availability"] = entries;
        }

        return ReplaceBaseTopic(config, baseTopic);
    }

    private static JsonObject ExpandKeys(JsonObject source, Dictionary<string, string> abbreviations, string where, List<string> problems)
    {
        var expanded = new JsonObject();
        foreach (var (key, node) in source)
        {
            var fullKey = abbreviations.GetValueOrDefault(key, key);
            if (expanded.ContainsKey(fullKey))
            {
                problems.Add($"{fullKey}: given twice in the {where} (abbreviated and in full)");
                continue;
            }

            expanded[fullKey] = node?.DeepClone();
        }

        return expanded;
    }

    private static JsonObject ReplaceBaseTopic(JsonObject config, string? baseTopic)
    {
        if (baseTopic is null)
        {
            return config;
        }

        foreach (var key in config.Select(pair => pair.Key).ToList())
        {
            if ((key == "topic" || key.EndsWith("_topic", StringComparison.Ordinal)) &&
                config[key] is JsonValue node && node.TryGetValue<string>(out var value))
            {
                if (value.StartsWith('~'))
                {
                    config[key] = baseTopic + value[1..];
                }
                else if (value.EndsWith('~'))
                {
                    config[key] = value[..^1] + baseTopic;
                }
            }
        }

        return config;
    }

    private static string? CheckTopic(string topic, string prefix, List<string> problems)
    {
        if (!topic.StartsWith(prefix + "/", StringComparison.Ordinal))
        {
            problems.Add($"topic: '{topic}' does not start with the discovery prefix '{prefix}/'");
            return null;
        }

        var parts = topic[(prefix.Length + 1)..].Split('/');
        if (parts.Length is < 3 or > 4 || parts[^1] != "config")
        {
            problems.Add($"topic: '{topic}' is not {prefix}/<component>/[<node_id>/]<object_id>/config");
            return null;
        }

        var component = parts[0];
        if (!Components.Contains(component))
        {
            problems.Add($"topic: component '{component}' is not one of {string.Join(", ", Components)}");
        }

        if (parts.Length == 4 && !IsId(parts[1]))
        {
            problems.Add($"topic: node_id '{parts[1]}' must match [a-zA-Z0-9_-]+");
        }

        if (!IsId(parts[^2]))
        {
            problems.Add($"topic: object_id '{parts[^2]}' must match [a-zA-Z0-9_-]+");
        }

        return Components.Contains(component) ? component : null;
    }

    private static void CheckCommon(JsonObject config, List<string> problems, bool requireAvailability, bool requireDeviceName)
    {
        var uniqueId = Text(config, "unique_id");
        if (string.IsNullOrEmpty(uniqueId))
        {
            problems.Add("unique_id: missing or empty (without it HA cannot keep the entity in its registry)");
        }
        else if (!IsId(uniqueId))
        {
            problems.Add($"unique_id: '{uniqueId}' must match [a-zA-Z0-9_-]+ (our object ids are the unique ids)");
        }

        if (config.ContainsKey("name") && config["name"] is not null && Text(config, "name") is null)
        {
            problems.Add("name: must be a string or null");
        }

        foreach (var (key, node) in config)
        {
            if (key.EndsWith("_topic", StringComparison.Ordinal))
            {
                CheckTopicValue(key, node, problems);
            }
        }

        CheckDevice(config, problems, requireDeviceName);
        CheckOrigin(config, problems);
        CheckAvailability(config, problems, requireAvailability);

        var category = Text(config, "entity_category");
        if (category is not null and not "config" and not "diagnostic")
        {
            problems.Add($"entity_category: '{category}' is not config or diagnostic");
        }
    }

    private static void CheckTopicValue(string key, JsonNode? node, List<string> problems)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var topic))
        {
            problems.Add($"{key}: must be a string");
            return;
        }

        if (topic.Length == 0)
        {
            problems.Add($"{key}: empty");
        }
        else if (topic.Contains('~', StringComparison.Ordinal))
        {
            problems.Add($"{key}: '{topic}' still contains '~' (no '~' base topic given, or '~' in the middle)");
        }
        else if (key != "state_topic" && key != "json_attributes_topic" && key != "availability_topic" &&
                 (topic.Contains('+', StringComparison.Ordinal) || topic.Contains('#', StringComparison.Ordinal)))
        {
            problems.Add($"{key}: '{topic}' contains a wildcard; HA publishes to it");
        }
    }

    private static void CheckDevice(JsonObject config, List<string> problems, bool requireDeviceName)
    {
        if (!config.TryGetPropertyValue("device", out var node) || node is null)
        {
            problems.Add("device: missing (every entity of the bridge belongs to a device)");
            return;
        }

        if (node is not JsonObject device)
        {
            problems.Add("device: must be an object");
            return;
        }

        var hasIdentifiers = device["identifiers"] switch
        {
            JsonValue single => single.TryGetValue<string>(out var id) && id.Length > 0,
            JsonArray list => list.Count > 0 && list.All(item => item is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0),
            _ => false,
        };
        if (device.ContainsKey("identifiers") && !hasIdentifiers)
        {
            problems.Add("device.identifiers: must be a non-empty string or a non-empty list of non-empty strings");
        }

        var hasConnections = device["connections"] is JsonArray connections && connections.Count > 0 &&
            connections.All(pair => pair is JsonArray { Count: 2 } items && items.All(item => item is JsonValue v && v.TryGetValue<string>(out _)));
        if (device.ContainsKey("connections") && !hasConnections)
        {
            problems.Add("device.connections: must be a non-empty list of [type, value] pairs");
        }

        if (!device.ContainsKey("identifiers") && !device.ContainsKey("connections"))
        {
            problems.Add("device: needs identifiers or connections");
        }

        var name = Text(device, "name");
        if (requireDeviceName && string.IsNullOrEmpty(name))
        {
            problems.Add("device.name: missing or empty");
        }
    }

    private static void CheckOrigin(JsonObject config, List<string> problems)
    {
        if (!config.TryGetPropertyValue("origin", out var node))
        {
            return;
        }

        if (node is not JsonObject origin)
        {
            problems.Add("origin: must be an object");
        }
        else if (string.IsNullOrEmpty(Text(origin, "name")))
        {
            problems.Add("origin.name: missing or empty (required when origin is given)");
        }
    }

    private static void CheckAvailability(JsonObject config, List<string> problems, bool requireAvailability)
    {
        var hasTopic = config.ContainsKey("availability_topic");
        var hasList = config.TryGetPropertyValue("availability", out var listNode);
        if (hasTopic && hasList)
        {
            problems.Add("availability: availability and availability_topic exclude each other");
        }

        if (hasList)
        {
            if (listNode is not JsonArray list || list.Count == 0)
            {
                problems.Add("availability: must be a non-empty list of {topic, …} entries");
            }
            else
            {
                for (var i = 0; i < list.Count; i++)
                {
                    var topic = list[i] is JsonObject entry ? Text(entry, "topic") : null;
                    if (string.IsNullOrEmpty(topic))
                    {
                        problems.Add($"availability[{i}].topic: missing or empty");
                    }
                }
            }
        }

        var mode = Text(config, "availability_mode");
        if (mode is not null and not "all" and not "any" and not "latest")
        {
            problems.Add($"availability_mode: '{mode}' is not all, any or latest");
        }

        if (requireAvailability && !hasTopic && !hasList)
        {
            problems.Add("availability: missing (the bridge declares availability_topic or availability so HA shows it offline when it stops)");
        }
    }

    private static void CheckSensor(JsonObject config, List<string> problems)
    {
        Require(config, "state_topic", "sensor", problems);
        var deviceClass = CheckDeviceClass(config, "sensor", SensorDeviceClasses, problems);
        var stateClass = Text(config, "state_class");
        var unit = Text(config, "unit_of_measurement");
        if (config.ContainsKey("unit_of_measurement") && config["unit_of_measurement"] is not null && unit is null)
        {
            problems.Add("unit_of_measurement: must be a string");
        }

        if (stateClass is not null && !StateClasses.Contains(stateClass))
        {
            problems.Add($"state_class: '{stateClass}' is not one of {string.Join(", ", StateClasses)}");
            stateClass = null;
        }

        if (deviceClass is not null)
        {
            CheckUnit(deviceClass, unit, problems);
            if (stateClass is not null)
            {
                var allowed = DeviceClassStateClasses.GetValueOrDefault(deviceClass) ?? ["measurement", "total", "total_increasing"];
                if (NonNumericSensorClasses.Contains(deviceClass))
                {
                    problems.Add($"state_class: a {deviceClass} sensor is not numeric and takes no state class (got '{stateClass}')");
                }
                else if (!allowed.Contains(stateClass))
                {
                    problems.Add($"state_class: '{stateClass}' does not fit device_class {deviceClass} (allowed: {string.Join(", ", allowed.Order(StringComparer.Ordinal))})");
                }
            }
        }

        var hasOptions = config.ContainsKey("options");
        if (deviceClass == "enum" && !hasOptions)
        {
            problems.Add("options: an enum sensor needs its list of options");
        }
        else if (hasOptions && deviceClass != "enum")
        {
            problems.Add("options: only an enum sensor (device_class enum) takes options");
        }

        if (config.ContainsKey("last_reset_value_template") && stateClass != "total")
        {
            problems.Add("last_reset_value_template: only with state_class total");
        }

        if (config["expire_after"] is { } expire && !(expire is JsonValue v && v.TryGetValue<double>(out var seconds) && seconds > 0 && seconds == Math.Floor(seconds)))
        {
            problems.Add("expire_after: must be a positive whole number of seconds");
        }

        if (config["suggested_display_precision"] is { } precision && !(precision is JsonValue p && p.TryGetValue<double>(out var digits) && digits >= 0 && digits == Math.Floor(digits)))
        {
            problems.Add("suggested_display_precision: must be a whole number ≥ 0");
        }

        if (Text(config, "entity_category") == "config")
        {
            problems.Add("entity_category: a sensor cannot be a config entity");
        }
    }

    private static void CheckUnit(string deviceClass, string? unit, List<string> problems)
    {
        if (NonNumericSensorClasses.Contains(deviceClass))
        {
            if (unit is not null)
            {
                problems.Add($"unit_of_measurement: a {deviceClass} sensor has no unit (got '{unit}')");
            }
        }
        else if (deviceClass == "monetary")
        {
            if (unit is null || !CurrencyCode().IsMatch(unit))
            {
                problems.Add($"unit_of_measurement: device_class monetary needs an ISO 4217 currency code such as AUD (got '{unit ?? "none"}'); publish a price per kWh without device_class");
            }
        }
        else if (DeviceClassUnits.TryGetValue(deviceClass, out var units) && (unit is null || !units.Contains(unit)))
        {
            problems.Add($"unit_of_measurement: '{unit ?? "none"}' is not a unit of device_class {deviceClass} (allowed: {string.Join(", ", units)})");
        }
    }

    private static void CheckBinarySensor(JsonObject config, List<string> problems)
    {
        Require(config, "state_topic", "binary_sensor", problems);
        CheckDeviceClass(config, "binary_sensor", BinarySensorDeviceClasses, problems);
        CheckNoUnit(config, "binary_sensor", problems);
        if (Text(config, "entity_category") == "config")
        {
            problems.Add("entity_category: a binary_sensor cannot be a config entity");
        }
    }

    private static void CheckSwitch(JsonObject config, List<string> problems)
    {
        Require(config, "command_topic", "switch", problems);
        CheckDeviceClass(config, "switch", SwitchDeviceClasses, problems);
        CheckNoUnit(config, "switch", problems);
    }

    private static void CheckButton(JsonObject config, List<string> problems)
    {
        Require(config, "command_topic", "button", problems);
        CheckDeviceClass(config, "button", ButtonDeviceClasses, problems);
        CheckNoUnit(config, "button", problems);
    }

    private static void CheckSelect(JsonObject config, List<string> problems)
    {
        Require(config, "command_topic", "select", problems);
        if (config.ContainsKey("device_class"))
        {
            problems.Add("device_class: a select has no device classes");
        }

        var options = config["options"] as JsonArray;
        if (options is null || options.Count == 0)
        {
            problems.Add("options: a select needs a non-empty list of options");
        }
        else if (!options.All(option => option is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0))
        {
            problems.Add("options: every select option must be a non-empty string");
        }
        else if (options.Select(option => option!.GetValue<string>()).Distinct(StringComparer.Ordinal).Count() != options.Count)
        {
            problems.Add("options: a select option is listed twice");
        }

        CheckNoUnit(config, "select", problems);
    }

    private static void CheckNumber(JsonObject config, List<string> problems)
    {
        Require(config, "command_topic", "number", problems);
        var deviceClass = CheckDeviceClass(config, "number", NumberDeviceClasses, problems);
        if (deviceClass is not null)
        {
            CheckUnit(deviceClass, Text(config, "unit_of_measurement"), problems);
        }

        var min = Number(config, "min", 1, problems);
        var max = Number(config, "max", 100, problems);
        var step = Number(config, "step", 1, problems);
        if (min is not null && max is not null && min >= max)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"min/max: min ({min}) must be below max ({max})"));
        }

        if (step is not null && step <= 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"step: must be above 0 (got {step})"));
        }

        var mode = Text(config, "mode");
        if (mode is not null and not "auto" and not "box" and not "slider")
        {
            problems.Add($"mode: '{mode}' is not auto, box or slider");
        }
    }

    private static string? CheckDeviceClass(JsonObject config, string component, HashSet<string> allowed, List<string> problems)
    {
        if (!config.TryGetPropertyValue("device_class", out var node) || node is null)
        {
            return null;
        }

        var deviceClass = Text(config, "device_class");
        if (deviceClass is null)
        {
            problems.Add("device_class: must be a string");
            return null;
        }

        if (!allowed.Contains(deviceClass))
        {
            problems.Add($"device_class: '{deviceClass}' is not a {component} device class");
            return null;
        }

        return deviceClass;
    }

    private static void CheckNoUnit(JsonObject config, string component, List<string> problems)
    {
        if (config.ContainsKey("unit_of_measurement"))
        {
            problems.Add($"unit_of_measurement: a {component} has no unit");
        }
    }

    private static void Require(JsonObject config, string key, string component, List<string> problems)
    {
        if (!config.ContainsKey(key))
        {
            problems.Add($"{key}: required for a {component}");
        }
    }

    /// <summary>The string value of a key, or null when it is missing, null or not a string.</summary>
    private static string? Text(JsonObject config, string key) =>
        config[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static double? Number(JsonObject config, string key, double defaultValue, List<string> problems)
    {
        if (!config.TryGetPropertyValue(key, out var node))
        {
            return defaultValue;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            return value.GetValue<double>();
        }

        problems.Add($"{key}: must be a number");
        return null;
    }

    private static bool IsId(string value) => IdPattern().IsMatch(value);

    [GeneratedRegex("^[a-zA-Z0-9_-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
