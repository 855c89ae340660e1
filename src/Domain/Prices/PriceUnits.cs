namespace TeslaSync.Domain.Prices;

/// <summary>Unit conversions applied at the system's edges and nowhere else.</summary>
public static class PriceUnits
{
    /// <summary>Amber sends c/kWh including GST; the system works in $/kWh.</summary>
    public static decimal CentsToDollars(decimal centsPerKwh) => centsPerKwh / 100m;

    /// <summary>$/kWh back to Amber's c/kWh.</summary>
    public static decimal DollarsToCents(decimal dollarsPerKwh) => dollarsPerKwh * 100m;

    /// <summary>AEMO sends $/MWh excluding GST; this is the same energy price in $/kWh excluding GST.</summary>
    public static decimal MegawattHourToKilowattHour(decimal dollarsPerMwh) => dollarsPerMwh / 1000m;
}
