namespace TeslaSync.TariffSync.Sync;

/// <summary>The zone tariffs are written in and where it came from (<see cref="Source"/>), or why there is none.</summary>
public sealed record SiteZoneChoice(TimeZoneInfo? Zone, string Source, string? Problem)
{
    /// <summary>The user chose it on the settings page.</summary>
    public const string Setting = "setting";

    /// <summary><c>Site:TimeZone</c>.</summary>
    public const string Configuration = "configuration";

    /// <summary>The Powerwall's installation zone.</summary>
    public const string TeslaSite = "tesla-site";

    public const string Unknown = "unknown";

    /// <summary>
    /// The user's setting, else <c>Site:TimeZone</c>, else what the Powerwall reports. Never a guessed +10:
    /// with none of them the zone is unknown and says what to do.
    /// </summary>
    public static SiteZoneChoice Decide(string? setting, string? configured, string? reported)
    {
        var (id, source) = !string.IsNullOrWhiteSpace(setting) ? (setting, Setting)
            : !string.IsNullOrWhiteSpace(configured) ? (configured, Configuration)
            : !string.IsNullOrWhiteSpace(reported) ? (reported, TeslaSite)
            : (null, Unknown);
        if (id is null)
        {
            return new SiteZoneChoice(null, Unknown, "The Powerwall reports no time zone; choose one in settings (e.g. Australia/Sydney).");
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? new SiteZoneChoice(zone, source, null)
            : new SiteZoneChoice(null, Unknown, $"'{id}' ({source}) is not a known IANA time zone; choose one in settings.");
    }

    /// <summary>True for an IANA zone id this system knows (not a Windows id, which the tariff cannot carry).</summary>
    public static bool IsIanaZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
}
