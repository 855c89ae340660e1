namespace TeslaSync.Domain.Billing;

/// <summary>The sum of a set of <see cref="IntervalCost"/>s, with how much of it is unpriced, provisional or missing.</summary>
/// <param name="Intervals">How many intervals were summed.</param>
/// <param name="ImportKwh">All import, priced or not.</param>
/// <param name="ExportKwh">All export, priced or not.</param>
/// <param name="ImportCost">What the priced import cost, $.</param>
/// <param name="ExportEarnings">What the priced export earned, $ (negative when exporting cost money).</param>
/// <param name="UnpricedIntervals">Intervals with some energy and no price for it.</param>
/// <param name="UnpricedImportKwh">Import left out of <paramref name="ImportCost"/> for want of a price.</param>
/// <param name="UnpricedExportKwh">Export left out of <paramref name="ExportEarnings"/> for want of a price.</param>
/// <param name="ProvisionalIntervals">Intervals priced at least partly at a price not yet settled.</param>
/// <param name="Uncovered">Time inside the intervals without samples.</param>
public sealed record CostTotals(
    int Intervals,
    double ImportKwh,
    double ExportKwh,
    decimal ImportCost,
    decimal ExportEarnings,
    int UnpricedIntervals,
    double UnpricedImportKwh,
    double UnpricedExportKwh,
    int ProvisionalIntervals,
    TimeSpan Uncovered)
{
    public static CostTotals Empty { get; } = new(0, 0, 0, 0m, 0m, 0, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Import cost less export earnings.</summary>
    public decimal NetCost => ImportCost - ExportEarnings;

    public static CostTotals Of(IEnumerable<IntervalCost> costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        return costs.Aggregate(Empty, (totals, cost) => totals.Add(cost));
    }

    public CostTotals Add(IntervalCost cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        return new CostTotals(
            Intervals + 1,
            ImportKwh + cost.ImportKwh,
            ExportKwh + cost.ExportKwh,
            ImportCost + cost.ImportCost,
            ExportEarnings + cost.ExportEarnings,
            UnpricedIntervals + (cost.IsUnpriced ? 1 : 0),
            UnpricedImportKwh + cost.UnpricedImportKwh,
            UnpricedExportKwh + cost.UnpricedExportKwh,
            ProvisionalIntervals + (cost.Provisional ? 1 : 0),
            Uncovered + cost.Uncovered);
    }
}

/// <summary>The costs of one local calendar day (23, 24 or 25 hours long).</summary>
public sealed record DailyCost(DateOnly Date, CostTotals Totals);

/// <summary>The costs of the local days <paramref name="First"/> to <paramref name="Last"/> inclusive, up to <paramref name="AsOf"/>.</summary>
public sealed record PeriodCost(DateOnly First, DateOnly Last, DateTimeOffset AsOf, CostTotals Totals);
