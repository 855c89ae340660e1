using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Sites;
using TeslaSync.ServiceDefaults;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.GridEvents.Sites;

/// <summary>
/// Where GridEvents learns the site's zone when <c>Site:TimeZone</c> is not set: the tariff TariffSync
/// last uploaded (the Powerwall's own zone, unless TariffSync is told otherwise).
/// </summary>
internal sealed class TariffSyncTimeZoneSource(TariffSyncClient tariffSync, IOptions<SiteOptions> site, IOptions<GridEventsOptions> options)
    : ISiteTimeZoneSource
{
    public string Name => "TariffSync";

    public async Task<SiteZoneAnswer> AskAsync(CancellationToken cancellationToken)
    {
        var (zone, problem) = await TariffSyncTimeZone.AskAsync(tariffSync, site.Value.Id, options.Value.CallTimeout, cancellationToken);
        return zone is null ? SiteZoneAnswer.Unknown(problem) : SiteZoneAnswer.Known(zone);
    }
}
