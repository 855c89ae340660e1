using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Tesla;
using TeslaSync.TariffSync.Storage;
using TeslaSync.TariffSync.Sync;

namespace TeslaSync.TariffSync.Account;

/// <summary>The Tesla side of the settings page. The token itself never appears, only whether one is set.</summary>
internal sealed record SiteSettingsView(TeslaAccountStatus Account, bool TokenSet, SiteZoneChoice TimeZone);

/// <summary>What the user changes; null leaves a setting as it is, an empty time zone clears the override.</summary>
internal sealed record SiteSettingsChange(string? TeslemetryToken, string? TimeZone);

internal enum SiteSettingsProblem
{
    /// <summary>The value is wrong (a token Tesla refuses, a zone that does not exist).</summary>
    Invalid,

    /// <summary>The value cannot be used with this set-up (a token where the account signs in with OAuth).</summary>
    NotPossible,

    /// <summary>Tesla could not be asked; try again later.</summary>
    TeslaUnavailable,
}

internal sealed class SiteSettingsException(SiteSettingsProblem problem, string field, string message) : Exception(message)
{
    public SiteSettingsProblem Problem { get; } = problem;

    /// <summary>The field of the change at fault (<c>teslemetryToken</c>, <c>timeZone</c>).</summary>
    public string Field { get; } = field;
}

/// <summary>
/// Reads and changes the Tesla access token and the site's time zone. Every part of a change is checked
/// (a new token with Tesla itself, by reading the products list) before anything is written.
/// </summary>
internal sealed partial class SiteSettings(
    TeslaAccountManager account,
    TeslaAccessTokenStore tokens,
    SiteSettingsStore store,
    TeslaSiteResolver sites,
    ITeslaEnergyClient tesla,
    IOptionsMonitor<TeslaOptions> options,
    ILogger<SiteSettings> logger)
{
    public async Task<SiteSettingsView> GetAsync(CancellationToken cancellationToken) =>
        new(await account.StatusAsync(cancellationToken), TokenSet, await sites.TimeZoneAsync(cancellationToken));

    /// <summary>Whether a static access token is stored or configured (what OAuth accounts do not use).</summary>
    public bool TokenSet => !string.IsNullOrWhiteSpace(options.CurrentValue.AccessToken);

    public async Task<SiteSettingsView> UpdateAsync(string siteId, SiteSettingsChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);

        // First check everything, then write: a refused change must not leave half of itself behind.
        string? zone = null;
        if (change.TimeZone is { Length: > 0 } requested)
        {
            zone = requested.Trim();
            if (!SiteZoneChoice.IsIanaZone(zone))
            {
                throw new SiteSettingsException(SiteSettingsProblem.Invalid, "timeZone",
                    $"'{requested}' is not an IANA time zone; use one such as Australia/Adelaide (or leave it empty for the Powerwall's).");
            }
        }

        string? token = null;
        if (change.TeslemetryToken is not null)
        {
            token = change.TeslemetryToken.Trim();
            if (token.Length == 0)
            {
                throw new SiteSettingsException(SiteSettingsProblem.Invalid, "teslemetryToken", "Enter the Teslemetry access token.");
            }

            if (options.CurrentValue.UsesOAuth)
            {
                throw new SiteSettingsException(SiteSettingsProblem.NotPossible, "teslemetryToken",
                    "This TariffSync signs in to Tesla with the Fleet API (Tesla:OAuth:ClientId is set); sign in with Tesla instead of entering a token.");
            }

            await CheckWithTeslaAsync(token, cancellationToken);
        }

        if (token is not null)
        {
            await tokens.SaveAsync(token, cancellationToken);
            LogTokenReplaced();
        }

        if (change.TimeZone is not null)
        {
            await store.SetTimeZoneAsync(siteId, zone, cancellationToken);
        }

        return await GetAsync(cancellationToken);
    }

    private async Task CheckWithTeslaAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            await CheckingTeslaAccessTokenSource.CheckAsync(token, () => tesla.GetProductsAsync(cancellationToken));
        }
        catch (TeslaApiException exception) when (exception.Kind is TeslaErrorKind.Unauthorized or TeslaErrorKind.Forbidden or TeslaErrorKind.SignInRequired)
        {
            throw new SiteSettingsException(SiteSettingsProblem.Invalid, "teslemetryToken",
                $"Tesla refused this token ({exception.Kind}); check it in your Teslemetry console. Nothing was changed.");
        }
        catch (Exception exception) when (exception is TeslaApiException or HttpRequestException)
        {
            throw new SiteSettingsException(SiteSettingsProblem.TeslaUnavailable, "teslemetryToken",
                $"Tesla could not check the token ({exception.Message}); nothing was changed, try again shortly.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The Tesla access token was replaced from the settings page; it is used from the next Tesla call")]
    private partial void LogTokenReplaced();
}
