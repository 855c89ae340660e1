using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Sites;
using TeslaSync.ServiceDefaults;
using TeslaSync.Telemetry.LiveStatus;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.Telemetry.Energy;

/// <summary>The zone of the tariff TariffSync last uploaded (asked first: TariffSync may be told a zone).</summary>
internal sealed class TariffSyncTimeZoneSource(TariffSyncClient tariffSync, IOptions<SiteOptions> site) : ISiteTimeZoneSource
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    public string Name => "TariffSync";

    public async Task<SiteZoneAnswer> AskAsync(CancellationToken cancellationToken)
    {
        var (zone, problem) = await TariffSyncTimeZone.AskAsync(tariffSync, site.Value.Id, CallTimeout, cancellationToken);
        return zone is null ? SiteZoneAnswer.Unknown(problem) : SiteZoneAnswer.Known(zone);
    }
}

/// <summary>The Powerwall's installation zone, from the site_info the sampler reads anyway (no extra call).</summary>
internal sealed class PowerwallTimeZoneSource(PowerwallSite powerwall) : ISiteTimeZoneSource
{
    public string Name => "the Powerwall";

    public Task<SiteZoneAnswer> AskAsync(CancellationToken cancellationToken) => Task.FromResult(powerwall.Settings switch
    {
        null => SiteZoneAnswer.Unknown("the Powerwall's settings have not been read yet"),
        { InstallationTimeZone: not { Length: > 0 } } => SiteZoneAnswer.Unknown("the Powerwall reports no installation time zone"),
        { InstallationTimeZone: var id } when TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) => SiteZoneAnswer.Known(zone),
        { InstallationTimeZone: var id } => SiteZoneAnswer.Unknown($"the Powerwall reports the time zone '{id}', which this system does not know"),
    });
}
