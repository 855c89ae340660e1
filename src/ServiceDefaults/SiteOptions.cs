namespace TeslaSync.ServiceDefaults;

/// <summary>
/// The TeslaSync site a service works for, bound from the <c>Site</c> section. Every piece of
/// state and every event is keyed by this id, so one deployment can later run several sites.
/// </summary>
public sealed class SiteOptions
{
    public const string SectionName = "Site";

    /// <summary>Our own name for the site (not Amber's or Tesla's id).</summary>
    public string Id { get; set; } = "home";

    /// <summary>Overrides the IANA time zone the Powerwall reports (e.g. <c>Australia/Adelaide</c>).</summary>
    public string? TimeZone { get; set; }
}

public static class SiteOptionsExtensions
{
    /// <summary>
    /// The site a request names: an empty id means this deployment's site; any other id must be
    /// it (one site per deployment for now). Null for an unknown site.
    /// </summary>
    public static string? Resolve(this SiteOptions site, string? requested)
    {
        ArgumentNullException.ThrowIfNull(site);
        return string.IsNullOrEmpty(requested) || requested == site.Id ? site.Id : null;
    }
}
