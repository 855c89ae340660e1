using System.Net.Http;
using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Amber;
using TeslaSync.PriceIngest.Aemo;
using TeslaSync.PriceIngest.Prices;
using TeslaSync.PriceIngest.Storage;

namespace TeslaSync.PriceIngest.Accounts;

/// <summary>The Amber account as the settings page shows it. The token itself never appears, only whether one is set.</summary>
internal sealed record AmberSettingsView(
    bool TokenSet,
    string? AmberSiteId,
    IReadOnlyList<AmberSite> Sites,
    string? SitesProblem,
    SiteRegion Region);

/// <summary>What the user changes on the settings page; null leaves a setting as it is, an empty region clears the override.</summary>
internal sealed record AmberSettingsChange(string? ApiToken, string? AmberSiteId, string? Region);

/// <summary>Why a change was refused: the field at fault and what to do about it.</summary>
internal enum AmberSettingsProblem
{
    /// <summary>The value is wrong (a token Amber refuses, a region that does not exist).</summary>
    Invalid,

    /// <summary>The Amber account has no such site.</summary>
    NotFound,

    /// <summary>The value is right but cannot be used now (a closed site, no token to list sites with).</summary>
    NotPossible,

    /// <summary>Amber could not be asked; try again later.</summary>
    AmberUnavailable,
}

internal sealed class AmberSettingsException(AmberSettingsProblem problem, string field, string message) : Exception(message)
{
    public AmberSettingsProblem Problem { get; } = problem;

    /// <summary>The field of the change at fault (<c>token</c>, <c>siteId</c>, <c>region</c>).</summary>
    public string Field { get; } = field;
}

