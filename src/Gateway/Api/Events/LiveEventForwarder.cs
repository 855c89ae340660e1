using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TeslaSync.EventBus;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.Gateway.Api.Events;

/// <summary>
/// Hands one bus event type to the hub, for this deployment's site only. Registered once per event
/// type the dashboard shows (<see cref="LiveEventNames"/>).
/// </summary>
internal sealed class LiveEventForwarder<TEvent>(LiveEventHub hub, IOptions<SiteOptions> site) : IIntegrationEventHandler<TEvent>
    where TEvent : IntegrationEvent
{
    private static readonly string Name = LiveEventNames.Of(typeof(TEvent));

    public Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken)
    {
        if (string.Equals(integrationEvent.SiteId, site.Value.Id, StringComparison.Ordinal))
        {
            hub.Publish(new LiveEvent(Name, JsonSerializer.Serialize(integrationEvent, EventSerializer.Options)));
        }

        return Task.CompletedTask;
    }
}

/// <summary>The SSE event name of a bus event: its wire name in kebab case (<c>SpikeStarted</c> → <c>spike-started</c>).</summary>
internal static partial class LiveEventNames
{
    public static string Of(Type eventType) => Kebab().Replace(EventName.Of(eventType), "-$1").ToLowerInvariant();

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex Kebab();
}
