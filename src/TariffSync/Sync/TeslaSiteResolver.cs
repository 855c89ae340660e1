using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Tesla;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.TariffSync.Sync;

/// <summary>The Tesla energy site to control and the time zone its tariff is written in.</summary>
public sealed record TeslaSite(long EnergySiteId, TimeZoneInfo TimeZone);

/// <summary>
/// Finds the energy site (configured, or the account's only battery site) and its time zone:
/// the user's override, else what the Powerwall reports. Never a guessed +10.
/// </summary>
internal sealed partial class TeslaSiteResolver(
    IOptions<TariffSyncOptions> options,
    IOptions<SiteOptions> site,
    IServiceScopeFactory scopes,
    ILogger<TeslaSiteResolver> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TeslaSite? _resolved;

    public async Task<TeslaSite> ResolveAsync(CancellationToken cancellationToken)
    {
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

            await using var scope = scopes.CreateAsyncScope();
            var tesla = scope.ServiceProvider.GetRequiredService<ITeslaEnergyClient>();
            var energySiteId = await EnergySiteSelection.ChooseAsync(tesla, options.Value.EnergySiteId, "TariffSync:EnergySiteId", cancellationToken);
            var reported = (await tesla.GetSiteInfoAsync(energySiteId, cancellationToken)).InstallationTimeZone;
            var zoneId = site.Value.TimeZone is { Length: > 0 } overridden ? overridden : reported;
            if (string.IsNullOrWhiteSpace(zoneId))
            {
                throw new SiteSetupRequiredException(
                    "The Powerwall reports no time zone; set one in settings (Site:TimeZone, e.g. Australia/Sydney).");
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
            {
                throw new SiteSetupRequiredException($"'{zoneId}' is not a known IANA time zone.");
            }

            LogResolved(energySiteId, zone.Id);
            return _resolved = new TeslaSite(energySiteId, zone);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Controlling Tesla energy site {EnergySiteId} in time zone {TimeZone}")]
    private partial void LogResolved(long energySiteId, string timeZone);
}

/// <summary>Something only the user can settle (which site, which time zone) is missing.</summary>
internal sealed class SiteSetupRequiredException(string message) : Exception(message);
