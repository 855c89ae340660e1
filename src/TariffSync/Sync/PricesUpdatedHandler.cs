using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.TariffSync.Sync;

/// <summary>New prices arrived: sync the site's tariff. Idempotent: the upload policy skips a repeat.</summary>
internal sealed class PricesUpdatedHandler(TariffSyncer syncer, IOptions<SiteOptions> site) : IIntegrationEventHandler<PricesUpdated>
{
    public async Task HandleAsync(PricesUpdated integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        if (integrationEvent.SiteId != site.Value.Id)
        {
            return;
        }

        await syncer.SyncAsync(integrationEvent.SiteId, integrationEvent.Intervals, cancellationToken);
    }
}
