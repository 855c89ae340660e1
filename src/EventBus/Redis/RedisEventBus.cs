using Microsoft.Extensions.Logging;
using Polly;
using StackExchange.Redis;

namespace TeslaSync.EventBus.Redis;

/// <summary>Publishes integration events on Redis pub/sub, one channel per event type.</summary>
internal sealed partial class RedisEventBus(
    IConnectionMultiplexer redis,
    ResiliencePipeline publishPipeline,
    ILogger<RedisEventBus> logger) : IEventBus
{
    public async Task PublishAsync<TEvent>(TEvent integrationEvent, CancellationToken cancellationToken = default)
        where TEvent : IntegrationEvent
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var eventName = EventName.Of<TEvent>();

        using var activity = EventBusTelemetry.StartPublish(eventName, integrationEvent.SiteId);
        var envelope = new EventEnvelope(
            integrationEvent.Id,
            eventName,
            integrationEvent.SiteId,
            activity?.Id,
            activity?.TraceStateString,
            EventSerializer.ToPayload(integrationEvent));
        var message = EventSerializer.Serialize(envelope);
        var channel = RedisChannel.Literal(EventName.ChannelOf(eventName));

        var receivers = await publishPipeline.ExecuteAsync(
            async _ => await redis.GetSubscriber().PublishAsync(channel, message),
            cancellationToken);

        activity?.SetTag("teslasync.receivers", receivers);
        LogPublished(eventName, integrationEvent.SiteId, integrationEvent.Id, receivers);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Published {EventName} for site {SiteId} ({EventId}) to {Receivers} subscriber(s)")]
    private partial void LogPublished(string eventName, string siteId, Guid eventId, long receivers);
}
