namespace TeslaSync.EventBus;

/// <summary>The event types this service handles, each with the wire name it is published under.</summary>
public sealed class EventSubscriptions
{
    private readonly Dictionary<string, Type> _eventTypes = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Type> EventTypes => _eventTypes;

    internal void Add(Type eventType) => _eventTypes[EventName.Of(eventType)] = eventType;
}
