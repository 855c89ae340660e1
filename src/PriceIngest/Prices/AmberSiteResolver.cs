using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Amber;
using TeslaSync.PriceIngest.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.PriceIngest.Prices;

/// <summary>
/// Decides which Amber site to read: the one the user chose (SelectAmberSite), else the one in
/// settings (Amber:SiteId), else the account's only active site. An earlier tool silently took the
/// first site of an account with several; here that needs the user's choice.
/// </summary>
internal sealed partial class AmberSiteResolver(
    IOptions<AmberOptions> options,
    IOptions<SiteOptions> site,
    IServiceScopeFactory scopes,
    ILogger<AmberSiteResolver> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _resolved;
    private IReadOnlyList<AmberSite>? _sites;

    public async Task<string> ResolveAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            if (await scope.ServiceProvider.GetRequiredService<SiteChoiceStore>().ChosenAsync(site.Value.Id, cancellationToken) is { } chosen)
            {
                return chosen;
            }
        }

        if (options.Value.SiteId is { Length: > 0 } configured)
        {
            return configured;
        }

        if (_resolved is not null)
        {
            return _resolved;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_resolved is not null)
            {
                return _resolved;
            }

            var sites = await SitesAsync(cancellationToken);
            var active = sites.Where(site => site.Status == AmberSiteStatus.Active).ToList();
            _resolved = active.Count switch
            {
                1 => active[0].Id,
                0 => throw new SiteSelectionRequiredException("The Amber account has no active site."),
                _ => throw new SiteSelectionRequiredException(
                    $"The Amber account has {active.Count} active sites ({string.Join(", ", active.Select(s => s.Id))}); " +
                    "choose one in settings."),
            };
            LogOnlySite(_resolved);
            return _resolved;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The site's billing interval in minutes (5 or 30), or null when Amber does not say. Read from
    /// the account's site list once per process (the one the site choice already read, if any).
    /// </summary>
    public async Task<int?> BillingIntervalMinutesAsync(string amberSiteId, CancellationToken cancellationToken)
    {
        // A local copy: a new token entered in settings may forget the list meanwhile.
        var sites = _sites;
        if (sites is null)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                sites = await SitesAsync(cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }

        return sites.FirstOrDefault(s => s.Id == amberSiteId)?.IntervalLengthMinutes;
    }

    /// <summary>Drops the account's sites read so far: after a new token they may be another account's.</summary>
    public async Task ForgetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _resolved = null;
            _sites = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    // Called with the gate held.
    private async Task<IReadOnlyList<AmberSite>> SitesAsync(CancellationToken cancellationToken)
    {
        if (_sites is null)
        {
            await using var scope = scopes.CreateAsyncScope();
            _sites = await scope.ServiceProvider.GetRequiredService<IAmberClient>().GetSitesAsync(cancellationToken);
        }

        return _sites;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Using Amber site {AmberSiteId}, the account's only active site")]
    private partial void LogOnlySite(string amberSiteId);
}

/// <summary>The Amber site to use cannot be decided without the user.</summary>
internal sealed class SiteSelectionRequiredException(string message) : Exception(message);
