using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;

namespace TeslaSync.TariffSync.Sync;

/// <summary>
/// New prices for the deployment's site arrived: sync every site on them (the deployment's own and any
/// additional ones) whose automatic sync is on. Idempotent: the upload policy skips a repeat.
/// </summary>
internal sealed class PricesUpdatedHandler(SitesSync sitesSync, ControlledSites sites) : IIntegrationEventHandler<PricesUpdated>
{
    public async Task HandleAsync(PricesUpdated integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        if (integrationEvent.SiteId != sites.OwnSiteId)
        {
            return;
        }

        await sitesSync.SyncAsync(sites.Ids, integrationEvent.Intervals, cancellationToken);
    }
}
