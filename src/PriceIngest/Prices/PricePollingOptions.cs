namespace TeslaSync.PriceIngest.Prices;

/// <summary>When and what to ask Amber for, bound from the <c>PricePolling</c> section.</summary>
/// <remarks>The WebSocket and the request budget are configured in the <c>Amber</c> section (<c>AmberOptions</c>).</remarks>
public sealed class PricePollingOptions
{
    public const string SectionName = "PricePolling";

    /// <summary>Amber publishes new prices at each 5-minute boundary of NEM time.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    /// <summary>How long after each boundary to ask, giving Amber time to publish.</summary>
    public TimeSpan DelayAfterBoundary { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many 30-minute forecast intervals to fetch: 48 covers the 24-hour tariff wheel.</summary>
    public int ForecastIntervals { get; set; } = 48;

    /// <summary>
    /// How old a forecast may be and still go with a WebSocket push when a fresh one cannot be fetched (budget tight,
    /// Amber failing). Older than this, the push is not published on its own and the REST poll takes over.
    /// </summary>
    public TimeSpan ForecastMaxAge { get; set; } = TimeSpan.FromHours(1);
}
