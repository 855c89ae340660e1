namespace TeslaSync.Simulator.Tesla;

/// <summary>
/// Energy (Wh) by where it came from and where it went, as Tesla's <c>calendar_history</c> splits it.
/// Attribution within an instant: solar serves the home first, then the battery, then the grid; the
/// battery serves the home before the grid; the grid serves the home before the battery.
/// </summary>
public readonly record struct EnergyFlows(
    double SolarToHome,
    double SolarToBattery,
    double SolarToGrid,
    double BatteryToHome,
    double BatteryToGrid,
    double GridToHome,
    double GridToBattery)
{
    public double Solar => SolarToHome + SolarToBattery + SolarToGrid;

    public double Home => SolarToHome + BatteryToHome + GridToHome;

    public double GridImport => GridToHome + GridToBattery;

    public double GridExport => SolarToGrid + BatteryToGrid;

    public double BatteryCharge => SolarToBattery + GridToBattery;

    public double BatteryDischarge => BatteryToHome + BatteryToGrid;

    /// <summary>
    /// The flows of <paramref name="hours"/> at constant power (W, Tesla's signs: battery &gt; 0
    /// discharging, grid &gt; 0 importing, load = solar + battery + grid).
    /// </summary>
    public static EnergyFlows FromPower(double solarW, double loadW, double batteryW, double hours)
    {
        var solarToHome = Math.Min(solarW, loadW);
        var unmet = loadW - solarToHome;
        var surplus = solarW - solarToHome;
        double batteryToHome = 0, batteryToGrid = 0, solarToBattery = 0, gridToBattery = 0;
        if (batteryW > 0)
        {
            batteryToHome = Math.Min(batteryW, unmet);
            batteryToGrid = batteryW - batteryToHome;
            unmet -= batteryToHome;
        }
        else if (batteryW < 0)
        {
            solarToBattery = Math.Min(-batteryW, surplus);
            gridToBattery = -batteryW - solarToBattery;
            surplus -= solarToBattery;
        }

        return new EnergyFlows(solarToHome, solarToBattery, surplus, batteryToHome, batteryToGrid, unmet, gridToBattery) * hours;
    }

    public static EnergyFlows operator +(EnergyFlows a, EnergyFlows b) => new(
        a.SolarToHome + b.SolarToHome, a.SolarToBattery + b.SolarToBattery, a.SolarToGrid + b.SolarToGrid,
        a.BatteryToHome + b.BatteryToHome, a.BatteryToGrid + b.BatteryToGrid, a.GridToHome + b.GridToHome, a.GridToBattery + b.GridToBattery);

    public static EnergyFlows operator -(EnergyFlows a, EnergyFlows b) => a + (b * -1);

    public static EnergyFlows operator *(EnergyFlows a, double k) => new(
        a.SolarToHome * k, a.SolarToBattery * k, a.SolarToGrid * k, a.BatteryToHome * k, a.BatteryToGrid * k, a.GridToHome * k, a.GridToBattery * k);

    public EnergyFlows Add(EnergyFlows other) => this + other;

    public EnergyFlows Subtract(EnergyFlows other) => this - other;

    public EnergyFlows Multiply(double k) => this * k;

    /// <summary>Every flow rounded to a whole Wh.</summary>
    public EnergyFlows Rounded() => new(
        Math.Round(SolarToHome), Math.Round(SolarToBattery), Math.Round(SolarToGrid), Math.Round(BatteryToHome),
        Math.Round(BatteryToGrid), Math.Round(GridToHome), Math.Round(GridToBattery));
}
