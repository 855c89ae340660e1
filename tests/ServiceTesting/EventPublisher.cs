using StackExchange.Redis;
using TeslaSync.EventBus;

namespace TeslaSync.ServiceTesting;

/// <summary>
/// Publishes integration events on Redis exactly as a service's event bus does (the same envelope and
/// channel), from a process that is not a service: a benchmark standing in for PriceIngest, say.
/// </summary>
public sealed class EventPublisher : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;

    private EventPublisher(ConnectionMultiplexer connection) => _connection = connection;

    public IConnectionMultiplexer Connection => _connection;

    public static async Task<EventPublisher> ConnectAsync(string redisConnectionString) =>
        new(await ConnectionMultiplexer.ConnectAsync(redisConnectionString));

    /// <returns>How many subscribers received it.</returns>
    public Task<long> PublishAsync<TEvent>(TEvent integrationEvent)
        where TEvent : IntegrationEvent
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var name = EventName.Of<TEvent>();
        var envelope = new EventEnvelope(integrationEvent.Id, name, integrationEvent.SiteId, null, null, EventSerializer.ToPayload(integrationEvent));
        return _connection.GetSubscriber().PublishAsync(RedisChannel.Literal(EventName.ChannelOf(name)), EventSerializer.Serialize(envelope));
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
