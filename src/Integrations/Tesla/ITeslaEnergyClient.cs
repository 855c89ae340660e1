using System.Text.Json.Nodes;

namespace TeslaSync.Integrations.Tesla;

/// <summary>
/// Tesla Fleet API energy-site endpoints (also served unchanged by Teslemetry), returning typed results.
/// </summary>
/// <remarks>
/// Every failure reported by Tesla is a <see cref="TeslaApiException"/> whose <see cref="TeslaApiException.Kind"/>
/// tells retry (408/429/5xx) from re-authenticate (401) from region switch (421). Transport failures
/// (DNS, TLS, timeouts, resilience-pipeline rejections) propagate unchanged from the HttpClient pipeline.
/// Each call costs money on the Fleet API: callers own the budget.
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
}
