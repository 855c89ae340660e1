using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// Reading and writing the scalar fields of Tesla's tariff JSON, with errors that name the path
/// of the offending field (a 48-period tariff is too big to debug from "invalid number").
/// </summary>
internal static class TeslaJson
{
    public static FormatException Invalid(string path, string expectation) =>
        new($"Tesla tariff field '{path}' {expectation}.");

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static JsonObject? OptionalObject(JsonObject parent, string key, string path) => parent[key] switch
    {
        null => null,
        JsonObject value => value,
        _ => throw Invalid(Child(path, key), "should be an object"),
    };

    public static JsonArray? OptionalArray(JsonObject parent, string key, string path) => parent[key] switch
    {
        null => null,
        JsonArray value => value,
        _ => throw Invalid(Child(path, key), "should be an array"),
    };

    public static string? OptionalString(JsonObject parent, string key, string path) => parent[key] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw Invalid(Child(path, key), "should be a string"),
    };

    public static decimal? OptionalDecimal(JsonObject parent, string key, string path) =>
        parent[key] is null ? null : Decimal(parent[key], Child(path, key));

    public static int? OptionalInt(JsonObject parent, string key, string path)
    {
        if (parent[key] is null)
        {
            return null;
        }

        var value = Decimal(parent[key], Child(path, key));
        return value == decimal.Truncate(value) && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw Invalid(Child(path, key), "should be a whole number");
    }

    public static decimal Decimal(JsonNode? node, string path)
    {
        // Parse the JSON text: a value built in memory from an int refuses TryGetValue<decimal>.
        if (node is JsonValue value
            && value.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        throw Invalid(path, "should be a number");
    }

    /// <summary>
    /// A number as parsed JSON holds it, so readers of a written document can take it as int or
    /// decimal alike (an in-memory decimal refuses <c>(int)node</c>, an int refuses <c>(decimal)node</c>).
    /// 0.2400 is written as 0.24: decimal keeps its scale, and Tesla shows what it is sent.
    /// </summary>
    public static JsonValue Number(decimal value) =>
        JsonValue.Create(JsonSerializer.SerializeToElement(value / 1.0000000000000000000000000000m))!;

    public static JsonValue Number(int value) => JsonValue.Create(JsonSerializer.SerializeToElement(value))!;

    public static void AddIfPresent(JsonObject target, string key, string? value)
    {
        if (value is not null)
        {
            target[key] = value;
        }
    }

    public static void AddIfPresent(JsonObject target, string key, decimal? value)
    {
        if (value is { } number)
        {
            target[key] = Number(number);
        }
    }

    public static void AddIfPresent(JsonObject target, string key, int? value)
    {
        if (value is { } number)
        {
            target[key] = Number(number);
        }
    }
}
