using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Tesla;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.TariffSync.Sync;

/// <summary>
/// Every site whose tariff this TariffSync keeps on the deployment's prices: the deployment's own site
/// (<c>Site:Id</c>, found by <see cref="TeslaSiteResolver"/>) first, then <c>TariffSync:AdditionalSites</c>.
/// Overrides, profiles and the settings page act on the deployment's site only; additional sites follow prices.
/// </summary>
internal sealed class ControlledSites(
    IOptions<SiteOptions> site,
    IOptions<TariffSyncOptions> options,
    TeslaSiteResolver ownSite,
    IServiceScopeFactory scopes)
{
    // One look-up of the Powerwall's zone per additional site and process, like the deployment's own site;
    // a failed look-up is forgotten so that the next sync asks again.
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _reportedZones = new(StringComparer.Ordinal);

    // Looked up for every sync and every Tesla call: by id and by energy site, not by scanning the list
    // (a thousand sites make a million comparisons per price update). The options are fixed at start, and
    // checked there to have neither duplicate.
    private readonly Dictionary<string, AdditionalSite> _byId =
        options.Value.AdditionalSites.ToDictionary(s => s.Id, StringComparer.Ordinal);

    private readonly Dictionary<long, AdditionalSite> _byEnergySite =
        options.Value.AdditionalSites.ToDictionary(s => s.EnergySiteId);

    public string OwnSiteId => site.Value.Id;

    /// <summary>The deployment's site first, so that it is synced first after a price update.</summary>
    public IEnumerable<string> Ids => options.Value.AdditionalSites.Select(s => s.Id).Prepend(OwnSiteId);

    public bool HasAdditionalSites => _byId.Count > 0;

    /// <summary>The TeslaSync site whose Powerwall has this energy site id; the deployment's own site for any other id.</summary>
    public string SiteIdOf(long energySiteId) =>
        _byEnergySite.TryGetValue(energySiteId, out var additional) ? additional.Id : OwnSiteId;

    public async Task<TeslaSite> ResolveAsync(string siteId, CancellationToken cancellationToken)
    {
        if (siteId == OwnSiteId)
        {
            var own = await ownSite.ResolveAsync(cancellationToken);
            if (_byEnergySite.TryGetValue(own.EnergySiteId, out var clash))
            {
                throw new SiteSetupRequiredException(
                    $"Energy site {own.EnergySiteId} is both this deployment's site and the additional site '{clash.Id}'; set TariffSync:EnergySiteId to a different site.");
            }

            return own;
        }

        if (!_byId.TryGetValue(siteId, out var additional))
        {
            throw new SiteSetupRequiredException($"'{siteId}' is not a site this TariffSync controls.");
        }

        var reported = string.IsNullOrWhiteSpace(additional.TimeZone) ? await ReportedZoneAsync(additional, cancellationToken) : null;
        var choice = SiteZoneChoice.Decide(null, additional.TimeZone, reported);
        return choice.Zone is null
            ? throw new SiteSetupRequiredException($"Site '{siteId}': {choice.Problem} (TariffSync:AdditionalSites:*:TimeZone)")
            : new TeslaSite(additional.EnergySiteId, choice.Zone);
    }

    private async Task<string?> ReportedZoneAsync(AdditionalSite additional, CancellationToken cancellationToken)
    {
        var lookUp = _reportedZones.GetOrAdd(additional.Id, _ => new Lazy<Task<string?>>(() => AskTeslaAsync(additional.EnergySiteId)));
        try
        {
            return await lookUp.Value.WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _reportedZones.TryRemove(new KeyValuePair<string, Lazy<Task<string?>>>(additional.Id, lookUp));
            throw;
        }
    }

    // Not tied to one caller's cancellation: the answer is shared by every sync of the site.
    private async Task<string?> AskTeslaAsync(long energySiteId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var tesla = scope.ServiceProvider.GetRequiredService<ITeslaEnergyClient>();
        return (await tesla.GetSiteInfoAsync(energySiteId, CancellationToken.None)).InstallationTimeZone;
    }
}
