using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeslaSync.Simulator.Tesla;

/// <summary>
/// Fleet API bodies, built as JSON trees in the key order of the Home Assistant fixtures
/// (products.json, site_info.json, live_status.json) so clients written against them parse ours.
/// </summary>
public static class TeslaJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string GatewayId = "STE20240115-00042";
    public const string AssetSiteId = "5d3b7b8e-0c1f-4e52-9a57-5e1a3c6f0d42";
    public const string WarpSiteNumber = "GA2024SIM42";

    public static string Envelope(JsonNode? response) =>
        new JsonObject { ["response"] = response }.ToJsonString(Options);

    public static string Error(string error, string description) =>
        new JsonObject { ["response"] = null, ["error"] = error, ["error_description"] = description }.ToJsonString(Options);

    /// <summary>An OAuth error (token endpoint): no envelope, like Tesla's auth server.</summary>
    public static string OAuthError(string error, string description) =>
        new JsonObject { ["error"] = error, ["error_description"] = description }.ToJsonString(Options);

    public static string Tokens(IssuedTokens tokens) => new JsonObject
    {
        ["access_token"] = tokens.AccessToken,
        ["refresh_token"] = tokens.RefreshToken,
        ["id_token"] = "sim-id-token",
        ["expires_in"] = tokens.ExpiresIn,
        ["state"] = null,
        ["token_type"] = "Bearer",
    }.ToJsonString(Options);

    public static string UserRegion(string region, string fleetApiBaseUrl) =>
        Envelope(new JsonObject { ["region"] = region, ["fleet_api_base_url"] = fleetApiBaseUrl });

    /// <summary>Teslemetry's <c>/api/metadata</c> (no envelope); the region upper-case as Teslemetry sends it.</summary>
    public static string TeslemetryMetadata(TeslaOptions account, IEnumerable<TeslaSiteIdentity> sites)
    {
        ArgumentNullException.ThrowIfNull(account);
        var energySites = new JsonObject();
        foreach (var site in sites)
        {
            energySites[site.EnergySiteId.ToString(CultureInfo.InvariantCulture)] = new JsonObject { ["access"] = true, ["name"] = site.SiteName };
        }

        return new JsonObject
        {
            ["uid"] = "sim-user-0001",
            ["region"] = account.Region.ToUpperInvariant(),
            ["scopes"] = new JsonArray("openid", "offline_access", "user_data", "energy_device_data", "energy_cmds"),
            ["vehicles"] = new JsonObject(),
            ["energy_sites"] = energySites,
        }.ToJsonString(Options);
    }

    /// <summary>The observed success body of every energy command.</summary>
    public static string CommandOk() => Envelope(new JsonObject { ["code"] = 201, ["message"] = "Updated" });

    /// <summary><c>/products</c>: one energy item per site, in id order (the real list may hold vehicles too; ours has none).</summary>
    public static string Products(IReadOnlyCollection<JsonObject> energySites) => new JsonObject
    {
        ["response"] = new JsonArray([.. energySites]),
        ["count"] = energySites.Count,
    }.ToJsonString(Options);

    /// <summary>One energy site's item of <c>/products</c>, in the fixture's key order.</summary>
    public static JsonObject ProductsItem(TeslaSiteIdentity site, LiveSample live, bool stormMode) => new()
    {
        ["energy_site_id"] = site.EnergySiteId,
        ["resource_type"] = "battery",
        ["site_name"] = site.SiteName,
        ["id"] = site.GatewayId,
        ["gateway_id"] = site.GatewayId,
        ["asset_site_id"] = site.AssetSiteId,
        ["warp_site_number"] = site.WarpSiteNumber,
        ["energy_left"] = live.EnergyLeft,
        ["total_pack_energy"] = live.TotalPackEnergy,
        ["percentage_charged"] = live.PercentageCharged,
        ["battery_type"] = "ac_powerwall",
        ["backup_capable"] = true,
        ["battery_power"] = live.BatteryPower,
        ["go_off_grid_test_banner_enabled"] = null,
        ["storm_mode_enabled"] = stormMode,
        ["powerwall_onboarding_settings_set"] = true,
        ["powerwall_tesla_electric_interested_in"] = null,
        ["vpp_tour_enabled"] = null,
        ["sync_grid_alert_enabled"] = true,
        ["breaker_alert_enabled"] = true,
        ["components"] = new JsonObject
        {
            ["battery"] = true,
            ["battery_type"] = "ac_powerwall",
            ["solar"] = true,
            ["solar_type"] = "pv_panel",
            ["grid"] = true,
            ["load_meter"] = true,
            ["market_type"] = "residential",
            ["wall_connectors"] = new JsonArray(),
        },
        ["features"] = new JsonObject { ["rate_plan_manager_no_pricing_constraint"] = true },
    };

    /// <param name="site">The site's hardware and time zone (the same for every site of the account).</param>
    /// <param name="identity">Which site: its id, name and gateway.</param>
    public static string SiteInfo(TeslaOptions site, TeslaSiteIdentity identity, TeslaSiteState state, DateTimeOffset installationDate)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(state);
        var batteries = new JsonArray();
        for (var i = 1; i <= site.BatteryCount; i++)
        {
            batteries.Add(new JsonObject
            {
                ["device_id"] = $"battery-{i}",
                ["din"] = $"3012170-10-B--TG12345678{i:D4}",
                ["serial_number"] = $"TG12345678{i:D4}",
                ["part_number"] = "3012170-10-B",
                ["part_type"] = 2,
                ["part_name"] = site.BatteryPartName,
                ["nameplate_max_charge_power"] = (int)site.PowerPerBatteryW,
                ["nameplate_max_discharge_power"] = (int)site.PowerPerBatteryW,
                ["nameplate_energy"] = (int)site.EnergyPerBatteryWh,
            });
        }

        var response = new JsonObject
        {
            ["id"] = identity.GatewayId,
            ["site_name"] = identity.SiteName,
            ["backup_reserve_percent"] = state.BackupReservePercent,
            ["default_real_mode"] = state.DefaultRealMode,
            ["installation_date"] = installationDate.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["user_settings"] = new JsonObject
            {
                ["go_off_grid_test_banner_enabled"] = false,
                ["storm_mode_enabled"] = state.StormModeEnabled,
                ["powerwall_onboarding_settings_set"] = true,
                ["powerwall_tesla_electric_interested_in"] = false,
                ["vpp_tour_enabled"] = false,
                ["sync_grid_alert_enabled"] = true,
                ["breaker_alert_enabled"] = false,
            },
            ["components"] = new JsonObject
            {
                ["solar"] = true,
                ["solar_type"] = "pv_panel",
                ["battery"] = true,
                ["grid"] = true,
                ["backup"] = true,
                ["gateway"] = "teg",
                ["load_meter"] = true,
                ["tou_capable"] = true,
                ["storm_mode_capable"] = true,
                ["flex_energy_request_capable"] = false,
                ["car_charging_data_supported"] = false,
                ["off_grid_vehicle_charging_reserve_supported"] = true,
                ["vehicle_charging_performance_view_enabled"] = false,
                ["vehicle_charging_solar_offset_view_enabled"] = false,
                ["battery_solar_offset_view_enabled"] = true,
                ["solar_value_enabled"] = true,
                ["energy_value_header"] = "Energy Value",
                ["energy_value_subheader"] = "Estimated Value",
                ["energy_service_self_scheduling_enabled"] = true,
                ["show_grid_import_battery_source_cards"] = true,
                ["set_islanding_mode_enabled"] = true,
                ["wifi_commissioning_enabled"] = true,
                ["backup_time_remaining_enabled"] = true,
                ["battery_type"] = "ac_powerwall",
                ["configurable"] = true,
                ["grid_services_enabled"] = false,
                ["gateways"] = new JsonArray(new JsonObject
                {
                    ["device_id"] = "gateway-1",
                    ["din"] = "1152100-14-J--CN321365D2U06J",
                    ["serial_number"] = "CN321365D2U06J",
                    ["part_number"] = "1152100-14-J",
                    ["part_type"] = 10,
                    ["part_name"] = "Tesla Backup Gateway 2",
                    ["is_active"] = true,
                    ["site_id"] = identity.AssetSiteId,
                    ["firmware_version"] = "24.4.0 0fe780c9",
                    ["updated_datetime"] = "2024-05-14T00:00:00.000Z",
                }),
                ["batteries"] = batteries,
                ["wall_connectors"] = new JsonArray(),
                ["disallow_charge_from_grid_with_solar_installed"] = state.DisallowChargeFromGridWithSolar,
                ["customer_preferred_export_rule"] = state.ExportRule,
                ["net_meter_mode"] = "battery_ok",
                ["system_alerts_enabled"] = true,
            },
            ["version"] = "24.4.0 0fe780c9",
            ["battery_count"] = site.BatteryCount,
            ["tou_settings"] = new JsonObject
            {
                ["optimization_strategy"] = "economics",
                ["schedule"] = new JsonArray(),
            },
            ["nameplate_power"] = (int)(site.PowerPerBatteryW * site.BatteryCount),
            ["nameplate_energy"] = (int)(site.EnergyPerBatteryWh * site.BatteryCount),
            ["installation_time_zone"] = site.InstallationTimeZone,
            ["max_site_meter_power_ac"] = 1000000000,
            ["min_site_meter_power_ac"] = -1000000000,
            // Position as in the multi-season fixture; it is whatever was last uploaded.
            ["tariff_content_v2"] = state.TariffContentV2(),
            ["vpp_backup_reserve_percent"] = 0,
        };
        return Envelope(response);
    }

    public static string LiveStatus(LiveSample live, DateTimeOffset siteTime) => Envelope(new JsonObject
    {
        ["solar_power"] = live.SolarPower,
        ["energy_left"] = live.EnergyLeft,
        ["total_pack_energy"] = live.TotalPackEnergy,
        ["percentage_charged"] = live.PercentageCharged,
        ["backup_capable"] = true,
        ["battery_power"] = live.BatteryPower,
        ["load_power"] = live.LoadPower,
        ["grid_status"] = "Active",
        ["grid_services_active"] = false,
        ["grid_power"] = live.GridPower,
        ["grid_services_power"] = 0,
        ["generator_power"] = 0,
        ["island_status"] = "on_grid",
        ["storm_mode_active"] = false,
        ["timestamp"] = siteTime.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        ["wall_connectors"] = new JsonArray(),
    });

    /// <summary>
    /// <c>calendar_history?kind=energy</c>: one object per bucket with every flow in Wh, in the key
    /// order of the captured fixture; the <c>total_*</c> keys only when non-zero, as there.
    /// </summary>
    public static string CalendarHistory(string serialNumber, string period, string installationTimeZone, IReadOnlyList<HistoryBucket> buckets)
    {
        var series = new JsonArray();
        foreach (var bucket in buckets)
        {
            var e = bucket.Energy;
            var stamp = bucket.Start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            var point = new JsonObject
            {
                ["timestamp"] = stamp,
                ["solar_energy_exported"] = e.Solar,
                ["generator_energy_exported"] = 0,
                ["grid_energy_imported"] = e.GridImport,
                ["grid_services_energy_imported"] = 0,
                ["grid_services_energy_exported"] = 0,
                ["grid_energy_exported_from_solar"] = e.SolarToGrid,
                ["grid_energy_exported_from_generator"] = 0,
                ["grid_energy_exported_from_battery"] = e.BatteryToGrid,
                ["battery_energy_exported"] = e.BatteryDischarge,
                ["battery_energy_imported_from_grid"] = e.GridToBattery,
                ["battery_energy_imported_from_solar"] = e.SolarToBattery,
                ["battery_energy_imported_from_generator"] = 0,
                ["consumer_energy_imported_from_grid"] = e.GridToHome,
                ["consumer_energy_imported_from_solar"] = e.SolarToHome,
                ["consumer_energy_imported_from_battery"] = e.BatteryToHome,
                ["consumer_energy_imported_from_generator"] = 0,
                ["raw_timestamp"] = stamp,
            };
            AddIfNonZero(point, "total_home_usage", e.Home);
            AddIfNonZero(point, "total_solar_generation", e.Solar);
            AddIfNonZero(point, "total_battery_charge", e.BatteryCharge);
            AddIfNonZero(point, "total_battery_discharge", e.BatteryDischarge);
            AddIfNonZero(point, "total_grid_energy_exported", e.GridExport);
            series.Add(point);
        }

        return Envelope(new JsonObject
        {
            ["serial_number"] = serialNumber,
            ["period"] = period,
            ["installation_time_zone"] = installationTimeZone,
            ["time_series"] = series,
        });
    }

    /// <summary><c>calendar_history?kind=backup</c>: the simulated grid never fails, so no outage events.</summary>
    public static string BackupHistory() => Envelope(new JsonObject { ["events"] = new JsonArray(), ["total_events"] = 0 });

    private static void AddIfNonZero(JsonObject point, string key, double value)
    {
        if (value != 0)
        {
            point[key] = value;
        }
    }
}
