using System.Text.Json.Nodes;

namespace TeslaSync.Integrations.Tesla;

/// <summary>
/// Tesla Fleet API energy-site endpoints (also served unchanged by Teslemetry), returning typed results.
/// </summary>
/// <remarks>
/// Every failure reported by Tesla is a <see cref="TeslaApiException"/> whose <see cref="TeslaApiException.Kind"/>
/// tells retry (408/429/5xx) from re-authenticate (401) from region switch (421). Transport failures
/// (DNS, TLS, timeouts, resilience-pipeline rejections) propagate unchanged from the HttpClient pipeline.
/// Each call costs money on the Fleet API: callers own the budget (see <see cref="Http.TeslaRequestOptions"/>).
/// Bearer tokens, token refresh (401), region (421, Teslemetry metadata) and retries are handled in the
/// HttpClient pipeline that <c>AddTeslaClient</c> builds, for both providers alike.
/// </remarks>
public interface ITeslaEnergyClient
{
    /// <summary><c>GET /api/1/products</c>, energy sites only (vehicles are dropped).</summary>
    Task<IReadOnlyList<EnergySiteProduct>> GetProductsAsync(CancellationToken cancellationToken = default);

    /// <summary><c>GET /api/1/energy_sites/{id}/site_info</c>.</summary>
    Task<SiteInfo> GetSiteInfoAsync(long energySiteId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /api/1/energy_sites/{id}/live_status</c>.</summary>
    Task<LiveStatus> GetLiveStatusAsync(long energySiteId, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /api/1/energy_sites/{id}/calendar_history?kind=energy&amp;period=…&amp;start_date=…&amp;end_date=…&amp;time_zone=…</c>.
    /// The two instants are sent as RFC 3339 in <paramref name="timeZone"/>'s offset at that instant (e.g. <c>2024-09-18T00:00:00+10:00</c>).
    /// </summary>
    /// <param name="timeZone">The site's IANA zone (from <see cref="SiteInfo.InstallationTimeZone"/> or settings; never assumed).</param>
    /// <exception cref="ArgumentException"><paramref name="timeZone"/> is not a known IANA zone, or <paramref name="end"/> is before <paramref name="start"/>.</exception>
    Task<EnergyHistory> GetEnergyHistoryAsync(long energySiteId, CalendarHistoryPeriod period, DateTimeOffset start, DateTimeOffset end,
        string timeZone, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /api/1/energy_sites/{id}/time_of_use_settings</c> with body
    /// <c>{"tou_settings":{"tariff_content_v2":…}}</c>. The tariff is sent as given (a copy; the argument is not modified).
    /// </summary>
    Task<TeslaCommandResult> SetTimeOfUseSettingsAsync(long energySiteId, JsonObject tariffContentV2, CancellationToken cancellationToken = default);

    /// <summary><c>POST /api/1/energy_sites/{id}/operation</c> with <c>{"default_real_mode":…}</c>.</summary>
    Task<TeslaCommandResult> SetOperationModeAsync(long energySiteId, OperationMode mode, CancellationToken cancellationToken = default);

    /// <summary><c>POST /api/1/energy_sites/{id}/backup</c> with <c>{"backup_reserve_percent":…}</c> (0–100).</summary>
    Task<TeslaCommandResult> SetBackupReserveAsync(long energySiteId, int backupReservePercent, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /api/1/energy_sites/{id}/grid_import_export</c>; a null argument is left out of the body
    /// (and so left unchanged on the site). At least one must be given.
    /// </summary>
    Task<TeslaCommandResult> SetGridImportExportAsync(long energySiteId, ExportRule? customerPreferredExportRule,
        bool? disallowChargeFromGridWithSolarInstalled, CancellationToken cancellationToken = default);

    /// <summary><c>POST /api/1/energy_sites/{id}/storm_mode</c> with <c>{"enabled":…}</c> (Storm Watch).</summary>
    Task<TeslaCommandResult> SetStormModeAsync(long energySiteId, bool enabled, CancellationToken cancellationToken = default);
}
