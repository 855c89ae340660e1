using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace TeslaSync.Simulator.Tesla;

/// <summary>Who an energy site is: its id and the names the Fleet API shows for it.</summary>
/// <param name="Index">0 for the demo site, 1..SiteCount-1 for the extra sites of a fleet.</param>
public sealed record TeslaSiteIdentity(int Index, long EnergySiteId, string SiteName, string GatewayId, string AssetSiteId, string WarpSiteNumber)
{
    /// <summary>Site 0 is the demo site as configured; site k is <c>EnergySiteId + k</c>, "<c>SiteName</c> k+1", with its own gateway.</summary>
    public static TeslaSiteIdentity For(TeslaOptions options, int index)
    {
        ArgumentNullException.ThrowIfNull(options);
        return index == 0
            ? new(0, options.EnergySiteId, options.SiteName, TeslaJson.GatewayId, TeslaJson.AssetSiteId, TeslaJson.WarpSiteNumber)
            : new(
                index,
                options.EnergySiteId + index,
                string.Create(CultureInfo.InvariantCulture, $"{options.SiteName} {index + 1}"),
                // SiteCount is at most 10,000, so four digits after the "1" keep these apart from each other and from site 0's.
                string.Create(CultureInfo.InvariantCulture, $"STE20240115-1{index:D4}"),
                string.Create(CultureInfo.InvariantCulture, $"5d3b7b8e-0c1f-4e52-9a57-{index:x12}"),
                string.Create(CultureInfo.InvariantCulture, $"GA2024SIM{index:D5}"));
    }
}

/// <summary>
/// One energy site of the account: who it is, its own settings (tariff, mode, reserve, export rule, ...), and the
/// Powerwall model whose power figures it reports.
/// </summary>
/// <param name="Powerwall">The demo site's own model. Extra sites report the same figures (identical homes): a model
/// per site would make every <c>products</c> call integrate a thousand batteries on the machine being benchmarked.</param>
public sealed record TeslaSite(TeslaSiteIdentity Identity, TeslaSiteState State, PowerwallModel Powerwall)
{
    public long Id => Identity.EnergySiteId;

    /// <summary>Only the demo site's settings drive <see cref="Powerwall"/>.</summary>
    public bool HasOwnPowerwall => Identity.Index == 0;
}

/// <summary>
/// The energy sites of the simulated account (<c>Simulator:Tesla:SiteCount</c>, ids <c>EnergySiteId</c> .. <c>EnergySiteId + SiteCount - 1</c>).
/// Site 0 is the demo site (the registered <see cref="TeslaSiteState"/> and <see cref="PowerwallModel"/>); the others get
/// their state when first used, so an account of 10,000 sites costs nothing until a client touches them.
/// </summary>
public sealed class TeslaSites
{
    private readonly TeslaOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<int, TeslaSite> _extra = new();

    public TeslaSites(IOptions<TeslaOptions> options, TeslaSiteState demoState, PowerwallModel demoPowerwall, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        Demo = new TeslaSite(TeslaSiteIdentity.For(_options, 0), demoState, demoPowerwall);
    }

    public int Count => _options.SiteCount;

    /// <summary>Site 0, the configured demo site.</summary>
    public TeslaSite Demo { get; }

    /// <summary>Every site's identity, in id order (cheap: creates no state).</summary>
    public IEnumerable<TeslaSiteIdentity> Identities() =>
        Enumerable.Range(0, Count).Select(index => index == 0 ? Demo.Identity : TeslaSiteIdentity.For(_options, index));

    /// <summary>The site with this id, its state created on first use; false for an id outside the account.</summary>
    public bool TryGet(long energySiteId, [NotNullWhen(true)] out TeslaSite? site)
    {
        var index = energySiteId - _options.EnergySiteId;
        site = index == 0 ? Demo
            : index > 0 && index < Count ? _extra.GetOrAdd((int)index, Create)
            : null;
        return site is not null;
    }

    /// <summary>The site a route's <c>{id}</c> names; false when it is not a number or not one of ours.</summary>
    public bool TryGet(string? routeId, [NotNullWhen(true)] out TeslaSite? site)
    {
        site = null;
        return long.TryParse(routeId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && TryGet(id, out site);
    }

    /// <summary>The site's state if a client has touched it, else null (it then holds the defaults).</summary>
    public TeslaSiteState? StateIfCreated(TeslaSiteIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return identity.Index == 0 ? Demo.State : _extra.TryGetValue(identity.Index, out var site) ? site.State : null;
    }

    /// <summary>The demo site and every extra site touched so far, in id order.</summary>
    public IReadOnlyList<TeslaSite> Created() => [Demo, .. _extra.Values.OrderBy(site => site.Identity.Index)];

    /// <summary>Forgets the extra sites' settings and uploads (they start over with the defaults). The demo site resets itself.</summary>
    public void ResetExtraSites() => _extra.Clear();

    private TeslaSite Create(int index) =>
        new(TeslaSiteIdentity.For(_options, index), new TeslaSiteState(_time, TeslaSiteRetention.ExtraSite), Demo.Powerwall);
}

/// <summary>Hands the site an <c>/energy_sites/{id}</c> request is for from the route filter to the handler.</summary>
public static class EnergySiteRequest
{
    private static readonly object Key = new();

    public static void SetEnergySite(this HttpContext http, TeslaSite site)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Items[Key] = site;
    }

    /// <summary>The site of this request; only under <c>/energy_sites/{id}</c>, after the filter that found it.</summary>
    public static TeslaSite EnergySite(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items[Key] as TeslaSite ?? throw new InvalidOperationException("No energy site was resolved for this request.");
    }

    public static TeslaSite? EnergySiteOrNull(this HttpContext http) => http?.Items[Key] as TeslaSite;
}
