using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Tesla;
using TeslaSync.ServiceDefaults;
using TeslaSync.TariffSync.Storage;

namespace TeslaSync.TariffSync.Sync;

/// <summary>The Tesla energy site to control and the time zone its tariff is written in.</summary>
public sealed record TeslaSite(long EnergySiteId, TimeZoneInfo TimeZone);

/// <summary>
/// Finds the energy site (configured, or the account's only battery site) and its time zone:
/// the user's choice in settings, else <c>Site:TimeZone</c>, else what the Powerwall reports. Never a guessed +10.
/// The site and the Powerwall's zone are asked once per process; the user's choice is read on every call,
/// so a change in settings applies to the next sync.
/// </summary>
internal sealed partial class TeslaSiteResolver(
    IOptions<TariffSyncOptions> options,
    IOptions<SiteOptions> site,
    IServiceScopeFactory scopes,
    ILogger<TeslaSiteResolver> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FoundSite? _found;
    private TeslaSite? _lastLogged;

    public async Task<TeslaSite> ResolveAsync(CancellationToken cancellationToken)
    {
        var (energySiteId, reported) = await FoundAsync(cancellationToken);
        var choice = SiteZoneChoice.Decide(await SettingAsync(cancellationToken), site.Value.TimeZone, reported);
        if (choice.Zone is null)
        {
            throw new SiteSetupRequiredException(choice.Problem!);
        }

        var resolved = new TeslaSite(energySiteId, choice.Zone);
        if (resolved != Interlocked.Exchange(ref _lastLogged, resolved))
        {
            LogResolved(energySiteId, choice.Zone.Id, choice.Source);
        }

        return resolved;
    }

    /// <summary>
    /// The zone as the settings page shows it. Asks Tesla only when neither the user nor the configuration
    /// decides it; a Tesla failure is reported in the answer, not thrown.
    /// </summary>
    public async Task<SiteZoneChoice> TimeZoneAsync(CancellationToken cancellationToken)
    {
        var setting = await SettingAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(setting) || !string.IsNullOrWhiteSpace(site.Value.TimeZone))
        {
            return SiteZoneChoice.Decide(setting, site.Value.TimeZone, null);
        }

        try
        {
            return SiteZoneChoice.Decide(null, null, (await FoundAsync(cancellationToken)).ReportedZone);
        }
        catch (Exception exception) when (exception is SiteSetupRequiredException or TeslaApiException or HttpRequestException)
        {
            return new SiteZoneChoice(null, SiteZoneChoice.Unknown, $"The Powerwall's time zone could not be read ({exception.Message}).");
        }
    }

    private async Task<string?> SettingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SiteSettingsStore>().TimeZoneAsync(site.Value.Id, cancellationToken);
    }

    private async Task<FoundSite> FoundAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _found) is { } found)
        {
            return found;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_found is { } raced)
            {
                return raced;
            }

            await using var scope = scopes.CreateAsyncScope();
            var tesla = scope.ServiceProvider.GetRequiredService<ITeslaEnergyClient>();
            var energySiteId = await EnergySiteSelection.ChooseAsync(tesla, options.Value.EnergySiteId, "TariffSync:EnergySiteId", cancellationToken);
            var reported = (await tesla.GetSiteInfoAsync(energySiteId, cancellationToken)).InstallationTimeZone;
            var learnt = new FoundSite(energySiteId, reported);
            Volatile.Write(ref _found, learnt);
            return learnt;
        }
        catch (EnergySiteSelectionException exception)
        {
            throw new SiteSetupRequiredException(exception.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record FoundSite(long EnergySiteId, string? ReportedZone);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controlling Tesla energy site {EnergySiteId} in time zone {TimeZone} ({Source})")]
    private partial void LogResolved(long energySiteId, string timeZone, string source);
}

/// <summary>Something only the user can settle (which site, which time zone) is missing.</summary>
internal sealed class SiteSetupRequiredException(string message) : Exception(message);
