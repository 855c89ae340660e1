namespace TeslaSync.Domain.Energy;

/// <summary>One of the six energy flows a site's history is kept in.</summary>
public enum EnergyFlow
{
    Solar,
    Home,
    GridImport,
    GridExport,
    BatteryCharge,
    BatteryDischarge,
}

/// <summary>Energy per flow, in Wh, each non-negative: the totals of a period, ours or Tesla's.</summary>
public readonly record struct EnergyFlows(double Solar, double Home, double GridImport, double GridExport, double BatteryCharge, double BatteryDischarge)
{
    public static EnergyFlows Zero => default;

    public static IReadOnlyList<EnergyFlow> All { get; } = Enum.GetValues<EnergyFlow>();

    public double this[EnergyFlow flow] => flow switch
    {
        EnergyFlow.Solar => Solar,
        EnergyFlow.Home => Home,
        EnergyFlow.GridImport => GridImport,
        EnergyFlow.GridExport => GridExport,
        EnergyFlow.BatteryCharge => BatteryCharge,
        EnergyFlow.BatteryDischarge => BatteryDischarge,
        _ => throw new ArgumentOutOfRangeException(nameof(flow), flow, "Unknown energy flow."),
    };

    /// <summary>
    /// The share of the home's use not bought from the grid: 1 − import / home, kept in [0, 1];
    /// null when the home used nothing. (Import that went into the battery counts against it, as on a bill.)
    /// </summary>
    public double? SelfSufficiency => Home > 0 ? Math.Clamp(1 - (GridImport / Home), 0, 1) : null;

    public static EnergyFlows operator +(EnergyFlows left, EnergyFlows right) => left.Add(right);

    public EnergyFlows Add(EnergyFlows other) => new(
        Solar + other.Solar,
        Home + other.Home,
        GridImport + other.GridImport,
        GridExport + other.GridExport,
        BatteryCharge + other.BatteryCharge,
        BatteryDischarge + other.BatteryDischarge);

    public static EnergyFlows Of(EnergyInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        return new EnergyFlows(interval.Solar, interval.Home, interval.GridImport, interval.GridExport, interval.BatteryCharge, interval.BatteryDischarge);
    }
}
