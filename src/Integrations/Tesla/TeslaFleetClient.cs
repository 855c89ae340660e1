using TeslaSync.Domain.Budget;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TeslaSync.Integrations.Tesla.Http;
using TeslaSync.Integrations.Tesla.Wire;

namespace TeslaSync.Integrations.Tesla;

/// <summary>
/// <see cref="ITeslaEnergyClient"/> over a typed HttpClient, for the Fleet API or Teslemetry (same paths and
/// envelopes). Thin on purpose: the bearer token, the region and retries live in the HttpClient's handlers.
/// </summary>
public sealed class TeslaFleetClient : ITeslaEnergyClient
{
    private readonly HttpClient _httpClient;
    private readonly TeslaApiHost _host;

    /// <param name="host">The current API base; the region handler moves it when Tesla or Teslemetry says so.</param>
    public TeslaFleetClient(HttpClient httpClient, TeslaApiHost host)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(host);
        _httpClient = httpClient;
        _host = host;
    }

    public Task<IReadOnlyList<EnergySiteProduct>> GetProductsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "api/1/products", energySiteId: null, body: null, ReadProducts, cancellationToken);

    public Task<SiteInfo> GetSiteInfoAsync(long energySiteId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, SitePath(energySiteId, "site_info"), energySiteId, body: null, ReadSiteInfo, cancellationToken);

    public Task<LiveStatus> GetLiveStatusAsync(long energySiteId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, SitePath(energySiteId, "live_status"), energySiteId, body: null, ReadLiveStatus, cancellationToken);

    public Task<EnergyHistory> GetEnergyHistoryAsync(long energySiteId, CalendarHistoryPeriod period, DateTimeOffset start, DateTimeOffset end,
        string timeZone, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZone);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
        {
            throw new ArgumentException($"'{timeZone}' is not a known IANA time zone.", nameof(timeZone));
        }

        if (end < start)
        {
            throw new ArgumentException("The end of the history range is before its start.", nameof(end));
        }

        // Tesla buckets by the site's calendar, so the bounds go in site-local time with that moment's offset.
        var query = string.Join('&',
            "kind=energy",
            "period=" + period.ToWire(),
            "start_date=" + Uri.EscapeDataString(Rfc3339(TimeZoneInfo.ConvertTime(start, zone))),
            "end_date=" + Uri.EscapeDataString(Rfc3339(TimeZoneInfo.ConvertTime(end, zone))),
            "time_zone=" + Uri.EscapeDataString(timeZone));
        return SendAsync(HttpMethod.Get, SitePath(energySiteId, "calendar_history") + "?" + query, energySiteId, body: null,
            (status, payload) => ReadEnergyHistory(status, payload, period), cancellationToken);
    }

    public Task<TeslaCommandResult> SetTimeOfUseSettingsAsync(long energySiteId, JsonObject tariffContentV2, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tariffContentV2);
        // DeepClone: a JsonNode can have one parent only, and the caller keeps its own tariff.
        var body = new JsonObject
        {
            ["tou_settings"] = new JsonObject { ["tariff_content_v2"] = tariffContentV2.DeepClone() },
        };
        return SendCommandAsync(energySiteId, "time_of_use_settings", body, cancellationToken);
    }

    public Task<TeslaCommandResult> SetOperationModeAsync(long energySiteId, OperationMode mode, CancellationToken cancellationToken = default) =>
        SendCommandAsync(energySiteId, "operation", new JsonObject { ["default_real_mode"] = mode.ToWire() }, cancellationToken);

    public Task<TeslaCommandResult> SetBackupReserveAsync(long energySiteId, int backupReservePercent, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(backupReservePercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(backupReservePercent, 100);
        return SendCommandAsync(energySiteId, "backup", new JsonObject { ["backup_reserve_percent"] = backupReservePercent }, cancellationToken);
    }

    public Task<TeslaCommandResult> SetGridImportExportAsync(long energySiteId, ExportRule? customerPreferredExportRule,
        bool? disallowChargeFromGridWithSolarInstalled, CancellationToken cancellationToken = default)
    {
        if (customerPreferredExportRule is null && disallowChargeFromGridWithSolarInstalled is null)
        {
            throw new ArgumentException("Give an export rule, a grid-charging setting, or both.");
        }

        var body = new JsonObject();
        if (disallowChargeFromGridWithSolarInstalled is { } disallow)
        {
            body["disallow_charge_from_grid_with_solar_installed"] = disallow;
        }

        if (customerPreferredExportRule is { } rule)
        {
            body["customer_preferred_export_rule"] = rule.ToWire();
        }

        return SendCommandAsync(energySiteId, "grid_import_export", body, cancellationToken);
    }

    public Task<TeslaCommandResult> SetStormModeAsync(long energySiteId, bool enabled, CancellationToken cancellationToken = default) =>
        SendCommandAsync(energySiteId, "storm_mode", new JsonObject { ["enabled"] = enabled }, cancellationToken);

    private Task<TeslaCommandResult> SendCommandAsync(long energySiteId, string command, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, SitePath(energySiteId, command), energySiteId, body.ToJsonString(), ReadCommandResult, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string relativePath, long? energySiteId, string? body,
        Func<HttpStatusCode, JsonElement, T> read, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, _host.Resolve(relativePath));
        request.Headers.Accept.ParseAdd("application/json");
        // Read by the region handler (to re-target the call) and by any budget-counting handler the host adds.
        request.Options.Set(TeslaRequestOptions.RelativePath, relativePath);
        request.Options.Set(TeslaRequestOptions.CallKind, method == HttpMethod.Get ? TeslaCallKind.DataRead : TeslaCallKind.Command);
        if (energySiteId is { } siteId)
        {
            request.Options.Set(TeslaRequestOptions.EnergySiteId, siteId);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw TeslaResponseReader.ToException(response, bytes);
        }

        var payload = TeslaResponseReader.ReadResponseElement(response.StatusCode, bytes);
        return read(response.StatusCode, payload);
    }

    private static string SitePath(long energySiteId, string endpoint) =>
        string.Create(CultureInfo.InvariantCulture, $"api/1/energy_sites/{energySiteId}/{endpoint}");

    private static string Rfc3339(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static IReadOnlyList<EnergySiteProduct> ReadProducts(HttpStatusCode status, JsonElement response)
    {
        if (response.ValueKind != JsonValueKind.Array)
        {
            throw TeslaResponseReader.Malformed(status, $"expected a product array, found {response.ValueKind}");
        }

        var sites = new List<EnergySiteProduct>();
        foreach (var product in response.EnumerateArray())
        {
            // Vehicles share the list (their "id" is even a number where energy sites use a string),
            // so only elements carrying energy_site_id are read at all.
            if (product.ValueKind != JsonValueKind.Object || !product.TryGetProperty("energy_site_id", out _))
            {
                continue;
            }

            var dto = TeslaResponseReader.Deserialize(status, product, TeslaJsonContext.Default.TeslaEnergyProductDto);
            if (dto.EnergySiteId is not { } id)
            {
                throw TeslaResponseReader.Malformed(status, "an energy product has a null energy_site_id");
            }

            sites.Add(new EnergySiteProduct(
                id,
                dto.SiteName,
                dto.ResourceType,
                dto.GatewayId,
                dto.PercentageCharged,
                dto.EnergyLeft,
                dto.TotalPackEnergy,
                dto.Components?.Battery,
                dto.Components?.Solar));
        }

        return sites;
    }

    private static SiteInfo ReadSiteInfo(HttpStatusCode status, JsonElement response)
    {
        var dto = TeslaResponseReader.Deserialize(status, response, TeslaJsonContext.Default.TeslaSiteInfoDto);
        return new SiteInfo(
            dto.SiteName,
            string.IsNullOrWhiteSpace(dto.InstallationTimeZone) ? null : dto.InstallationTimeZone,
            TeslaWireNames.ParseOperationMode(dto.DefaultRealMode),
            dto.BackupReservePercent,
            TeslaWireNames.ParseExportRule(dto.Components?.CustomerPreferredExportRule),
            dto.Components?.DisallowChargeFromGridWithSolarInstalled,
            dto.Components?.NonExportConfigured,
            dto.Version,
            dto.BatteryCount,
            dto.NameplatePower,
            dto.NameplateEnergy,
            dto.TariffContentV2);
    }

    private static LiveStatus ReadLiveStatus(HttpStatusCode status, JsonElement response)
    {
        var dto = TeslaResponseReader.Deserialize(status, response, TeslaJsonContext.Default.TeslaLiveStatusDto);
        // Tesla omits a flow that does not exist at the site (no generator, no solar): that is 0 W.
        return new LiveStatus(
            dto.SolarPower ?? 0,
            dto.BatteryPower ?? 0,
            dto.GridPower ?? 0,
            dto.LoadPower ?? 0,
            dto.GeneratorPower ?? 0,
            dto.PercentageCharged,
            dto.GridStatus,
            dto.IslandStatus,
            dto.StormModeActive,
            dto.Timestamp?.ToUniversalTime());
    }

    private static EnergyHistory ReadEnergyHistory(HttpStatusCode status, JsonElement response, CalendarHistoryPeriod requested)
    {
        var dto = TeslaResponseReader.Deserialize(status, response, TeslaJsonContext.Default.TeslaCalendarHistoryDto);
        var points = new List<EnergyHistoryPoint>(dto.TimeSeries?.Count ?? 0);
        foreach (var p in dto.TimeSeries ?? [])
        {
            if (p.Timestamp is not { } timestamp)
            {
                throw TeslaResponseReader.Malformed(status, "a time_series entry has no timestamp");
            }

            points.Add(new EnergyHistoryPoint(
                timestamp.ToUniversalTime(),
                p.SolarEnergyExported ?? 0,
                p.GeneratorEnergyExported ?? 0,
                p.GridEnergyImported ?? 0,
                p.GridEnergyExportedFromSolar ?? 0,
                p.GridEnergyExportedFromBattery ?? 0,
                p.GridEnergyExportedFromGenerator ?? 0,
                p.BatteryEnergyExported ?? 0,
                p.BatteryEnergyImportedFromGrid ?? 0,
                p.BatteryEnergyImportedFromSolar ?? 0,
                p.BatteryEnergyImportedFromGenerator ?? 0,
                p.ConsumerEnergyImportedFromGrid ?? 0,
                p.ConsumerEnergyImportedFromSolar ?? 0,
                p.ConsumerEnergyImportedFromBattery ?? 0,
                p.ConsumerEnergyImportedFromGenerator ?? 0));
        }

        return new EnergyHistory(requested, string.IsNullOrWhiteSpace(dto.InstallationTimeZone) ? null : dto.InstallationTimeZone, points);
    }

    private static TeslaCommandResult ReadCommandResult(HttpStatusCode status, JsonElement response)
    {
        switch (response.ValueKind)
        {
            case JsonValueKind.True:
                return new TeslaCommandResult(null, null);
            case JsonValueKind.False:
                throw new TeslaApiException(TeslaErrorKind.CommandRejected, "Tesla did not apply the command (response: false).", status);
            case JsonValueKind.Object:
                break;
            default:
                throw TeslaResponseReader.Malformed(status, $"expected a command result object, found {response.ValueKind}");
        }

        var dto = TeslaResponseReader.Deserialize(status, response, TeslaJsonContext.Default.TeslaCommandResponseDto);
        if (dto.Result == false || dto.Code is < 200 or >= 300)
        {
            var detail = dto.Reason ?? dto.Message;
            var code = dto.Code?.ToString(CultureInfo.InvariantCulture) ?? "none";
            throw new TeslaApiException(TeslaErrorKind.CommandRejected,
                $"Tesla did not apply the command (code {code}{(detail is null ? string.Empty : ": " + detail)}).", status, detail);
        }

        return new TeslaCommandResult(dto.Code, dto.Message);
    }
}
