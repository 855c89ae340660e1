using System.Text.Json.Nodes;

namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// The keys of a Tesla JSON object that the model does not interpret, kept verbatim so a tariff
/// read from a Powerwall and written back loses nothing (Tesla adds fields without notice, and
/// other tools post fields such as <c>daily_demand_charges</c> whose meaning is not documented).
/// </summary>
public sealed class UnknownJsonFields : IEquatable<UnknownJsonFields>
{
    private readonly KeyValuePair<string, JsonNode?>[] fields;

    public UnknownJsonFields(IEnumerable<KeyValuePair<string, JsonNode?>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);

        // Own copies: a JsonNode belongs to one parent, and the caller's document may change later.
        this.fields = fields.Select(field => new KeyValuePair<string, JsonNode?>(field.Key, field.Value?.DeepClone())).ToArray();
    }

    public static UnknownJsonFields None { get; } = new([]);

    public int Count => fields.Length;

    public IEnumerable<string> Names => fields.Select(entry => entry.Key);

    /// <summary>A copy of the value kept under a name, or null when there is none.</summary>
    public JsonNode? this[string name] => fields.FirstOrDefault(field => field.Key == name).Value?.DeepClone();

    /// <summary>
    /// The fields of <paramref name="source"/> whose names are not in <paramref name="known"/>, and
    /// known ones set to JSON <c>null</c> (the model reads those as absent, so they are kept here).
    /// </summary>
    public static UnknownJsonFields Except(JsonObject source, IReadOnlySet<string> known)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(known);
        var unknown = source.Where(field => !known.Contains(field.Key) || field.Value is null).ToArray();
        return unknown.Length == 0 ? None : new UnknownJsonFields(unknown);
    }

    /// <summary>Adds a copy of every field to <paramref name="target"/>, after the fields it already has.</summary>
    public void WriteTo(JsonObject target)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (var (name, value) in fields)
        {
            target[name] = value?.DeepClone();
        }
    }

    public bool Equals(UnknownJsonFields? other)
    {
        if (other is null || other.fields.Length != fields.Length)
        {
            return false;
        }

        return fields.All(field => other.fields.Any(theirs => theirs.Key == field.Key && JsonNode.DeepEquals(theirs.Value, field.Value)));
    }

    public override bool Equals(object? obj) => Equals(obj as UnknownJsonFields);

    public override int GetHashCode() => fields.Length;

    public override string ToString() => $"{{{string.Join(", ", fields.Select(field => $"{field.Key}: {field.Value?.ToJsonString() ?? "null"}"))}}}";
}
