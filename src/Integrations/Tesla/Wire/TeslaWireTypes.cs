using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace TeslaSync.Integrations.Tesla.Wire;

// Tesla's JSON with Tesla's exact field names. Only the fields the system uses are declared;
// everything else (addresses, serial numbers, wall connectors…) is ignored and never copied.

/// <summary>Error part of the envelope: <c>{"response":null,"error":"…","error_description":"…"}</c>.</summary>
internal sealed class TeslaErrorDto
{
    [JsonPropertyName("error")] public string? Error { get; set; }

    [JsonPropertyName("error_description")] public string? ErrorDescription { get; set; }
}

internal sealed class TeslaEnergyProductDto
{
    [JsonPropertyName("energy_site_id")] public long? EnergySiteId { get; set; }

    [JsonPropertyName("site_name")] public string? SiteName { get; set; }

    [JsonPropertyName("resource_type")] public string? ResourceType { get; set; }

    [JsonPropertyName("gateway_id")] public string? GatewayId { get; set; }

    [JsonPropertyName("percentage_charged")] public double? PercentageCharged { get; set; }

    [JsonPropertyName("energy_left")] public double? EnergyLeft { get; set; }

    [JsonPropertyName("total_pack_energy")] public double? TotalPackEnergy { get; set; }

    [JsonPropertyName("components")] public TeslaProductComponentsDto? Components { get; set; }
}

internal sealed class TeslaProductComponentsDto
{
    [JsonPropertyName("battery")] public bool? Battery { get; set; }

    [JsonPropertyName("solar")] public bool? Solar { get; set; }
}

internal sealed class TeslaSiteInfoDto
{
    [JsonPropertyName("site_name")] public string? SiteName { get; set; }

    [JsonPropertyName("installation_time_zone")] public string? InstallationTimeZone { get; set; }

    [JsonPropertyName("default_real_mode")] public string? DefaultRealMode { get; set; }

    [JsonPropertyName("backup_reserve_percent")] public double? BackupReservePercent { get; set; }

    [JsonPropertyName("version")] public string? Version { get; set; }

    [JsonPropertyName("battery_count")] public int? BatteryCount { get; set; }

    [JsonPropertyName("nameplate_power")] public double? NameplatePower { get; set; }

    [JsonPropertyName("nameplate_energy")] public double? NameplateEnergy { get; set; }

    [JsonPropertyName("components")] public TeslaSiteComponentsDto? Components { get; set; }

    [JsonPropertyName("tariff_content_v2")] public JsonObject? TariffContentV2 { get; set; }
}

internal sealed class TeslaSiteComponentsDto
{
    [JsonPropertyName("customer_preferred_export_rule")] public string? CustomerPreferredExportRule { get; set; }

    [JsonPropertyName("disallow_charge_from_grid_with_solar_installed")] public bool? DisallowChargeFromGridWithSolarInstalled { get; set; }

    [JsonPropertyName("non_export_configured")] public bool? NonExportConfigured { get; set; }
}

internal sealed class TeslaLiveStatusDto
{
    [JsonPropertyName("solar_power")] public double? SolarPower { get; set; }

    [JsonPropertyName("battery_power")] public double? BatteryPower { get; set; }

    [JsonPropertyName("grid_power")] public double? GridPower { get; set; }

    [JsonPropertyName("load_power")] public double? LoadPower { get; set; }

    [JsonPropertyName("generator_power")] public double? GeneratorPower { get; set; }

    [JsonPropertyName("percentage_charged")] public double? PercentageCharged { get; set; }

    [JsonPropertyName("grid_status")] public string? GridStatus { get; set; }

    [JsonPropertyName("island_status")] public string? IslandStatus { get; set; }

    [JsonPropertyName("storm_mode_active")] public bool? StormModeActive { get; set; }

    [JsonPropertyName("timestamp")] public DateTimeOffset? Timestamp { get; set; }
}

/// <summary>Energy command reply: <c>{"code":201,"message":"Updated"}</c>; vehicle-style replies use <c>result</c>/<c>reason</c>.</summary>
internal sealed class TeslaCommandResponseDto
{
    [JsonPropertyName("code")] public int? Code { get; set; }

    [JsonPropertyName("message")] public string? Message { get; set; }

    [JsonPropertyName("result")] public bool? Result { get; set; }

    [JsonPropertyName("reason")] public string? Reason { get; set; }
}

