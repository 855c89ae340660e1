using System.Text.Json.Nodes;
using TeslaSync.TestSupport;

namespace TeslaSync.Gateway.FunctionalTests.HomeAssistant;

/// <summary>
/// The discovery rule set the bridge's tests use: it must accept Home Assistant's own documented
/// examples (shared/fixtures/ha) and the shapes our bridge publishes, and name each mistake it is
/// meant to catch. The device-based fixtures (homeassistant/device/..., cmps) are left out: the
/// bridge publishes single-component configs and the rule set does not cover device discovery.
/// </summary>
public sealed class HaDiscoveryRulesTests
{
    private const string SensorTopic = "homeassistant/sensor/teslasync_site_battery_power/config";

    [Theory]
    [InlineData("discovery_binary_sensor_garden.json", "homeassistant/binary_sensor/garden/config", true)]
    [InlineData("discovery_sensor_bedroom_temperature.json", "homeassistant/sensor/sensorBedroomT/config", true)]
    [InlineData("discovery_sensor_bedroom_humidity_shared_device.json", "homeassistant/sensor/sensorBedroomH/config", false)]
    [InlineData("discovery_switch_irrigation.json", "homeassistant/switch/irrigation/config", true)]
    public void Problems_HomeAssistantDocExample_None(string fixture, string topic, bool namesItsDevice)
    {
        // HA's examples declare no availability, and the humidity one links to the bedroom device by identifiers only.
        var payload = SharedFolder.ReadFixture("ha", fixture);

        Assert.Empty(HaDiscoveryRules.Problems(topic, payload, requireAvailability: false, requireDeviceName: namesItsDevice));
    }

