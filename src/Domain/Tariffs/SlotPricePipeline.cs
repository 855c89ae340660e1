namespace TeslaSync.Domain.Tariffs;

/// <summary>One window position with its true prices known (observed or gap-filled), ready for the pipeline.</summary>
/// <param name="BuyPerKwh">True buy price, $/kWh (may be negative).</param>
/// <param name="SellPerKwh">True export earning, $/kWh (negative = paying to export).</param>
/// <param name="Filled">Which of the two came from a neighbour (<see cref="SlotAdjustments.BuyFilled"/>, <see cref="SlotAdjustments.SellFilled"/>).</param>
public sealed record PricedHalfHour(LocalHalfHour HalfHour, decimal BuyPerKwh, decimal SellPerKwh, bool SpikeFlagged, SlotAdjustments Filled = SlotAdjustments.None);

/// <summary>
/// Turns true prices into the rates Tesla is sent (SPEC §2 rules 6–8), one fixed order of steps:
/// <list type="number">
/// <item><b>Clamp</b> buy and sell to ≥ 0: Tesla accepts no negatives (rule 6). Everything after
/// works on what Tesla will see.</item>
/// <item><b>Chip mode</b>: in its window, sell below the threshold → 0. Judged before the boost, as
/// rule 8 says, so a boost can never lift a price over the chip threshold; and a chipped slot is
/// not boosted afterwards — holding the battery is the user's explicit instruction for those hours.</item>
/// <item><b>Export boost</b>: in its window, sell ≥ threshold → max(sell + offset, minimum).</item>
/// <item><b>Demand premium</b>: in the demand window (on its days, by each slot's own date), add the
/// premium to buy.</item>
/// <item><b>Buy ≥ sell</b> (setting, default on): raise buy to sell, after the boost so a boosted
/// sell cannot leave buy below it.</item>
/// <item><b>Spike protection</b> last: it needs the final highest sell of the whole tariff, boosts
/// included, to put a flagged slot's buy above every export rate (+ margin). It only ever raises.</item>
/// <item><b>Round</b> to 4 decimals, midpoint away from zero (Tesla's precision). Rounding is
/// monotonic, so buy ≥ sell and the spike margin survive it.</item>
/// </list>
/// </summary>
public sealed class SlotPricePipeline
{
    private readonly TariffBuildOptions _options;

    public SlotPricePipeline(TariffBuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Runs every step over the 48 positions (in window order) and returns them in the same order.</summary>
    public IReadOnlyList<BuiltSlot> Run(IReadOnlyList<PricedHalfHour> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var working = positions.Select(position => new WorkingRates(position)).ToArray();

        foreach (var rates in working)
        {
            Clamp(rates);
            ChipMode(rates);
            ExportBoost(rates);
            DemandPremium(rates);
            BuyAtLeastSell(rates);
        }

        SpikeProtection(working);

        return working.Select(rates => new BuiltSlot(
                rates.Source.HalfHour,
                rates.Source.BuyPerKwh,
                rates.Source.SellPerKwh,
                rates.Source.SpikeFlagged,
                new SlotRates(rates.Source.HalfHour.Slot, Round(rates.Buy), Round(rates.Sell), DemandChargeFor(rates.Source.HalfHour)),
                rates.Applied))
            .ToArray();
    }

    /// <summary>Tesla's precision: 4 decimals, midpoint away from zero.</summary>
    public static decimal Round(decimal dollarsPerKwh) => Math.Round(dollarsPerKwh, 4, MidpointRounding.AwayFromZero);

    private static void Clamp(WorkingRates rates)
    {
        if (rates.Buy < 0m)
        {
            rates.Buy = 0m;
            rates.Applied |= SlotAdjustments.BuyClamped;
        }

        if (rates.Sell < 0m)
        {
            rates.Sell = 0m;
            rates.Applied |= SlotAdjustments.SellClamped;
        }
    }

    private void ChipMode(WorkingRates rates)
    {
        var chip = _options.ChipMode;
        if (chip.Enabled && chip.Window.Contains(rates.Slot) && rates.Sell < chip.ThresholdPerKwh)
        {
            rates.Sell = 0m;
            rates.Applied |= SlotAdjustments.Chipped;
        }
    }

    private void ExportBoost(WorkingRates rates)
    {
        var boost = _options.ExportBoost;
        if (!boost.Enabled || !boost.Window.Contains(rates.Slot) || rates.Applied.HasFlag(SlotAdjustments.Chipped)
            || rates.Sell < boost.ThresholdPerKwh)
        {
            return;
        }

        var boosted = Math.Max(rates.Sell + boost.OffsetPerKwh, boost.MinimumPerKwh);
        if (boosted != rates.Sell)
        {
            rates.Sell = boosted;
            rates.Applied |= SlotAdjustments.Boosted;
        }
    }

    private void DemandPremium(WorkingRates rates)
    {
        var demand = _options.DemandWindow;
        if (demand.Enabled && demand.BuyPremiumPerKwh > 0m && demand.Window.Contains(rates.Source.HalfHour))
        {
            rates.Buy += demand.BuyPremiumPerKwh;
            rates.Applied |= SlotAdjustments.DemandPremium;
        }
    }

    private void BuyAtLeastSell(WorkingRates rates)
    {
        if (_options.RaiseBuyToSell && rates.Buy < rates.Sell)
        {
            rates.Buy = rates.Sell;
            rates.Applied |= SlotAdjustments.BuyRaisedToSell;
        }
    }

    /// <summary>
    /// Matched on the position's full local date and slot (the window holds (date, slot) pairs), so
    /// a spike flagged for today's 18:00 never reaches tomorrow's 18:00 or the other way round.
    /// </summary>
    private void SpikeProtection(WorkingRates[] working)
    {
        var spike = _options.SpikeProtection;
        if (!spike.Enabled || working.Length == 0)
        {
            return;
        }

        var protectedBuy = working.Max(rates => rates.Sell) + spike.MarginPerKwh;
        foreach (var rates in working.Where(rates => rates.Source.SpikeFlagged && rates.Buy < protectedBuy))
        {
            rates.Buy = protectedBuy;
            rates.Applied |= SlotAdjustments.SpikeProtected;
        }
    }

    /// <summary>The highest demand charge whose window holds the slot on its date; 0 outside every window.</summary>
    private decimal DemandChargeFor(LocalHalfHour halfHour) =>
        _options.DemandCharges
            .Where(charge => charge.Window.Contains(halfHour))
            .Select(charge => charge.RatePerKw)
            .DefaultIfEmpty(0m)
            .Max();

    /// <summary>The rates of one position as the steps change them.</summary>
    private sealed class WorkingRates(PricedHalfHour source)
    {
        public PricedHalfHour Source { get; } = source;

        public HalfHourSlot Slot => Source.HalfHour.Slot;

        public decimal Buy { get; set; } = source.BuyPerKwh;

        public decimal Sell { get; set; } = source.SellPerKwh;

        public SlotAdjustments Applied { get; set; } = source.Filled;
    }
}