/// <summary>
/// Reads and changes the Amber credentials, site choice and NEM region. Every part of a change is
/// checked (a new token with Amber itself) before anything is written, so a refused change leaves
/// the old settings whole.
/// </summary>
internal sealed partial class AmberSettings(
    AmberTokenStore tokens,
    SiteChoiceStore choices,
    SiteSettingsStore settings,
    AmberSiteResolver amberSites,
    SiteRegionResolver regions,
    AmberClient amber,
    IOptionsMonitor<AmberOptions> options,
    TimeProvider time,
    ILogger<AmberSettings> logger)
{
    public async Task<AmberSettingsView> GetAsync(string siteId, CancellationToken cancellationToken)
    {
        var tokenSet = !string.IsNullOrWhiteSpace(options.CurrentValue.ApiToken);
        IReadOnlyList<AmberSite> sites = [];
        string? sitesProblem = null;
        if (!tokenSet)
        {
            sitesProblem = "No Amber API token is set; enter one to list the account's sites.";
        }
        else
        {
            try
            {
                sites = await amber.GetSitesAsync(cancellationToken);
            }
            catch (AmberApiException exception) when (exception.Kind is AmberErrorKind.Unauthorized or AmberErrorKind.Forbidden)
            {
                sitesProblem = $"Amber refused the API token ({exception.Message}); enter a new one.";
            }
            catch (Exception exception) when (exception is AmberApiException or HttpRequestException)
            {
                sitesProblem = $"Amber could not be asked for the sites ({exception.Message}).";
            }
        }

        return new AmberSettingsView(tokenSet, await SelectedAsync(siteId, sites, cancellationToken), sites, sitesProblem,
            await regions.ResolveAsync(cancellationToken));
    }

    public async Task<AmberSettingsView> UpdateAsync(string siteId, AmberSettingsChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);

        // First check everything, then write: a refused change must not leave half of itself behind.
        string? region = null;
        if (change.Region is { Length: > 0 } requested)
        {
            region = AemoRegions.TryParse(requested, out var parsed)
                ? parsed.ToString()
                : throw new AmberSettingsException(AmberSettingsProblem.Invalid, "region",
                    $"'{requested}' is not a NEM region; choose NSW1, QLD1, VIC1, SA1 or TAS1 (or leave it empty for automatic).");
        }

        string? token = null;
        IReadOnlyList<AmberSite>? sites = null;
        if (change.ApiToken is not null)
        {
            token = change.ApiToken.Trim();
            if (token.Length == 0)
            {
                throw new AmberSettingsException(AmberSettingsProblem.Invalid, "token", "Enter the Amber API token (it starts with psk_).");
            }

            sites = await SitesWithTokenAsync(token, cancellationToken);
        }

        if (change.AmberSiteId is { } chosenId)
        {
            sites ??= await SitesWithCurrentTokenAsync(cancellationToken);
            var chosen = sites.FirstOrDefault(s => s.Id == chosenId)
                ?? throw new AmberSettingsException(AmberSettingsProblem.NotFound, "siteId", $"The Amber account has no site '{chosenId}'.");
            if (chosen.Status == AmberSiteStatus.Closed)
            {
                throw new AmberSettingsException(AmberSettingsProblem.NotPossible, "siteId", $"Amber site '{chosen.Id}' is closed; choose an active one.");
            }
        }

        if (token is not null)
        {
            await tokens.SaveAsync(token, cancellationToken);
            LogTokenReplaced();
        }

        if (change.AmberSiteId is { } siteToUse)
        {
            await choices.ChooseAsync(siteId, siteToUse, time.GetUtcNow(), cancellationToken);
        }

        if (token is not null || change.AmberSiteId is not null)
        {
            // Another token may be another account, another site another network: learn both again.
            await amberSites.ForgetAsync(cancellationToken);
            await regions.ForgetAsync(cancellationToken);
        }

        if (change.Region is not null)
        {
            await settings.SetAemoRegionAsync(siteId, region, cancellationToken);
        }

        return await GetAsync(siteId, cancellationToken);
    }

    /// <summary>Lists the sites with a token the user entered: the check that Amber accepts it.</summary>
    private async Task<IReadOnlyList<AmberSite>> SitesWithTokenAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            return await amber.GetSitesWithTokenAsync(token, cancellationToken);
        }
        catch (AmberApiException exception) when (exception.Kind is AmberErrorKind.Unauthorized or AmberErrorKind.Forbidden)
        {
            throw new AmberSettingsException(AmberSettingsProblem.Invalid, "token",
                $"Amber refused this token ({(int?)exception.StatusCode} {exception.Kind}); check it at app.amber.com.au/developers. Nothing was changed.");
        }
        catch (Exception exception) when (exception is AmberApiException or HttpRequestException)
        {
            throw new AmberSettingsException(AmberSettingsProblem.AmberUnavailable, "token",
                $"Amber could not check the token ({exception.Message}); nothing was changed, try again shortly.");
        }
    }

    private async Task<IReadOnlyList<AmberSite>> SitesWithCurrentTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await amber.GetSitesAsync(cancellationToken);
        }
        catch (AmberApiException exception) when (exception.Kind is AmberErrorKind.NotConfigured or AmberErrorKind.Unauthorized or AmberErrorKind.Forbidden)
        {
            throw new AmberSettingsException(AmberSettingsProblem.NotPossible, "siteId",
                $"The Amber sites cannot be listed ({exception.Message}); enter a valid token first.");
        }
        catch (Exception exception) when (exception is AmberApiException or HttpRequestException)
        {
            throw new AmberSettingsException(AmberSettingsProblem.AmberUnavailable, "siteId", $"Amber could not be asked for the sites ({exception.Message}).");
        }
    }

    /// <summary>The user's choice, else the configured site, else the only active one (as <see cref="AmberSiteResolver"/> decides).</summary>
    private async Task<string?> SelectedAsync(string siteId, IReadOnlyList<AmberSite> sites, CancellationToken cancellationToken)
    {
        if (await choices.ChosenAsync(siteId, cancellationToken) is { } chosen)
        {
            return chosen;
        }

        if (options.CurrentValue.SiteId is { Length: > 0 } configured)
        {
            return configured;
        }

        var active = sites.Where(s => s.Status == AmberSiteStatus.Active).ToList();
        return active.Count == 1 ? active[0].Id : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The Amber API token was replaced from the settings page; it is used from the next Amber call")]
    private partial void LogTokenReplaced();
}
