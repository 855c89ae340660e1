using Microsoft.Extensions.Options;
using TeslaSync.Domain.Sites;
using TeslaSync.Integrations.Amber;
using TeslaSync.PriceIngest.Prices;
using TeslaSync.PriceIngest.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.PriceIngest.Aemo;

/// <summary>The site's NEM region and where it came from (<see cref="RegionSources"/>), or why it is not known.</summary>
public sealed record SiteRegion(NemRegion? Region, string? Problem, string Source)
{
    public static SiteRegion Known(NemRegion region, string source) => new(region, null, source);

    public static SiteRegion Unknown(string problem) => new(null, problem, RegionSources.Unknown);
}

/// <summary>Where the site's region came from, as the settings page shows it.</summary>
public static class RegionSources
{
    /// <summary>The user chose it on the settings page.</summary>
    public const string Setting = "setting";

    /// <summary><c>Aemo:Region</c>.</summary>
    public const string Configuration = "configuration";

    /// <summary>The network of the Amber site.</summary>
    public const string AmberSite = "amber-site";

    public const string Unknown = "unknown";
}

/// <summary>
/// Decides which region's price matters to the site: the user's choice on the settings page, else
/// <c>Aemo:Region</c> when set, otherwise the region of the Amber site's distribution network. An
/// unknown network is reported, never guessed: exporting on another region's spike would cost the user money.
/// </summary>
internal sealed partial class SiteRegionResolver(
    IOptions<AemoIngestionOptions> options,
    IOptionsMonitor<AmberOptions> amber,
    IOptions<SiteOptions> site,
    AmberSiteResolver amberSites,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<SiteRegionResolver> logger)
{
    // A failed lookup costs Amber requests (a small budget shared with price polling): try again only now and then.
    private static readonly TimeSpan RetryUnknownAfter = TimeSpan.FromMinutes(15);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SiteRegion? _resolved;
    private DateTimeOffset _retryAt;

    public async Task<SiteRegion> ResolveAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            // Checked when it was set, so this parses.
            var chosen = await scope.ServiceProvider.GetRequiredService<SiteSettingsStore>().AemoRegionAsync(site.Value.Id, cancellationToken);
            if (AemoRegions.TryParse(chosen, out var setting))
            {
                return SiteRegion.Known(setting, RegionSources.Setting);
            }
        }

        if (!string.IsNullOrWhiteSpace(options.Value.Region))
        {
            // Validated at start, so this parses.
            return AemoRegions.TryParse(options.Value.Region, out var configured)
                ? SiteRegion.Known(configured, RegionSources.Configuration)
                : SiteRegion.Unknown($"Aemo:Region '{options.Value.Region}' is not a NEM region.");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_resolved is { Region: not null } || (_resolved is not null && time.GetUtcNow() < _retryAt))
            {
                return _resolved;
            }

            _resolved = await FromAmberAsync(cancellationToken);
            _retryAt = time.GetUtcNow() + RetryUnknownAfter;
            if (_resolved.Region is { } region)
            {
                LogDerived(region);
            }
            else
            {
                LogUnknown(_resolved.Problem!);
            }

            return _resolved;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops what was learnt from Amber (another token may mean another account), so the next call asks again.</summary>
    public async Task ForgetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _resolved = null;
            _retryAt = default;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SiteRegion> FromAmberAsync(CancellationToken cancellationToken)
    {
        const string Fix = "choose the region in settings or set Aemo:Region (NSW1, QLD1, VIC1, SA1 or TAS1)";
        if (string.IsNullOrWhiteSpace(amber.CurrentValue.ApiToken))
        {
            return SiteRegion.Unknown($"No Amber account is configured to derive the NEM region from; {Fix}.");
        }

        try
        {
            var siteId = await amberSites.ResolveAsync(cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            var sites = await scope.ServiceProvider.GetRequiredService<IAmberClient>().GetSitesAsync(cancellationToken);
            var site = sites.FirstOrDefault(s => s.Id == siteId);
            if (site is null)
            {
                return SiteRegion.Unknown($"Amber site '{siteId}' is not in the account; {Fix}.");
            }

            return AemoRegions.OfNetwork(site.Network) is { } region
                ? SiteRegion.Known(region, RegionSources.AmberSite)
                : SiteRegion.Unknown($"Amber network '{site.Network}' is not mapped to a NEM region; {Fix}.");
        }
        catch (Exception exception) when (exception is SiteSelectionRequiredException or AmberApiException or HttpRequestException)
        {
            return SiteRegion.Unknown($"The Amber site could not be read ({exception.Message}); {Fix}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "AEMO prices for the site: region {Region}, from the Amber site's network")]
    private partial void LogDerived(NemRegion region);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The site's NEM region is unknown, so no AEMO price events are published: {Problem}")]
    private partial void LogUnknown(string problem);
}
