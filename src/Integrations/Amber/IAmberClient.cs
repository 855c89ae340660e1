namespace TeslaSync.Integrations.Amber;

/// <summary>Amber Electric REST API v1, returning domain prices. Implemented by <see cref="AmberClient"/>.</summary>
/// <remarks>
/// Failures from Amber surface as <see cref="AmberApiException"/>; transport failures (DNS, TLS,
/// timeouts, resilience-pipeline rejections) propagate unchanged from the HttpClient pipeline.
/// </remarks>
public interface IAmberClient
{
    /// <summary><c>GET /sites</c>: every site on the account. Callers must pick one explicitly, never the first.</summary>
    Task<IReadOnlyList<AmberSite>> GetSitesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /sites/{siteId}/prices/current</c>: <paramref name="previous"/> actual intervals, the
    /// current one and <paramref name="next"/> forecasts, for every channel.
    /// </summary>
    /// <param name="resolution">Null asks for the site's billing interval.</param>
    Task<AmberPriceResult> GetCurrentPricesAsync(string siteId, int previous = 0, int next = 0,
        AmberResolution? resolution = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /sites/{siteId}/prices</c> for NEM dates <paramref name="startDate"/>…<paramref name="endDate"/> inclusive (at most 7 days).</summary>
    Task<AmberPriceResult> GetPricesAsync(string siteId, DateOnly startDate, DateOnly endDate,
        AmberResolution? resolution = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /sites/{siteId}/usage</c>: metered energy and cost per interval, at most 7 days (Amber keeps 90 days).</summary>
    Task<AmberUsageResult> GetUsageAsync(string siteId, DateOnly startDate, DateOnly endDate, CancellationToken cancellationToken = default);

    /// <summary><c>GET /state/{state}/renewables/current</c>: the state's renewable share now, before and ahead.</summary>
    Task<IReadOnlyList<AmberRenewables>> GetRenewablesAsync(AmberState state, int previous = 0, int next = 0,
        AmberResolution? resolution = null, CancellationToken cancellationToken = default);
}
