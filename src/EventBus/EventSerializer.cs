using System.Text.Json;

namespace TeslaSync.EventBus;

/// <summary>JSON for envelopes and events: camelCase web defaults, the same in every service.</summary>
public static class EventSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string Serialize(EventEnvelope envelope) => JsonSerializer.Serialize(envelope, Options);

    /// <summary>Reads an envelope; null when the message is not one of ours.</summary>
    public static EventEnvelope? TryDeserialize(string message)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<EventEnvelope>(message, Options);
            return envelope is { Type.Length: > 0, SiteId.Length: > 0 } && envelope.Id != Guid.Empty ? envelope : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JsonElement ToPayload<TEvent>(TEvent integrationEvent) =>
        JsonSerializer.SerializeToElement(integrationEvent, Options);

    public static object? FromPayload(JsonElement payload, Type eventType) =>
        payload.Deserialize(eventType, Options);
}