/// <summary><c>GET /api/1/energy_sites/{id}/calendar_history?kind=energy</c> response (Wh per bucket).</summary>
internal sealed class TeslaCalendarHistoryDto
{
    [JsonPropertyName("period")] public string? Period { get; set; }

    [JsonPropertyName("installation_time_zone")] public string? InstallationTimeZone { get; set; }

    [JsonPropertyName("time_series")] public List<TeslaEnergyHistoryPointDto>? TimeSeries { get; set; }
}

// Tesla omits a flow the site does not have (and total_* when zero): absent is 0 Wh.
internal sealed class TeslaEnergyHistoryPointDto
{
    [JsonPropertyName("timestamp")] public DateTimeOffset? Timestamp { get; set; }

    [JsonPropertyName("solar_energy_exported")] public double? SolarEnergyExported { get; set; }

    [JsonPropertyName("generator_energy_exported")] public double? GeneratorEnergyExported { get; set; }

    [JsonPropertyName("grid_energy_imported")] public double? GridEnergyImported { get; set; }

    [JsonPropertyName("grid_energy_exported_from_solar")] public double? GridEnergyExportedFromSolar { get; set; }

    [JsonPropertyName("grid_energy_exported_from_generator")] public double? GridEnergyExportedFromGenerator { get; set; }

    [JsonPropertyName("grid_energy_exported_from_battery")] public double? GridEnergyExportedFromBattery { get; set; }

    [JsonPropertyName("battery_energy_exported")] public double? BatteryEnergyExported { get; set; }

    [JsonPropertyName("battery_energy_imported_from_grid")] public double? BatteryEnergyImportedFromGrid { get; set; }

    [JsonPropertyName("battery_energy_imported_from_solar")] public double? BatteryEnergyImportedFromSolar { get; set; }

    [JsonPropertyName("battery_energy_imported_from_generator")] public double? BatteryEnergyImportedFromGenerator { get; set; }

    [JsonPropertyName("consumer_energy_imported_from_grid")] public double? ConsumerEnergyImportedFromGrid { get; set; }

    [JsonPropertyName("consumer_energy_imported_from_solar")] public double? ConsumerEnergyImportedFromSolar { get; set; }

    [JsonPropertyName("consumer_energy_imported_from_battery")] public double? ConsumerEnergyImportedFromBattery { get; set; }

    [JsonPropertyName("consumer_energy_imported_from_generator")] public double? ConsumerEnergyImportedFromGenerator { get; set; }
}

/// <summary><c>GET /api/1/users/region</c>: <c>{"response":{"region":"na","fleet_api_base_url":"https://…"}}</c>.</summary>
internal sealed class TeslaUserRegionEnvelopeDto
{
    [JsonPropertyName("response")] public TeslaUserRegionDto? Response { get; set; }
}

internal sealed class TeslaUserRegionDto
{
    [JsonPropertyName("region")] public string? Region { get; set; }

    [JsonPropertyName("fleet_api_base_url")] public string? FleetApiBaseUrl { get; set; }
}

/// <summary>Teslemetry <c>GET /api/metadata</c> (no envelope); only the region is read.</summary>
internal sealed class TeslemetryMetadataDto
{
    [JsonPropertyName("region")] public string? Region { get; set; }
}

/// <summary>OAuth token endpoint answer. Holds secrets: never logged, never echoed.</summary>
internal sealed class TeslaTokenResponseDto
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }

    [JsonPropertyName("refresh_token")] public string? RefreshToken { get; set; }

    [JsonPropertyName("expires_in")] public long? ExpiresIn { get; set; }

    [JsonPropertyName("token_type")] public string? TokenType { get; set; }
}

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TeslaErrorDto))]
[JsonSerializable(typeof(TeslaEnergyProductDto))]
[JsonSerializable(typeof(TeslaSiteInfoDto))]
[JsonSerializable(typeof(TeslaLiveStatusDto))]
[JsonSerializable(typeof(TeslaCommandResponseDto))]
[JsonSerializable(typeof(TeslaCalendarHistoryDto))]
[JsonSerializable(typeof(TeslaUserRegionEnvelopeDto))]
[JsonSerializable(typeof(TeslemetryMetadataDto))]
[JsonSerializable(typeof(TeslaTokenResponseDto))]
internal sealed partial class TeslaJsonContext : JsonSerializerContext;
