using System.Text.Json.Nodes;

namespace TeslaSync.Integrations.Tesla;

/// <summary>An energy site from <c>GET /api/1/products</c> (vehicles in the same list are left out).</summary>
/// <param name="EnergySiteId">The id to use in every <c>/energy_sites/{id}</c> path.</param>
/// <param name="ResourceType"><c>battery</c> or <c>solar</c>; null for a bare site.</param>
/// <param name="GatewayId">Gateway identifier (a serial-like value: do not log it).</param>
/// <param name="HasBattery">From <c>components.battery</c>; the sites worth controlling have one.</param>
public sealed record EnergySiteProduct(
    long EnergySiteId,
    string? SiteName,
    string? ResourceType,
    string? GatewayId,
    double? PercentageCharged,
    double? EnergyLeftWh,
    double? TotalPackEnergyWh,
    bool? HasBattery,
    bool? HasSolar);

/// <summary>Configuration of an energy site from <c>GET /api/1/energy_sites/{id}/site_info</c>.</summary>
/// <param name="InstallationTimeZone">IANA zone, or null when the Powerwall reports none (it sends <c>""</c>): the caller must then fall back to a configured zone, never to +10.</param>
/// <param name="DefaultRealMode">Null when absent or a mode this version does not know.</param>
/// <param name="CustomerPreferredExportRule">From <c>components</c>; null when absent (some VPP sites) or unknown — then see <paramref name="NonExportConfigured"/>.</param>
/// <param name="NonExportConfigured"><c>components.non_export_configured</c> when present.</param>
/// <param name="FirmwareVersion">Site <c>version</c>, e.g. <c>23.44.0 eb113390</c>.</param>
/// <param name="NameplatePowerW">Total battery power, W.</param>
/// <param name="NameplateEnergyWh">Total battery energy, Wh.</param>
/// <param name="TariffContentV2">The tariff now on the Powerwall, raw, for read-back comparison and saved profiles; null when the site has none.</param>
public sealed record SiteInfo(
    string? SiteName,
    string? InstallationTimeZone,
    OperationMode? DefaultRealMode,
    double? BackupReservePercent,
    ExportRule? CustomerPreferredExportRule,
    bool? DisallowChargeFromGridWithSolarInstalled,
    bool? NonExportConfigured,
    string? FirmwareVersion,
    int? BatteryCount,
    double? NameplatePowerW,
    double? NameplateEnergyWh,
    JsonObject? TariffContentV2);

/// <summary>Instantaneous power flows from <c>GET /api/1/energy_sites/{id}/live_status</c>, in W and %.</summary>
/// <remarks>
/// Sign convention (Tesla's, kept as is): load = solar + battery + grid (+ generator).
/// <see cref="BatteryPowerW"/> &gt; 0 means discharging, &lt; 0 charging;
/// <see cref="GridPowerW"/> &gt; 0 means importing, &lt; 0 exporting; solar and load are ≥ 0.
/// </remarks>
/// <param name="GridStatus"><c>Active</c> when grid-connected, <c>Inactive</c> when islanded.</param>
/// <param name="Timestamp">Tesla's sample time, converted to UTC.</param>
public sealed record LiveStatus(
    double SolarPowerW,
    double BatteryPowerW,
    double GridPowerW,
    double LoadPowerW,
    double GeneratorPowerW,
    double? PercentageCharged,
    string? GridStatus,
    string? IslandStatus,
    bool? StormModeActive,
    DateTimeOffset? Timestamp);

/// <summary>Tesla's answer to an energy command, normally <c>{"code":201,"message":"Updated"}</c>.</summary>
public sealed record TeslaCommandResult(int? Code, string? Message);

/// <summary>The <c>period</c> of <c>calendar_history</c>: how much history one request covers.</summary>
public enum CalendarHistoryPeriod
{
    Day,
    Week,
    Month,
    Year,
    Lifetime,
}

/// <summary>Energy flows per bucket from <c>GET /api/1/energy_sites/{id}/calendar_history?kind=energy</c>.</summary>
/// <param name="InstallationTimeZone">As Tesla reports it; null when empty.</param>
/// <param name="Points">Oldest first, as Tesla sends them.</param>
public sealed record EnergyHistory(CalendarHistoryPeriod Period, string? InstallationTimeZone, IReadOnlyList<EnergyHistoryPoint> Points);

/// <summary>
/// One bucket of energy flows, in Wh, named after where the energy went. For <c>period=day</c> buckets start on
/// 15-minute boundaries of site time. Flows Tesla leaves out are 0.
/// </summary>
/// <param name="Start">Bucket start, converted to UTC (Tesla sends site-local time with offset).</param>
public sealed record EnergyHistoryPoint(
    DateTimeOffset Start,
    double SolarGeneratedWh,
    double GeneratorGeneratedWh,
    double GridImportedWh,
    double GridExportedFromSolarWh,
    double GridExportedFromBatteryWh,
    double GridExportedFromGeneratorWh,
    double BatteryDischargedWh,
    double BatteryChargedFromGridWh,
    double BatteryChargedFromSolarWh,
    double BatteryChargedFromGeneratorWh,
    double HomeFromGridWh,
    double HomeFromSolarWh,
    double HomeFromBatteryWh,
    double HomeFromGeneratorWh)
{
    public double GridExportedWh => GridExportedFromSolarWh + GridExportedFromBatteryWh + GridExportedFromGeneratorWh;

    public double BatteryChargedWh => BatteryChargedFromGridWh + BatteryChargedFromSolarWh + BatteryChargedFromGeneratorWh;

    public double HomeUsageWh => HomeFromGridWh + HomeFromSolarWh + HomeFromBatteryWh + HomeFromGeneratorWh;
}
