namespace TeslaSync.Integrations.Tesla;

/// <summary>Powerwall operation mode (<c>default_real_mode</c>).</summary>
public enum OperationMode
{
    /// <summary><c>self_consumption</c>: store solar, power the home.</summary>
    SelfConsumption,

    /// <summary><c>autonomous</c>: Tesla "Time-Based Control", follows the uploaded tariff.</summary>
    Autonomous,

    /// <summary><c>backup</c>: keep the battery full for outages.</summary>
    Backup,
}

/// <summary>What the site may export (<c>customer_preferred_export_rule</c>).</summary>
public enum ExportRule
{
    /// <summary><c>never</c>: no export at all (used to curtail solar at negative prices).</summary>
    Never,

    /// <summary><c>pv_only</c>: solar may export, the battery may not.</summary>
    PvOnly,

    /// <summary><c>battery_ok</c>: solar and battery may export.</summary>
    BatteryOk,
}

/// <summary>Mapping between the enums and Tesla's wire strings.</summary>
internal static class TeslaWireNames
{
    public static string ToWire(this OperationMode mode) => mode switch
    {
        OperationMode.SelfConsumption => "self_consumption",
        OperationMode.Autonomous => "autonomous",
        OperationMode.Backup => "backup",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown operation mode."),
    };

    public static string ToWire(this ExportRule rule) => rule switch
    {
        ExportRule.Never => "never",
        ExportRule.PvOnly => "pv_only",
        ExportRule.BatteryOk => "battery_ok",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown export rule."),
    };

    public static string ToWire(this CalendarHistoryPeriod period) => period switch
    {
        CalendarHistoryPeriod.Day => "day",
        CalendarHistoryPeriod.Week => "week",
        CalendarHistoryPeriod.Month => "month",
        CalendarHistoryPeriod.Year => "year",
        CalendarHistoryPeriod.Lifetime => "lifetime",
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown calendar history period."),
    };

    public static OperationMode? ParseOperationMode(string? value) => value switch
    {
        "self_consumption" => OperationMode.SelfConsumption,
        "autonomous" => OperationMode.Autonomous,
        "backup" => OperationMode.Backup,
        _ => null,
    };

    public static ExportRule? ParseExportRule(string? value) => value switch
    {
        "never" => ExportRule.Never,
        "pv_only" => ExportRule.PvOnly,
        "battery_ok" => ExportRule.BatteryOk,
        _ => null,
    };
}
