using System.Text.Json.Nodes;

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>
/// Whether two JSON documents say the same thing: same properties in any order, same array order,
/// numbers equal as decimals (0.25 and 0.2500 are one rate). Returns where they first differ.
/// </summary>
internal static class JsonSemantics
{
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (!e.ContainsKey(key) || !a.ContainsKey(key))
                    {
                        return $"{path}.{key}: present in only one";
                    }

                    if (FirstDifference(e[key], a[key], $"{path}.{key}") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                {
                    return $"{path}: {e.Count} items, not {a.Count}";
                }

                for (var i = 0; i < e.Count; i++)
                {
                    if (FirstDifference(e[i], a[i], $"{path}[{i}]") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case (JsonValue e, JsonValue a) when e.TryGetValue(out decimal x) && a.TryGetValue(out decimal y):
                return x == y ? null : $"{path}: {x}, not {y}";
            case (JsonValue e, JsonValue a):
                return e.ToJsonString() == a.ToJsonString() ? null : $"{path}: {e.ToJsonString()}, not {a.ToJsonString()}";
            default:
                return $"{path}: {expected?.ToJsonString() ?? "null"}, not {actual?.ToJsonString() ?? "null"}";
        }
    }
}
