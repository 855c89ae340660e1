namespace TeslaSync.Domain.Billing;

/// <summary>
/// What one energy interval cost at the prices in force during it. Money in $ (AUD incl. GST, as
/// Amber charges), energy in kWh; nothing is rounded here (round for display only).
/// </summary>
/// <param name="Start">The energy interval's start.</param>
/// <param name="End">The energy interval's end.</param>
/// <param name="ImportKwh">Bought from the grid, all of it (priced or not).</param>
/// <param name="ExportKwh">Sold to the grid, all of it (priced or not).</param>
/// <param name="ImportCost">What the priced part of the import cost: kWh × general $/kWh.</param>
/// <param name="ExportEarnings">
/// What the priced part of the export earned: kWh × −(feed-in $/kWh). Negative when exporting cost
/// money (Amber's feed-in price is positive when the wholesale price is negative).
/// </param>
/// <param name="UnpricedImportKwh">Import during moments without a general price: counted here, not guessed at.</param>
/// <param name="UnpricedExportKwh">Export during moments without a feed-in price.</param>
/// <param name="ImportPerKwh">The general price in force, time-weighted over the priced part when the interval spans several; null when none was.</param>
/// <param name="ExportEarningsPerKwh">What exporting earned per kWh (−feed-in), time-weighted the same way; null when no feed-in price was in force.</param>
/// <param name="Provisional">Energy that flowed was priced at least partly at a price not settled yet (current, forecast, or flagged by Amber as an estimate), so the cost may still change.</param>
/// <param name="Uncovered">The part of the interval without samples: energy there is missing, not priced.</param>
public sealed record IntervalCost(
    DateTimeOffset Start,
    DateTimeOffset End,
    double ImportKwh,
    double ExportKwh,
    decimal ImportCost,
    decimal ExportEarnings,
    double UnpricedImportKwh,
    double UnpricedExportKwh,
    decimal? ImportPerKwh,
    decimal? ExportEarningsPerKwh,
    bool Provisional,
    TimeSpan Uncovered)
{
    /// <summary>What the interval cost on balance: import cost less export earnings.</summary>
    public decimal NetCost => ImportCost - ExportEarnings;

    /// <summary>
    /// True when some energy flowed while no price was in force for it. An interval with no price
    /// but no flow in that direction is priced: its cost (zero) is known.
    /// </summary>
    public bool IsUnpriced => UnpricedImportKwh > 0 || UnpricedExportKwh > 0;
}
