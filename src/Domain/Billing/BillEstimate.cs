using TeslaSync.Domain.Energy;
using TeslaSync.Domain.Prices;

namespace TeslaSync.Domain.Billing;

/// <summary>
/// The bill of the current cycle as it stands (SPEC §6): energy cost to date, less export
/// earnings to date, plus the demand charge on the cycle's peaks so far, the supply charge for the
/// days begun, and the cycle's fixed charge.
/// </summary>
/// <param name="Cycle">The billing cycle.</param>
/// <param name="AsOf">Up to when.</param>
/// <param name="DaysElapsed">Days of the cycle begun by <paramref name="AsOf"/>, today included.</param>
/// <param name="Energy">Import cost and export earnings of the cycle's intervals so far, with what is unpriced or provisional.</param>
/// <param name="Demand">The cycle's peak per window and the demand charge on it.</param>
/// <param name="SupplyToDate">Days elapsed × the daily supply charge.</param>
/// <param name="MonthlyFixedCharge">The fixed charge, in full: it is owed for the cycle from its first day.</param>
/// <remarks>
/// Mixed on purpose, as the bill itself is: energy and supply accrue day by day and are shown to
/// date; the demand charge (on the peak so far) and the fixed charge are owed for the whole cycle
/// once it has begun and are shown in full. So the total is what has accrued plus what is already
/// owed in full — not a projection of the rest of the cycle's energy, which the caller may add.
/// </remarks>
public sealed record BillEstimate(
    BillingCycle Cycle,
    DateTimeOffset AsOf,
    int DaysElapsed,
    CostTotals Energy,
    CycleDemand Demand,
    decimal SupplyToDate,
    decimal MonthlyFixedCharge)
{
    /// <summary>What the cycle's import cost so far, $.</summary>
    public decimal EnergyCost => Energy.ImportCost;

    /// <summary>What the cycle's export earned so far, $ (negative when exporting cost money).</summary>
    public decimal ExportEarnings => Energy.ExportEarnings;

    public decimal DemandCharge => Demand.Charge;

    /// <summary>Energy cost − export earnings + demand charge + supply to date + fixed charge.</summary>
    public decimal Total => EnergyCost - ExportEarnings + DemandCharge + SupplyToDate + MonthlyFixedCharge;
}

/// <summary>Builds a <see cref="BillEstimate"/> for the billing cycle containing "now".</summary>
public static class BillEstimator
{
    /// <summary>
    /// From raw energy intervals and the prices stored for them. Only intervals that start in the
    /// cycle (by the site's local date) and before <paramref name="now"/> count toward energy; for
    /// demand, an interval reaching into the cycle counts for its part inside it.
    /// </summary>
    public static BillEstimate Estimate(DemandMeter meter, DateTimeOffset now, IEnumerable<EnergyInterval> energy, IEnumerable<PriceInterval> prices)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(energy);
        var cycle = meter.CycleAt(now);
        var (from, until) = (cycle.StartsAt(meter.TimeZone), cycle.EndsAt(meter.TimeZone));

        // Everything that reaches into the cycle before now: the cost side then keeps the intervals
        // that start in it, the demand side the share inside it.
        var relevant = energy.Where(interval => interval is null || (interval.End > from && interval.Start < until && interval.Start < now)).ToList();
        return Estimate(meter, now, CostCalculator.Cost(relevant, prices), meter.Blocks(relevant));
    }

    /// <summary>
    /// From interval costs and demand blocks already computed (for example stored aggregates).
    /// Costs and blocks outside the cycle, or starting at or after <paramref name="now"/>, are ignored.
    /// </summary>
    public static BillEstimate Estimate(DemandMeter meter, DateTimeOffset now, IEnumerable<IntervalCost> costs, IEnumerable<DemandBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(meter);
        var cycle = meter.CycleAt(now);
        var energy = CostCalculator.Period(costs, meter.TimeZone, cycle.Start, cycle.LastDay, now).Totals;
        var demand = meter.Measure(blocks, now);
        var daysElapsed = cycle.DaysElapsed(SiteCalendar.DateOf(now, meter.TimeZone));
        return new BillEstimate(
            cycle,
            now,
            daysElapsed,
            energy,
            demand,
            daysElapsed * meter.Tariff.DailySupplyCharge,
            meter.Tariff.MonthlyFixedCharge);
    }
}
