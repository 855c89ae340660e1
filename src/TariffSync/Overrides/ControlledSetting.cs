namespace TeslaSync.TariffSync.Overrides;

/// <summary>
/// A Powerwall setting an override can take over. Each one has its own baseline, captured when
/// the first override takes it and restored when the last one lets go of it.
/// </summary>
public enum ControlledSetting
{
    Tariff,
    OperationMode,
    BackupReserve,
    ExportRule,
    GridCharging,
}

/// <summary>What an override does to the Powerwall.</summary>
public enum OverrideKind
{
    /// <summary>AEMO spike: sell high in the spike window, never grid-charge to export; autonomous mode.</summary>
    SpikeTariff,

    /// <summary>Export the battery now: sell high in the window; autonomous mode.</summary>
    ForceDischarge,

    /// <summary>Charge the battery now: buy almost free in the window, sell nothing; autonomous mode.</summary>
    ForceCharge,

    /// <summary>What the site may export (curtailment sets <c>never</c>).</summary>
    ExportRule,

    /// <summary>Whether the battery may charge from the grid (a demand window blocks it).</summary>
    GridCharging,

    /// <summary>self_consumption, autonomous or backup.</summary>
    OperationMode,

    /// <summary>The backup reserve, %.</summary>
    BackupReserve,
}

/// <summary>The settings in the order they are written.</summary>
public static class SettingOrder
{
    /// <summary>
    /// Tariff before operation mode: SPEC §3 restores the baseline tariff first and only then the
    /// mode, so a Powerwall that is still in autonomous mode never follows our override tariff
    /// after the override is gone. The other settings are independent of each other.
    /// </summary>
    public static IReadOnlyList<ControlledSetting> Writes { get; } =
    [
        ControlledSetting.Tariff,
        ControlledSetting.OperationMode,
        ControlledSetting.BackupReserve,
        ControlledSetting.ExportRule,
        ControlledSetting.GridCharging,
    ];
}

/// <summary>How messages and the control log name a setting.</summary>
public static class SettingNames
{
    public static string Of(ControlledSetting setting) => setting switch
    {
        ControlledSetting.Tariff => "tariff",
        ControlledSetting.OperationMode => "operation mode",
        ControlledSetting.BackupReserve => "backup reserve",
        ControlledSetting.ExportRule => "export rule",
        ControlledSetting.GridCharging => "grid charging",
        _ => setting.ToString(),
    };
}