    [Fact]
    public void Problems_DocExampleWithoutAvailability_SaysAvailabilityIsMissing()
    {
        var payload = SharedFolder.ReadFixture("ha", "discovery_switch_irrigation.json");

        var problem = Assert.Single(HaDiscoveryRules.Problems("homeassistant/switch/irrigation/config", payload));
        Assert.StartsWith("availability: missing", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_DeviceLinkedByIdentifiersOnly_NeedsADeviceNameByDefault()
    {
        var payload = SharedFolder.ReadFixture("ha", "discovery_sensor_bedroom_humidity_shared_device.json");

        var problem = Assert.Single(HaDiscoveryRules.Problems("homeassistant/sensor/sensorBedroomH/config", payload, requireAvailability: false));
        Assert.StartsWith("device.name: missing", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_AbbreviatedLightExample_OnlyTheComponentIsRejected()
    {
        var payload = SharedFolder.ReadFixture("ha", "discovery_light_kitchen_abbreviated_dev_origin.json");

        var problem = Assert.Single(HaDiscoveryRules.Problems("homeassistant/light/kitchen/config", payload, requireAvailability: false));
        Assert.StartsWith("topic: component 'light' is not one of", problem, StringComparison.Ordinal);

        // Read as a switch (it has cmd_t and stat_t), the abbreviated keys, "~" and dev/o blocks all pass.
        Assert.Empty(HaDiscoveryRules.Problems("homeassistant/switch/kitchen/config", payload, requireAvailability: false));
    }

    [Fact]
    public void Expand_AbbreviatedPayload_ExpandsKeysAndTheBaseTopic()
    {
        var payload = JsonNode.Parse(SharedFolder.ReadFixture("ha", "discovery_light_kitchen_abbreviated_dev_origin.json"))!.AsObject();

        var config = HaDiscoveryRules.Expand(payload);

        Assert.Equal("kitchen_light", (string?)config["unique_id"]);
        Assert.Equal("homeassistant/light/kitchen/set", (string?)config["command_topic"]);
        Assert.Equal("homeassistant/light/kitchen/state", (string?)config["state_topic"]);
        Assert.Equal("ea334450945afc", (string?)config["device"]!["identifiers"]);
        Assert.Equal("Bla electronics", (string?)config["device"]!["manufacturer"]);
        Assert.Equal("2.1", (string?)config["origin"]!["sw_version"]);
        Assert.Equal("https://bla2mqtt.example.com/support", (string?)config["origin"]!["support_url"]);
    }

    [Theory]
    [MemberData(nameof(ValidConfigs))]
    public void Problems_ConfigShapedLikeTheBridges_None(string topic, string payload)
    {
        Assert.Empty(HaDiscoveryRules.Problems(topic, payload));
    }

    public static TheoryData<string, string> ValidConfigs() => new()
    {
        { SensorTopic, Sensor().ToJsonString() },
        { "homeassistant/sensor/teslasync_grid_import_energy/config", Sensor(new() { ["device_class"] = "energy", ["unit_of_measurement"] = "kWh", ["state_class"] = "total_increasing" }).ToJsonString() },
        { "homeassistant/sensor/teslasync_battery_level/config", Sensor(new() { ["device_class"] = "battery", ["unit_of_measurement"] = "%", ["state_class"] = "measurement" }).ToJsonString() },
        { "homeassistant/sensor/teslasync_cost_today/config", Sensor(new() { ["device_class"] = "monetary", ["unit_of_measurement"] = "AUD", ["state_class"] = "total" }).ToJsonString() },
        { "homeassistant/sensor/teslasync_import_price/config", Sensor(new() { ["device_class"] = null, ["unit_of_measurement"] = "AUD/kWh", ["state_class"] = "measurement" }).ToJsonString() },
        { "homeassistant/sensor/teslasync_last_sync/config", Sensor(new() { ["device_class"] = "timestamp", ["unit_of_measurement"] = null, ["state_class"] = null, ["entity_category"] = "diagnostic" }).ToJsonString() },
        { "homeassistant/sensor/teslasync_price_descriptor/config", Sensor(new() { ["device_class"] = "enum", ["unit_of_measurement"] = null, ["state_class"] = null, ["options"] = new JsonArray("low", "neutral", "high", "spike") }).ToJsonString() },
        { "homeassistant/binary_sensor/teslasync_tesla_connected/config", Entity(new() { ["state_topic"] = "teslasync/tesla/connected", ["device_class"] = "connectivity", ["payload_on"] = "true", ["payload_off"] = "false" }).ToJsonString() },
        { "homeassistant/switch/teslasync_sync_enabled/config", Entity(new() { ["command_topic"] = "teslasync/sync/enabled/set", ["state_topic"] = "teslasync/sync/enabled", ["device_class"] = "switch", ["entity_category"] = "config" }).ToJsonString() },
        { "homeassistant/button/teslasync_sync_now/config", Entity(new() { ["command_topic"] = "teslasync/sync/now", ["payload_press"] = "PRESS" }).ToJsonString() },
        { "homeassistant/select/teslasync_profile/config", Entity(new() { ["command_topic"] = "teslasync/profile/set", ["state_topic"] = "teslasync/profile", ["options"] = new JsonArray("Default", "Winter") }).ToJsonString() },
        { "homeassistant/number/teslasync_backup_reserve/config", Entity(new() { ["command_topic"] = "teslasync/reserve/set", ["state_topic"] = "teslasync/reserve", ["device_class"] = "battery", ["unit_of_measurement"] = "%", ["min"] = 0, ["max"] = 100, ["step"] = 1, ["mode"] = "slider" }).ToJsonString() },
        { "homeassistant/sensor/teslasync/site_battery_power/config", Sensor().ToJsonString() },
        {
            SensorTopic,
            """
            {"~":"teslasync/site","uniq_id":"teslasync_site_battery_power","stat_t":"~/battery_power","dev_cla":"power","stat_cla":"measurement",
             "unit_of_meas":"kW","val_tpl":"{{ value_json.kw }}","avty":[{"t":"~/availability"}],"avty_mode":"all",
             "dev":{"ids":["teslasync"],"name":"TeslaSync","mf":"TeslaSync","mdl":"Gateway","sw":"1.0"},"o":{"name":"TeslaSync","sw":"1.0"}}
            """
        },
    };

    [Theory]
    [MemberData(nameof(BrokenConfigs))]
    public void Problems_BrokenConfig_NamesTheMistake(string topic, string payload, string expectedProblem)
    {
        var problem = Assert.Single(HaDiscoveryRules.Problems(topic, payload));

        Assert.StartsWith(expectedProblem, problem, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BrokenConfigs() => new()
    {
        { SensorTopic, Sensor(new() { ["state_topic"] = null }).ToJsonString(), "state_topic: required for a sensor" },
        { SensorTopic, Sensor(new() { ["device_class"] = "monetary", ["unit_of_measurement"] = "AUD", ["state_class"] = "measurement" }).ToJsonString(), "state_class: 'measurement' does not fit device_class monetary" },
        { SensorTopic, Sensor(new() { ["device_class"] = "monetary", ["unit_of_measurement"] = "AUD/kWh", ["state_class"] = "total" }).ToJsonString(), "unit_of_measurement: device_class monetary needs an ISO 4217 currency code" },
        { SensorTopic, Sensor(new() { ["unit_of_measurement"] = "%" }).ToJsonString(), "unit_of_measurement: '%' is not a unit of device_class power" },
        { SensorTopic, Sensor(new() { ["device_class"] = "energy", ["unit_of_measurement"] = "kWh", ["state_class"] = "measurement" }).ToJsonString(), "state_class: 'measurement' does not fit device_class energy" },
        { SensorTopic, Sensor(new() { ["device_class"] = "timestamp", ["unit_of_measurement"] = null, ["state_class"] = "measurement" }).ToJsonString(), "state_class: a timestamp sensor is not numeric" },
        { SensorTopic, Sensor(new() { ["device_class"] = "timestamp", ["state_class"] = null }).ToJsonString(), "unit_of_measurement: a timestamp sensor has no unit" },
        { SensorTopic, Sensor(new() { ["state_class"] = "average" }).ToJsonString(), "state_class: 'average' is not one of" },
        { SensorTopic, Sensor(new() { ["unique_id"] = "teslasync battery.power" }).ToJsonString(), "unique_id: 'teslasync battery.power' must match [a-zA-Z0-9_-]+" },
        { SensorTopic, Sensor(new() { ["unique_id"] = "" }).ToJsonString(), "unique_id: missing or empty" },
        { SensorTopic, Sensor(new() { ["device_class"] = "wattage" }).ToJsonString(), "device_class: 'wattage' is not a sensor device class" },
        { SensorTopic, Sensor(new() { ["availability_topic"] = null }).ToJsonString(), "availability: missing" },
        { SensorTopic, Sensor(new() { ["availability"] = new JsonArray(new JsonObject { ["topic"] = "teslasync/availability" }) }).ToJsonString(), "availability: availability and availability_topic exclude each other" },
        { SensorTopic, Sensor(new() { ["device"] = new JsonObject { ["name"] = "TeslaSync" } }).ToJsonString(), "device: needs identifiers or connections" },
        { SensorTopic, Sensor(new() { ["device"] = new JsonObject { ["identifiers"] = new JsonArray(), ["name"] = "TeslaSync" } }).ToJsonString(), "device.identifiers: must be a non-empty string or a non-empty list" },
        { SensorTopic, Sensor(new() { ["origin"] = new JsonObject { ["sw_version"] = "1.0" } }).ToJsonString(), "origin.name: missing or empty" },
        { SensorTopic, Sensor(new() { ["uniq_id"] = "teslasync_again" }).ToJsonString(), "unique_id: given twice in the payload" },
        { SensorTopic, Sensor(new() { ["state_topic"] = null, ["stat_t"] = "~/battery_power" }).ToJsonString(), "state_topic: '~/battery_power' still contains '~'" },
        { "homeassistant/sensor/teslasync.battery/config", Sensor().ToJsonString(), "topic: object_id 'teslasync.battery' must match" },
        { "homeassistant/climate/teslasync_battery/config", Sensor().ToJsonString(), "topic: component 'climate' is not one of" },
        { "homeassistant/sensor/teslasync_battery/state", Sensor().ToJsonString(), "topic: 'homeassistant/sensor/teslasync_battery/state' is not homeassistant/<component>" },
        { "homeassistant/binary_sensor/teslasync_connected/config", Entity(new() { ["state_topic"] = "teslasync/connected", ["device_class"] = "online" }).ToJsonString(), "device_class: 'online' is not a binary_sensor device class" },
        { "homeassistant/binary_sensor/teslasync_connected/config", Entity(new() { ["state_topic"] = "teslasync/connected", ["state_class"] = "measurement" }).ToJsonString(), "state_class: only sensors have a state class" },
        { "homeassistant/switch/teslasync_sync/config", Entity(new() { ["state_topic"] = "teslasync/sync" }).ToJsonString(), "command_topic: required for a switch" },
        { "homeassistant/switch/teslasync_sync/config", Entity(new() { ["command_topic"] = "teslasync/sync/+/set" }).ToJsonString(), "command_topic: 'teslasync/sync/+/set' contains a wildcard" },
        { "homeassistant/button/teslasync_sync_now/config", Entity(new() { ["command_topic"] = "teslasync/sync/now", ["device_class"] = "press" }).ToJsonString(), "device_class: 'press' is not a button device class" },
        { "homeassistant/select/teslasync_profile/config", Entity(new() { ["command_topic"] = "teslasync/profile/set" }).ToJsonString(), "options: a select needs a non-empty list of options" },
        { "homeassistant/select/teslasync_profile/config", Entity(new() { ["command_topic"] = "teslasync/profile/set", ["options"] = new JsonArray() }).ToJsonString(), "options: a select needs a non-empty list of options" },
        { "homeassistant/number/teslasync_reserve/config", Entity(new() { ["command_topic"] = "teslasync/reserve/set", ["min"] = 100, ["max"] = 100 }).ToJsonString(), "min/max: min (100) must be below max (100)" },
        { "homeassistant/number/teslasync_reserve/config", Entity(new() { ["command_topic"] = "teslasync/reserve/set", ["min"] = 150 }).ToJsonString(), "min/max: min (150) must be below max (100)" },
        { "homeassistant/number/teslasync_reserve/config", Entity(new() { ["command_topic"] = "teslasync/reserve/set", ["step"] = 0 }).ToJsonString(), "step: must be above 0" },
        { "homeassistant/number/teslasync_reserve/config", Entity(new() { ["command_topic"] = "teslasync/reserve/set", ["device_class"] = "battery", ["unit_of_measurement"] = "kWh" }).ToJsonString(), "unit_of_measurement: 'kWh' is not a unit of device_class battery" },
        { SensorTopic, string.Empty, "payload: empty" },
        { SensorTopic, "[1, 2]", "payload: not a JSON object" },
        { SensorTopic, "{\"state_topic\":", "payload: not valid JSON" },
    };

    /// <summary>A valid power sensor as the bridge would publish it, with some keys replaced (null removes a key).</summary>
    private static JsonObject Sensor(Dictionary<string, JsonNode?>? changes = null)
    {
        var sensor = Entity(new()
        {
            ["state_topic"] = "teslasync/site/battery_power",
            ["device_class"] = "power",
            ["state_class"] = "measurement",
            ["unit_of_measurement"] = "kW",
            ["value_template"] = "{{ value_json.kw }}",
            ["suggested_display_precision"] = 2,
        });
        return Apply(sensor, changes);
    }

    /// <summary>The keys every entity of the bridge carries, plus the component's own.</summary>
    private static JsonObject Entity(Dictionary<string, JsonNode?> own)
    {
        var entity = new JsonObject
        {
            ["name"] = "Battery power",
            ["unique_id"] = "teslasync_site_battery_power",
            ["availability_topic"] = "teslasync/availability",
            ["device"] = new JsonObject
            {
                ["identifiers"] = new JsonArray("teslasync_site_123456"),
                ["name"] = "TeslaSync",
                ["manufacturer"] = "TeslaSync",
                ["model"] = "Gateway",
            },
            ["origin"] = new JsonObject { ["name"] = "TeslaSync", ["sw_version"] = "1.0.0" },
        };
        return Apply(entity, own);
    }

    private static JsonObject Apply(JsonObject target, Dictionary<string, JsonNode?>? changes)
    {
        foreach (var (key, value) in changes ?? [])
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }

        return target;
    }
}
