namespace TeslaSync.Simulator.Tesla;

/// <summary>What the battery is asked to do for a while.</summary>
public enum BatteryIntent
{
    /// <summary>Cover the home's deficit (down to the reserve), absorb surplus solar.</summary>
    SelfConsumption,

    /// <summary>Do not discharge; surplus solar still charges.</summary>
    Hold,

    /// <summary>Charge at full power, from the grid for whatever solar does not give (only when grid charging is allowed).</summary>
    ChargeFromGrid,

    /// <summary>Discharge at full power down to the reserve, what the home does not use going to the grid (export rule permitting).</summary>
    Export,
}

/// <summary>
/// The "autonomous" (time-based control) stand-in: not an optimiser, three rules on the uploaded
/// tariff, decided per 5-minute slot from the prices of that slot and of the 24 hours from its start
/// (288 five-minute samples, site wall-clock time):
/// <list type="number">
/// <item><b>Export</b> when the sell price now is positive and either at least the 90th-percentile buy
/// price ahead, or the highest sell price ahead and at least twice the median sell price ahead plus
/// $0.10. TeslaSync's spike and force-discharge tariffs sell high in a window and 0 elsewhere (buy is
/// flat and higher still, so the first test alone would never fire); a flat feed-in never qualifies.</item>
/// <item><b>Charge from the grid</b> when the buy price now is at most the 10th-percentile buy price
/// ahead and below the round-trip efficiency times the 90th percentile (storing must pay for its
/// losses): the force-charge tariff's near-free window, an off-peak ahead of a peak. When grid
/// charging is not allowed this becomes <b>hold</b>: don't spend stored energy while the grid is cheap.</item>
/// <item>Otherwise <b>self-consumption</b>.</item>
/// </list>
/// </summary>
public sealed class TariffPolicy(SiteTariff tariff, TimeZoneInfo zone, double roundTripEfficiency)
{
    public static readonly TimeSpan Slot = TimeSpan.FromMinutes(SiteTariff.SlotMinutes);
    public static readonly TimeSpan Horizon = TimeSpan.FromHours(24);

    private const double ExportPremiumPerKwh = 0.10;

    private readonly int _samples = (int)(Horizon / Slot);
    private DateTimeOffset _slot = DateTimeOffset.MinValue;
    private BatteryIntent _intent;

    public SiteTariff Tariff => tariff;

    /// <summary>The intent for the 5-minute slot containing <paramref name="instant"/> (cached for the slot).</summary>
    public BatteryIntent IntentAt(DateTimeOffset instant, bool gridChargingAllowed)
    {
        var slot = FloorToSlot(instant);
        if (slot != _slot)
        {
            _intent = Decide(slot);
            _slot = slot;
        }

        return _intent == BatteryIntent.ChargeFromGrid && !gridChargingAllowed ? BatteryIntent.Hold : _intent;
    }

    /// <summary>The intent ignoring the grid-charging setting, with the figures it came from (for /sim and tests).</summary>
    public (BatteryIntent Intent, double Buy, double Sell) Explain(DateTimeOffset instant)
    {
        var (buy, sell) = tariff.PricesAt(FloorToSlot(instant), zone);
        return (Decide(FloorToSlot(instant)), buy, sell);
    }

    public static DateTimeOffset FloorToSlot(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % Slot.Ticks), TimeSpan.Zero);

    private BatteryIntent Decide(DateTimeOffset slot)
    {
        var buys = new double[_samples];
        var sells = new double[_samples];

        // One offset for the whole horizon unless the clocks change within it (then convert each sample).
        var offset = zone.GetUtcOffset(slot);
        var steady = zone.GetUtcOffset(slot + Horizon) == offset && zone.GetUtcOffset(slot + (Horizon / 2)) == offset;
        for (var i = 0; i < _samples; i++)
        {
            var instant = slot + (Slot * i);
            (buys[i], sells[i]) = steady ? tariff.PricesAt(instant.UtcDateTime + offset) : tariff.PricesAt(instant, zone);
        }

        var (buyNow, sellNow) = (buys[0], sells[0]);
        Array.Sort(buys);
        Array.Sort(sells);
        var buyLow = Percentile(buys, 0.10);
        var buyHigh = Percentile(buys, 0.90);
        var sellMedian = Percentile(sells, 0.50);
        var sellMax = sells[^1];

        if (sellNow > 0 && (sellNow >= buyHigh || (sellNow >= sellMax && sellNow >= (2 * sellMedian) + ExportPremiumPerKwh)))
        {
            return BatteryIntent.Export;
        }

        if (buyNow <= buyLow && buyNow < roundTripEfficiency * buyHigh)
        {
            return BatteryIntent.ChargeFromGrid;
        }

        return BatteryIntent.SelfConsumption;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
