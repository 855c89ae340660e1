using System.Globalization;
using System.Text.Json.Nodes;

namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>What one entity shows: its state payload, and its attributes when it has an attributes topic.</summary>
internal sealed record HaState(string ObjectId, string Value, JsonObject? Attributes = null)
{
    public static HaState Number(string objectId, decimal value, int decimals, JsonObject? attributes = null) =>
        new(objectId, Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture), attributes);

    public static HaState Number(string objectId, double value, int decimals, JsonObject? attributes = null) =>
        Number(objectId, (decimal)Math.Round(value, decimals, MidpointRounding.AwayFromZero), decimals, attributes);

    public static HaState OnOff(string objectId, bool on, JsonObject? attributes = null) =>
        new(objectId, on ? HaDiscovery.On : HaDiscovery.Off, attributes);
}
