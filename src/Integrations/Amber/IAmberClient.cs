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
}
