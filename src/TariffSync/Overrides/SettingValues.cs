using System.Globalization;
using TeslaSync.Integrations.Tesla;

namespace TeslaSync.TariffSync.Overrides;

/// <summary>
/// The stored (and compared) text of a non-tariff setting value: Tesla's own wire words, so the
/// database and the logs read like the API. A tariff value is its <c>tariff_content_v2</c> JSON.
/// </summary>
public static class SettingValues
{
    public const string GridChargingAllowed = "allowed";
    public const string GridChargingBlocked = "blocked";

    public static string Of(OperationMode mode) => mode switch
    {
        OperationMode.SelfConsumption => "self_consumption",
        OperationMode.Autonomous => "autonomous",
        OperationMode.Backup => "backup",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown operation mode."),
    };

    public static string Of(ExportRule rule) => rule switch
    {
        ExportRule.Never => "never",
        ExportRule.PvOnly => "pv_only",
        ExportRule.BatteryOk => "battery_ok",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown export rule."),
    };

    public static string OfReserve(int percent) => percent.ToString(CultureInfo.InvariantCulture);

    public static string OfGridCharging(bool allowed) => allowed ? GridChargingAllowed : GridChargingBlocked;

    public static OperationMode ParseMode(string value) => value switch
    {
        "self_consumption" => OperationMode.SelfConsumption,
        "autonomous" => OperationMode.Autonomous,
        "backup" => OperationMode.Backup,
        _ => throw new FormatException($"'{value}' is not an operation mode."),
    };

    public static ExportRule ParseExportRule(string value) => value switch
    {
        "never" => ExportRule.Never,
        "pv_only" => ExportRule.PvOnly,
        "battery_ok" => ExportRule.BatteryOk,
        _ => throw new FormatException($"'{value}' is not an export rule."),
    };

    public static int ParseReserve(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

    public static bool ParseGridChargingAllowed(string value) => value switch
    {
        GridChargingAllowed => true,
        GridChargingBlocked => false,
        _ => throw new FormatException($"'{value}' is not a grid-charging value."),
    };

    /// <summary>
    /// What the Powerwall reports for a non-tariff setting, as a baseline; null when it reports
    /// nothing usable (then no baseline can be taken and the override is refused).
    /// </summary>
    public static string? BaselineOf(SiteInfo info, ControlledSetting setting)
    {
        ArgumentNullException.ThrowIfNull(info);
        return setting switch
        {
            ControlledSetting.OperationMode => info.DefaultRealMode is { } mode ? Of(mode) : null,
            ControlledSetting.BackupReserve => info.BackupReservePercent is { } reserve
                ? OfReserve((int)Math.Round(reserve, MidpointRounding.AwayFromZero))
                : null,
            // Some VPP sites do not report the rule (SPEC §4): derive it from non_export_configured;
            // battery_ok is the default a site has when nothing restricts it.
            ControlledSetting.ExportRule => Of(info.CustomerPreferredExportRule
                ?? (info.NonExportConfigured == true ? ExportRule.Never : ExportRule.BatteryOk)),
            // Absent means Tesla's default: grid charging is allowed.
            ControlledSetting.GridCharging => OfGridCharging(info.DisallowChargeFromGridWithSolarInstalled != true),
            _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, "The tariff baseline comes from BaselineTariffChoice."),
        };
    }
}
