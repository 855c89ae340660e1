using System.Globalization;
using System.Text.Json.Serialization;
using TeslaSync.Integrations.Tesla;

namespace TeslaSync.TariffSync.Overrides;

/// <summary>
/// What an override asks of the Powerwall. Records, so "the same payload again" is plain equality
/// (and sends nothing). Stored as JSON with a <c>type</c> discriminator.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SpikeTariffPayload), "spike-tariff")]
[JsonDerivedType(typeof(ForceDischargePayload), "force-discharge")]
[JsonDerivedType(typeof(ForceChargePayload), "force-charge")]
[JsonDerivedType(typeof(ExportRulePayload), "export-rule")]
[JsonDerivedType(typeof(GridChargingPayload), "grid-charging")]
[JsonDerivedType(typeof(OperationModePayload), "operation-mode")]
[JsonDerivedType(typeof(BackupReservePayload), "backup-reserve")]
public abstract record OverridePayload
{
    [JsonIgnore]
    public abstract OverrideKind Kind { get; }

    /// <summary>The settings this override takes over.</summary>
    [JsonIgnore]
    public abstract IReadOnlyList<ControlledSetting> Settings { get; }

    /// <summary>Tariff overrides need an end: a tariff window cannot be open-ended.</summary>
    [JsonIgnore]
    public virtual bool NeedsUntil => false;

    /// <summary>
    /// The value wanted for <paramref name="setting"/> (one of <see cref="Settings"/>, not the
    /// tariff: that depends on the site's zone and the window, see <see cref="OverrideTariffs"/>).
    /// </summary>
    public abstract string ValueOf(ControlledSetting setting);

    /// <summary>A short human description for the API and the log.</summary>
    public abstract string Describe();

    /// <summary>Null when the payload is usable, else why not.</summary>
    public virtual string? Problem() => null;
}

/// <summary>
/// An override that uploads its own tariff. Time-Based Control (autonomous) is the only mode in
/// which the Powerwall follows a tariff, so every one of these also takes the operation mode.
/// </summary>
public abstract record TariffPayload : OverridePayload
{
    private static readonly IReadOnlyList<ControlledSetting> TariffAndMode = [ControlledSetting.Tariff, ControlledSetting.OperationMode];

    public override IReadOnlyList<ControlledSetting> Settings => TariffAndMode;

    public override bool NeedsUntil => true;

    public override string ValueOf(ControlledSetting setting) => setting == ControlledSetting.OperationMode
        ? SettingValues.Of(OperationMode.Autonomous)
        : throw new ArgumentOutOfRangeException(nameof(setting), setting, "A tariff override's tariff is built by OverrideTariffs.");
}

/// <summary>Spike export: sell at <paramref name="SellPerKwh"/> ($/kWh) in the window.</summary>
public sealed record SpikeTariffPayload(decimal SellPerKwh) : TariffPayload
{
    public override OverrideKind Kind => OverrideKind.SpikeTariff;

    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"spike tariff, sell ${SellPerKwh:0.0000}/kWh");

    public override string? Problem() => SellProblem(SellPerKwh);

    internal static string? SellProblem(decimal sell) =>
        sell is > 0m and <= OverrideTariffs.MaxRatePerKwh ? null : $"The sell rate must be above 0 and at most ${OverrideTariffs.MaxRatePerKwh}/kWh.";
}

/// <summary>Export the battery now: sell at <paramref name="SellPerKwh"/> ($/kWh) in the window.</summary>
public sealed record ForceDischargePayload(decimal SellPerKwh) : TariffPayload
{
    public override OverrideKind Kind => OverrideKind.ForceDischarge;

    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"force discharge, sell ${SellPerKwh:0.0000}/kWh");

    public override string? Problem() => SpikeTariffPayload.SellProblem(SellPerKwh);
}

/// <summary>Charge the battery now (rates from <see cref="TariffOverrideOptions"/>).</summary>
public sealed record ForceChargePayload : TariffPayload
{
    public override OverrideKind Kind => OverrideKind.ForceCharge;

    public override string Describe() => "force charge";
}

/// <summary>Base of the overrides that take exactly one non-tariff setting.</summary>
public abstract record SingleSettingPayload : OverridePayload
{
    protected abstract ControlledSetting Setting { get; }

    protected abstract string Value { get; }

    public override IReadOnlyList<ControlledSetting> Settings => [Setting];

    public override string ValueOf(ControlledSetting setting) => setting == Setting
        ? Value
        : throw new ArgumentOutOfRangeException(nameof(setting), setting, $"A {Kind} override takes only the {Setting}.");
}

public sealed record ExportRulePayload(ExportRule Rule) : SingleSettingPayload
{
    public override OverrideKind Kind => OverrideKind.ExportRule;

    protected override ControlledSetting Setting => ControlledSetting.ExportRule;

    protected override string Value => SettingValues.Of(Rule);

    public override string Describe() => $"export rule {Value}";

    public override string? Problem() => Enum.IsDefined(Rule) ? null : "Unknown export rule.";
}

public sealed record GridChargingPayload(bool Allowed) : SingleSettingPayload
{
    public override OverrideKind Kind => OverrideKind.GridCharging;

    protected override ControlledSetting Setting => ControlledSetting.GridCharging;

    protected override string Value => SettingValues.OfGridCharging(Allowed);

    public override string Describe() => $"grid charging {Value}";
}

public sealed record OperationModePayload(OperationMode Mode) : SingleSettingPayload
{
    public override OverrideKind Kind => OverrideKind.OperationMode;

    protected override ControlledSetting Setting => ControlledSetting.OperationMode;

    protected override string Value => SettingValues.Of(Mode);

    public override string Describe() => $"operation mode {Value}";

    public override string? Problem() => Enum.IsDefined(Mode) ? null : "Unknown operation mode.";
}

public sealed record BackupReservePayload(int Percent) : SingleSettingPayload
{
    public override OverrideKind Kind => OverrideKind.BackupReserve;

    protected override ControlledSetting Setting => ControlledSetting.BackupReserve;

    protected override string Value => SettingValues.OfReserve(Percent);

    public override string Describe() => $"backup reserve {Value}%";

    public override string? Problem() => Percent is >= 0 and <= 100 ? null : "The backup reserve must be 0–100 %.";
}
