namespace TeslaSync.Integrations.Aemo;

/// <summary>Settings for AEMO's public price feeds, bound from the <c>Aemo</c> configuration section.</summary>
public sealed class AemoOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Aemo";

    /// <summary>
    /// Host of the visualisation API. <c>visualisations.aemo.com.au</c> rather than <c>aemo.com.au</c>,
    /// which refuses non-browser clients.
    /// </summary>
    public string BaseUrl { get; set; } = "https://visualisations.aemo.com.au";

    /// <summary>
    /// Host of NEMWeb, the second source: the live <c>DispatchIS_Reports</c> directory lives under
    /// <c>/Reports/Current/</c> of it. The simulator serves a copy under <c>/nemweb</c>.
    /// </summary>
    public string NemWebBaseUrl { get; set; } = "https://nemweb.com.au";
}
