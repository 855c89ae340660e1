using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;
using TeslaSync.GridEvents.Spike;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.GridEvents.Handlers;

/// <summary>
/// Every AEMO price for the site's region goes to the spike decision. PriceIngest publishes the
/// region of the site, so Amber and non-Amber sites alike are covered.
/// </summary>
internal sealed class AemoPriceUpdatedHandler(SpikeController spike, IOptionsMonitor<SpikeOptions> options, IOptions<SiteOptions> site)
    : IIntegrationEventHandler<AemoPriceUpdated>
{
    public Task HandleAsync(AemoPriceUpdated integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        // Turned off: the minute check ends a running spike; new prices must not start one.
        if (!options.CurrentValue.Enabled || integrationEvent.SiteId != site.Value.Id)
        {
            return Task.CompletedTask;
        }

        return spike.OnPriceAsync(integrationEvent.RrpPerMwh, integrationEvent.IntervalEnd, cancellationToken);
    }
}
