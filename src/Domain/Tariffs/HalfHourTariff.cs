namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// The rates of one half-hour slot as Tesla is sent them: buy and sell in $/kWh, and an optional
/// demand charge in $/kW.
/// </summary>
public sealed record SlotRates(HalfHourSlot Slot, decimal BuyPerKwh, decimal SellPerKwh, decimal DemandPerKw = 0m);

/// <summary>Charges that do not depend on energy: a daily supply charge and a monthly fee, in $.</summary>
public sealed record FixedCharges(decimal DailyCharge = 0m, decimal MonthlyCharge = 0m)
{
    public static FixedCharges None { get; } = new();
}

/// <summary>
/// The 24-hour wheel of 48 half-hour buy/sell rates a Powerwall optimises against, in the
/// site's local wall-clock time.
/// </summary>
public sealed record HalfHourTariff
{
    public HalfHourTariff(IReadOnlyList<SlotRates> rates, string timeZoneId, FixedCharges? charges = null)
    {
        ArgumentNullException.ThrowIfNull(rates);
        if (rates.Count != HalfHourSlot.PerDay || rates.Select((r, i) => r.Slot.Index == i).Any(ok => !ok))
        {
            throw new ArgumentException($"A tariff needs exactly {HalfHourSlot.PerDay} slots in order.", nameof(rates));
        }

        Rates = rates;
        TimeZoneId = timeZoneId;
        Charges = charges ?? FixedCharges.None;
    }

    public IReadOnlyList<SlotRates> Rates { get; }

    public string TimeZoneId { get; }

    public FixedCharges Charges { get; }

    public SlotRates this[HalfHourSlot slot] => Rates[slot.Index];

    /// <summary>The largest difference between this tariff and another over every buy and sell rate, $/kWh.</summary>
    public decimal LargestDifference(HalfHourTariff other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Rates.Zip(other.Rates, (a, b) => Math.Max(Math.Abs(a.BuyPerKwh - b.BuyPerKwh), Math.Abs(a.SellPerKwh - b.SellPerKwh))).Max();
    }
}
