using System.Collections.Concurrent;
using System.Text.Json;
using StackExchange.Redis;
using TeslaSync.EventBus;

namespace TeslaSync.ServiceTesting;

/// <summary>An integration event as a test saw it arrive, with the wall-clock time it arrived.</summary>
public sealed record RecordedEvent<TEvent>(TEvent Event, DateTimeOffset ArrivedAt);

/// <summary>
/// Listens on the Redis channel of one integration event type, as another service would, and
/// keeps every event that arrives, in order.
/// </summary>
public sealed class EventRecorder<TEvent> : IAsyncDisposable
    where TEvent : IntegrationEvent
{
    private readonly ConcurrentQueue<RecordedEvent<TEvent>> _received = new();
    private readonly ConnectionMultiplexer _connection;

    private EventRecorder(ConnectionMultiplexer connection) => _connection = connection;

    public IReadOnlyList<RecordedEvent<TEvent>> Received => [.. _received];

    public IReadOnlyList<TEvent> Events => [.. _received.Select(r => r.Event)];

    public static async Task<EventRecorder<TEvent>> StartAsync(string redisConnectionString)
    {
        var recorder = new EventRecorder<TEvent>(await ConnectionMultiplexer.ConnectAsync(redisConnectionString));
        var channel = await recorder._connection.GetSubscriber().SubscribeAsync(RedisChannel.Literal(EventName.ChannelOf(EventName.Of<TEvent>())));
        channel.OnMessage(message =>
        {
            var envelope = EventSerializer.TryDeserialize(message.Message!)
                ?? throw new InvalidOperationException($"A malformed message arrived on the {EventName.Of<TEvent>()} channel.");
            recorder._received.Enqueue(new RecordedEvent<TEvent>(envelope.Payload.Deserialize<TEvent>(EventSerializer.Options)!, DateTimeOffset.UtcNow));
        });
        return recorder;
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
