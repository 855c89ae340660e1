namespace TeslaSync.EventBus;

/// <summary>Publishes integration events to every subscribed service.</summary>
public interface IEventBus
{
    /// <summary>
    /// Publishes an event. Transient transport failures are retried; if the bus stays unreachable
    /// the exception reaches the caller, which still holds the data and publishes again later.
    /// </summary>
    Task PublishAsync<TEvent>(TEvent integrationEvent, CancellationToken cancellationToken = default)
        where TEvent : IntegrationEvent;
}

/// <summary>
/// Handles one event type. Delivery is at most once per process and can repeat across restarts
/// or publishers, so a handler must be idempotent: handling the same event twice changes nothing.
/// </summary>
public interface IIntegrationEventHandler<in TEvent>
    where TEvent : IntegrationEvent
{
    Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}
