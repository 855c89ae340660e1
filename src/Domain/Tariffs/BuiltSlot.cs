namespace TeslaSync.Domain.Tariffs;

/// <summary>What the pipeline did to a slot's rates, for the event log and our own records.</summary>
[Flags]
public enum SlotAdjustments
{
    None = 0,

    /// <summary>No general price covered the half-hour; the buy price came from the nearest neighbour.</summary>
    BuyFilled = 1 << 0,

    /// <summary>No feed-in price covered the half-hour; the sell price came from the nearest neighbour.</summary>
    SellFilled = 1 << 1,

    /// <summary>A negative buy price was raised to 0 (Tesla accepts no negatives).</summary>
    BuyClamped = 1 << 2,

    /// <summary>A negative sell price (paying to export) was raised to 0.</summary>
    SellClamped = 1 << 3,

    /// <summary>Chip mode set the sell rate to 0.</summary>
    Chipped = 1 << 4,

    /// <summary>Export boost raised the sell rate.</summary>
    Boosted = 1 << 5,

    /// <summary>The demand-window premium was added to the buy rate.</summary>
    DemandPremium = 1 << 6,

    /// <summary>The buy rate was raised to the sell rate.</summary>
    BuyRaisedToSell = 1 << 7,

    /// <summary>Spike protection raised the buy rate above every sell rate.</summary>
    SpikeProtected = 1 << 8,
}

/// <summary>
/// One half-hour of the built tariff: the true market prices (rule 6: unclamped, unadjusted,
/// $/kWh; the sell price is what exporting earns, so negative means paying to export) next to
/// the rates Tesla is sent.
/// </summary>
/// <param name="HalfHour">The local date and slot: today's date from now on, tomorrow's for slots before now.</param>
/// <param name="TrueBuyPerKwh">The mean general price (after gap-filling when <see cref="SlotAdjustments.BuyFilled"/>).</param>
/// <param name="TrueSellPerKwh">The mean export earning, −feed-in (after gap-filling when <see cref="SlotAdjustments.SellFilled"/>).</param>
/// <param name="SpikeFlagged">Amber flagged a general interval in this half-hour potential or spike.</param>
/// <param name="Tesla">The rates as uploaded.</param>
/// <param name="Adjustments">Every rule that changed the rates on the way.</param>
public sealed record BuiltSlot(
    LocalHalfHour HalfHour,
    decimal TrueBuyPerKwh,
    decimal TrueSellPerKwh,
    bool SpikeFlagged,
    SlotRates Tesla,
    SlotAdjustments Adjustments)
{
    public HalfHourSlot Slot => HalfHour.Slot;

    public bool WasFilled => (Adjustments & (SlotAdjustments.BuyFilled | SlotAdjustments.SellFilled)) != 0;
}
