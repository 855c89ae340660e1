namespace TeslaSync.Integrations.Amber;

/// <summary>Settings for the Amber Electric REST API, bound from the <c>Amber</c> configuration section.</summary>
public sealed class AmberOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Amber";

    /// <summary>API root including the version segment; the simulator replaces it in tests and demos.</summary>
    public string BaseUrl { get; set; } = "https://api.amber.com.au/v1";

    /// <summary>Personal API key (<c>psk_…</c>), sent as a bearer token. Never logged.</summary>
    public string? ApiToken { get; set; }

    /// <summary>The Amber site to use. Optional here: an account can have several sites and the caller must choose one explicitly.</summary>
    public string? SiteId { get; set; }
}
