using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace TeslaSync.EventBus.Redis;

/// <summary>
/// Subscribes to the channel of every event type this service handles and hands each message
/// to its handlers, one message at a time per channel (in the order Redis delivered them).
/// </summary>
/// <remarks>
/// StackExchange.Redis restores subscriptions by itself after Redis restarts or the connection
/// drops, so this service does not resubscribe. Messages published while the connection was
/// down are lost (pub/sub keeps nothing); consumers recover by asking the owner over gRPC.
/// </remarks>
internal sealed partial class RedisEventSubscriber(
    IConnectionMultiplexer redis,
    IServiceScopeFactory scopes,
    IOptions<EventSubscriptions> subscriptions,
    ILogger<RedisEventSubscriber> logger) : BackgroundService
{
    private readonly RecentEventIds _handled = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listeners = new List<Task>();
        foreach (var (eventName, eventType) in subscriptions.Value.EventTypes)
        {
            var channel = RedisChannel.Literal(EventName.ChannelOf(eventName));
            var queue = await SubscribeAsync(channel, eventName, stoppingToken);
            LogSubscribed(eventName);
            listeners.Add(ListenAsync(queue, eventType, stoppingToken));
        }

        await Task.WhenAll(listeners);
    }

    /// <summary>
    /// Subscribes, retrying while Redis is unreachable: a subscribe queued on a connection that is
    /// not up yet times out after a few seconds, and letting that escape would stop the whole service.
    /// </summary>
    private async Task<ChannelMessageQueue> SubscribeAsync(RedisChannel channel, string eventName, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                return await redis.GetSubscriber().SubscribeAsync(channel);
            }
            catch (RedisException exception)
            {
                // Stopping while still waiting for Redis is a normal stop, not a failure.
                stoppingToken.ThrowIfCancellationRequested();
                LogSubscribeFailed(exception, eventName, delay);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxSubscribeRetryDelay.Ticks));
            }
        }
    }

    private static readonly TimeSpan MaxSubscribeRetryDelay = TimeSpan.FromSeconds(30);

    private async Task ListenAsync(ChannelMessageQueue queue, Type eventType, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var message = await queue.ReadAsync(stoppingToken);
                await DispatchAsync(message.Message.ToString(), eventType, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await queue.UnsubscribeAsync();
        }
    }

    /// <summary>Hands one message to its handlers. A failing handler is logged; the loop goes on.</summary>
    internal async Task DispatchAsync(string message, Type eventType, CancellationToken cancellationToken)
    {
        var envelope = EventSerializer.TryDeserialize(message);
        if (envelope is null)
        {
            LogMalformed(eventType.Name);
            return;
        }

        if (!_handled.TryAdd(envelope.Id))
        {
            LogDuplicate(envelope.Type, envelope.Id);
            return;
        }

        using var activity = EventBusTelemetry.StartProcess(envelope);
        try
        {
            var integrationEvent = EventSerializer.FromPayload(envelope.Payload, eventType)
                ?? throw new InvalidOperationException($"The {envelope.Type} payload was empty.");

            await using var scope = scopes.CreateAsyncScope();
            var handlerType = typeof(IIntegrationEventHandler<>).MakeGenericType(eventType);
            foreach (var handler in scope.ServiceProvider.GetServices(handlerType))
            {
                await InvokeAsync(handler!, integrationEvent, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            LogHandlerFailed(exception, envelope.Type, envelope.SiteId, envelope.Id);
        }
    }

    private static Task InvokeAsync(object handler, object integrationEvent, CancellationToken cancellationToken)
    {
        // One generic method per event type would need reflection anyway; this keeps it in one place.
        var method = handler.GetType().GetMethod("HandleAsync", [integrationEvent.GetType(), typeof(CancellationToken)])
            ?? throw new InvalidOperationException($"{handler.GetType().Name} has no HandleAsync for {integrationEvent.GetType().Name}.");
        return (Task)method.Invoke(handler, [integrationEvent, cancellationToken])!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to {EventName}")]
    private partial void LogSubscribed(string eventName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to {EventName}; Redis is unreachable, trying again in {Delay}")]
    private partial void LogSubscribeFailed(Exception exception, string eventName, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed message on the {EventName} channel")]
    private partial void LogMalformed(string eventName);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a repeated delivery of {EventName} {EventId}")]
    private partial void LogDuplicate(string eventName, Guid eventId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling {EventName} for site {SiteId} ({EventId}) failed")]
    private partial void LogHandlerFailed(Exception exception, string eventName, string siteId, Guid eventId);
}
