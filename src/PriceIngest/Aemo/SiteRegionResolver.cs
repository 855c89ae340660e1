using Microsoft.Extensions.Options;
using TeslaSync.Domain.Sites;
using TeslaSync.Integrations.Amber;
using TeslaSync.PriceIngest.Prices;

namespace TeslaSync.PriceIngest.Aemo;

/// <summary>The site's NEM region, or why it is not known.</summary>
public sealed record SiteRegion(NemRegion? Region, string? Problem)
{
    public static SiteRegion Known(NemRegion region) => new(region, null);

    public static SiteRegion Unknown(string problem) => new(null, problem);
}

/// <summary>
/// Decides which region's price matters to the site: <c>Aemo:Region</c> when set, otherwise the region
/// of the Amber site's distribution network. An unknown network is reported, never guessed: exporting
/// on another region's spike would cost the user money.
/// </summary>
internal sealed partial class SiteRegionResolver(
    IOptions<AemoIngestionOptions> options,
    IOptions<AmberOptions> amber,
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
        if (!string.IsNullOrWhiteSpace(options.Value.Region))
        {
            // Validated at start, so this parses.
            return AemoRegions.TryParse(options.Value.Region, out var configured)
                ? SiteRegion.Known(configured)
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

    private async Task<SiteRegion> FromAmberAsync(CancellationToken cancellationToken)
    {
        const string Fix = "set Aemo:Region (NSW1, QLD1, VIC1, SA1 or TAS1)";
        if (string.IsNullOrWhiteSpace(amber.Value.ApiToken))
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
                ? SiteRegion.Known(region)
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
