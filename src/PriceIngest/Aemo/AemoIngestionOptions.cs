namespace TeslaSync.PriceIngest.Aemo;

/// <summary>
/// How PriceIngest reads and keeps AEMO prices. Bound from the same <c>Aemo</c> section as the AEMO
/// clients' transport settings (<c>Aemo:BaseUrl</c>, <c>Aemo:NemWebBaseUrl</c>), so a user finds every
/// AEMO setting in one place; this class holds only what the ingestion itself decides.
/// </summary>
public sealed class AemoIngestionOptions
{
    public const string SectionName = "Aemo";

    /// <summary>
    /// The site's NEM region (<c>NSW1</c>, <c>QLD1</c>, <c>VIC1</c>, <c>SA1</c>, <c>TAS1</c>). When empty it is
    /// derived from the Amber site's network; a non-Amber user (a VPP customer) must set it.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>How often to read ELEC_NEM_SUMMARY. AEMO publishes every 5 minutes and asks for no more than once a minute.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A JSON answer whose newest interval ended longer ago than this is stale, and NEMWeb is asked too.
    /// The JSON shows the interval in progress (its end is in the future), so 5 minutes means "a whole interval behind".
    /// </summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Days of prices kept; older ones are deleted. 400 covers a year of daily maxima with room to spare.</summary>
    public int RetentionDays { get; set; } = 400;
}
