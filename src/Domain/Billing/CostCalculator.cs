using TeslaSync.Domain.Energy;
using TeslaSync.Domain.Prices;

namespace TeslaSync.Domain.Billing;

/// <summary>
/// Import cost and export earnings per energy interval at the prices actually in force (SPEC §6),
/// and their totals per local day and month to date.
/// </summary>
/// <remarks>
/// An interval inside one price interval (the usual case: 5-minute energy, 5- or 30-minute prices,
/// both on UTC 5-minute boundaries) is priced exactly. One that spans several prices, or only
/// partly has one, is cut at the price boundaries and each part given its share of the energy in
/// proportion to time; parts without a price are counted as unpriced kWh, never priced by guess.
/// Days are the site's local calendar days; an interval belongs to the day (and month) its start
/// falls on, as a tariff slot belongs to the window its start lies in.
/// </remarks>
public static class CostCalculator
{
    /// <summary>The cost of each interval, in time order. Throws when intervals are malformed or overlap.</summary>
    public static IReadOnlyList<IntervalCost> Cost(IEnumerable<EnergyInterval> energy, IEnumerable<PriceInterval> prices) =>
        Cost(energy, new PricesInForce(prices));

    /// <inheritdoc cref="Cost(IEnumerable{EnergyInterval}, IEnumerable{PriceInterval})"/>
    public static IReadOnlyList<IntervalCost> Cost(IEnumerable<EnergyInterval> energy, PricesInForce prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        return IntervalShares.InOrder(energy).Select(interval => Cost(interval, prices)).ToList();
    }

    /// <summary>The cost of one interval at the prices in force during it.</summary>
    public static IntervalCost Cost(EnergyInterval interval, PricesInForce prices)
    {
        IntervalShares.Check(interval);
        ArgumentNullException.ThrowIfNull(prices);

        var import = Price(interval, interval.GridImport, prices.Over(PriceChannel.General, interval.Start, interval.End), perKwh => perKwh);
        var export = Price(interval, interval.GridExport, prices.Over(PriceChannel.FeedIn, interval.Start, interval.End), FeedInEarningsPerKwh);
        var uncovered = interval.Duration - (interval.Covered < interval.Duration ? interval.Covered : interval.Duration);

        return new IntervalCost(
            interval.Start,
            interval.End,
            interval.GridImport / 1000,
            interval.GridExport / 1000,
            import.Money,
            export.Money,
            import.UnpricedKwh,
            export.UnpricedKwh,
            import.PerKwh,
            export.PerKwh,
            import.Provisional || export.Provisional,
            uncovered);
    }

    /// <summary>One total per local day that has intervals, in date order.</summary>
    public static IReadOnlyList<DailyCost> Daily(IEnumerable<IntervalCost> costs, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(timeZone);
        return costs
            .GroupBy(cost => SiteCalendar.DateOf(cost.Start, timeZone))
            .OrderBy(day => day.Key)
            .Select(day => new DailyCost(day.Key, CostTotals.Of(day)))
            .ToList();
    }

    /// <summary>The local calendar month containing <paramref name="now"/>, from its first day up to <paramref name="now"/>.</summary>
    public static PeriodCost MonthToDate(IEnumerable<IntervalCost> costs, TimeZoneInfo timeZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var today = SiteCalendar.DateOf(now, timeZone);
        return Period(costs, timeZone, new DateOnly(today.Year, today.Month, 1), today, now);
    }

    /// <summary>The intervals that start on local days <paramref name="first"/> to <paramref name="last"/> inclusive and before <paramref name="asOf"/>.</summary>
    public static PeriodCost Period(IEnumerable<IntervalCost> costs, TimeZoneInfo timeZone, DateOnly first, DateOnly last, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(timeZone);
        var from = SiteCalendar.StartOfDay(first, timeZone);
        var until = SiteCalendar.StartOfDay(last.AddDays(1), timeZone);
        var totals = CostTotals.Of(costs.Where(cost => cost.Start >= from && cost.Start < until && cost.Start < asOf));
        return new PeriodCost(first, last, asOf, totals);
    }

    /// <summary>SPEC §4: what exporting earns is the negative of Amber's feed-in price (a cost).</summary>
    private static decimal FeedInEarningsPerKwh(decimal feedInPerKwh) => -feedInPerKwh;

    private static Priced Price(
        EnergyInterval interval,
        double wh,
        IEnumerable<PricesInForce.PricedStretch> stretches,
        Func<decimal, decimal> rate)
    {
        var money = 0m;
        var unpricedKwh = 0.0;
        var pricedTicks = 0L;
        var weightedRate = 0m;
        var provisional = false;
        foreach (var stretch in stretches)
        {
            var share = IntervalShares.Share(interval, stretch.From, stretch.To);
            if (stretch.Price is not { } price)
            {
                unpricedKwh += wh * share / 1000;
                continue;
            }

            var perKwh = rate(price.PerKwh);
            money += (decimal)(wh * share / 1000) * perKwh;
            var ticks = (stretch.To - stretch.From).Ticks;
            pricedTicks += ticks;
            weightedRate += perKwh * ticks;
            provisional |= PricesInForce.IsProvisional(price);
        }

        // Provisional only matters when the price moved money.
        return new Priced(
            money,
            unpricedKwh,
            pricedTicks == 0 ? null : weightedRate / pricedTicks,
            provisional && wh > 0);
    }

    private readonly record struct Priced(decimal Money, double UnpricedKwh, decimal? PerKwh, bool Provisional);
}
