using System.Collections.Concurrent;
using System.Reflection;

namespace TeslaSync.EventBus;

/// <summary>Names an event type on the wire; the default is the type's name.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>The stable wire name of an event type, and the channel it travels on.</summary>
public static class EventName
{
    private const string ChannelPrefix = "teslasync.events.";
    private static readonly ConcurrentDictionary<Type, string> Names = new();

    public static string Of<TEvent>() => Of(typeof(TEvent));

    public static string Of(Type eventType) =>
        Names.GetOrAdd(eventType, type => type.GetCustomAttribute<EventNameAttribute>()?.Name ?? type.Name);

    public static string ChannelOf(string eventName) => ChannelPrefix + eventName;
}
