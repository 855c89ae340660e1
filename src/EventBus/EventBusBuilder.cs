using Microsoft.Extensions.DependencyInjection;

namespace TeslaSync.EventBus;

/// <summary>Registers the handlers of a service: <c>.AddSubscription&lt;PricesUpdated, PricesUpdatedHandler&gt;()</c>.</summary>
public sealed class EventBusBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    public EventBusBuilder AddSubscription<TEvent, THandler>()
        where TEvent : IntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        Services.AddScoped<IIntegrationEventHandler<TEvent>, THandler>();
        Services.Configure<EventSubscriptions>(subscriptions => subscriptions.Add(typeof(TEvent)));
        return this;
    }
}
