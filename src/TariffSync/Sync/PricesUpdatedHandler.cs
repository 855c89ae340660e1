using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;
using TeslaSync.ServiceDefaults;
using TeslaSync.TariffSync.Storage;

namespace TeslaSync.TariffSync.Sync;

/// <summary>
/// New prices arrived: sync the site's tariff, unless the user turned automatic sync off.
/// Idempotent: the upload policy skips a repeat.
/// </summary>
internal sealed class PricesUpdatedHandler(TariffSyncer syncer, SiteSettingsStore settings, IOptions<SiteOptions> site) : IIntegrationEventHandler<PricesUpdated>
{
    public async Task HandleAsync(PricesUpdated integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        if (integrationEvent.SiteId != site.Value.Id || !await settings.AutoSyncAsync(integrationEvent.SiteId, cancellationToken))
        {
            return;
        }

        await syncer.SyncAsync(integrationEvent.SiteId, integrationEvent.Intervals, cancellationToken);
    }
}
