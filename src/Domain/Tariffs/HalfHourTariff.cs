namespace TeslaSync.Domain.Tariffs;

/// <summary>A buy and sell rate for one half-hour slot, in $/kWh (what Tesla is sent).</summary>
public sealed record SlotRates(HalfHourSlot Slot, decimal BuyPerKwh, decimal SellPerKwh);

/// <summary>
/// The 24-hour wheel of 48 half-hour buy/sell rates a Powerwall optimises against, in the
/// site's local wall-clock time.
/// </summary>
public sealed record HalfHourTariff
{
    public HalfHourTariff(IReadOnlyList<SlotRates> rates, string timeZoneId)
    {
        ArgumentNullException.ThrowIfNull(rates);
        if (rates.Count != HalfHourSlot.PerDay || rates.Select((r, i) => r.Slot.Index == i).Any(ok => !ok))
        {
            throw new ArgumentException($"A tariff needs exactly {HalfHourSlot.PerDay} slots in order.", nameof(rates));
        }

        Rates = rates;
        TimeZoneId = timeZoneId;
    }

    public IReadOnlyList<SlotRates> Rates { get; }

    public string TimeZoneId { get; }

    public SlotRates this[HalfHourSlot slot] => Rates[slot.Index];

    /// <summary>The largest difference between this tariff and another over every buy and sell rate, $/kWh.</summary>
    public decimal LargestDifference(HalfHourTariff other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Rates.Zip(other.Rates, (a, b) => Math.Max(Math.Abs(a.BuyPerKwh - b.BuyPerKwh), Math.Abs(a.SellPerKwh - b.SellPerKwh))).Max();
    }
}
