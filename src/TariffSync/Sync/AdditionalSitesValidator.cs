using Microsoft.Extensions.Options;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.TariffSync.Sync;

/// <summary>
/// Checks the additional sites at start, so that a typo stops TariffSync with a clear message instead
/// of two sites sharing one sync log or one Powerwall getting two tariffs.
/// </summary>
internal sealed class AdditionalSitesValidator(IOptions<SiteOptions> site) : IValidateOptions<TariffSyncOptions>
{
    /// <summary>The site id column's size in TariffSync's database.</summary>
    private const int MaxIdLength = 64;

    public ValidateOptionsResult Validate(string? name, TariffSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.MaxConcurrentSyncs is < 1 or > 256)
        {
            problems.Add("TariffSync:MaxConcurrentSyncs must be 1–256.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal) { site.Value.Id };
        var energySites = new HashSet<long>();
        if (options.EnergySiteId is { } own)
        {
            energySites.Add(own);
        }

        for (var index = 0; index < options.AdditionalSites.Count; index++)
        {
            var additional = options.AdditionalSites[index];
            var key = $"TariffSync:AdditionalSites:{index}";
            if (string.IsNullOrWhiteSpace(additional.Id))
            {
                problems.Add($"{key}:Id is required.");
            }
            else if (additional.Id.Length > MaxIdLength)
            {
                problems.Add($"{key}:Id '{additional.Id}' is longer than {MaxIdLength} characters.");
            }
            else if (!ids.Add(additional.Id))
            {
                problems.Add($"{key}:Id '{additional.Id}' is already the id of another site.");
            }

            if (additional.EnergySiteId <= 0)
            {
                problems.Add($"{key}:EnergySiteId is required (Tesla's energy site id).");
            }
            else if (!energySites.Add(additional.EnergySiteId))
            {
                problems.Add($"{key}:EnergySiteId {additional.EnergySiteId} is already controlled by another site.");
            }

            if (!string.IsNullOrWhiteSpace(additional.TimeZone) && !SiteZoneChoice.IsIanaZone(additional.TimeZone))
            {
                problems.Add($"{key}:TimeZone '{additional.TimeZone}' is not a known IANA time zone.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
