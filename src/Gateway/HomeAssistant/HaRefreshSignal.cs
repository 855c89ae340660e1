using Microsoft.Extensions.Options;
using TeslaSync.EventBus;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>Tells the bridge that something it shows may have changed; many requests before it reads again count as one.</summary>
internal sealed class HaRefreshSignal
{
    private Action? _listener;

    public void Listen(Action listener) => Volatile.Write(ref _listener, listener);

    public void StopListening() => Volatile.Write(ref _listener, null);

    public void Request() => Volatile.Read(ref _listener)?.Invoke();
}

/// <summary>A bus event for this site (a new price, a Powerwall sample, a sync, a spike…): the entities are read again.</summary>
internal sealed class HaRefreshOnEvent<TEvent>(HaRefreshSignal signal, IOptions<SiteOptions> site) : IIntegrationEventHandler<TEvent>
    where TEvent : IntegrationEvent
{
    public Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        if (string.Equals(integrationEvent.SiteId, site.Value.Id, StringComparison.Ordinal))
        {
            signal.Request();
        }

        return Task.CompletedTask;
    }
}
