using Microsoft.Extensions.Options;
using TeslaSync.Domain.Billing;
using TeslaSync.Domain.Energy;
using TeslaSync.Telemetry.Storage;

namespace TeslaSync.Telemetry.Billing;

/// <summary>The cost of some local days, with the month to date.</summary>
internal sealed record CostsResult(IReadOnlyList<DailyCost> Days, PeriodCost MonthToDate, string? Unavailable);

/// <summary>The bill estimate, whether the demand window is open now, and why cost may be missing.</summary>
internal sealed record BillResult(BillEstimate Estimate, DemandRateBasis RateBasis, Domain.Billing.DemandWindow? WindowNow, string? Unavailable);

/// <summary>
/// Loads the stored energy (5-minute rows where kept, else 30-minute ones) and the prices in force
/// over a range, and hands both to the billing domain. No arithmetic of its own.
/// </summary>
internal sealed class BillingQueries(EnergyHistoryReader history, PriceIngestPriceSource prices, IOptions<BillingOptions> options, TimeProvider time)
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(EnergyIntervalRow.FiveMinutes);

    /// <summary>Local days <paramref name="first"/> to <paramref name="last"/> inclusive (days with energy only), and the month containing now to now.</summary>
    public async Task<CostsResult> CostsAsync(string siteId, DateOnly first, DateOnly last, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (days, daysUnavailable) = await CostAsync(siteId, SiteCalendar.StartOfDay(first, zone), SiteCalendar.StartOfDay(last.AddDays(1), zone), cancellationToken);
        var today = SiteCalendar.DateOf(now, zone);
        var (month, monthUnavailable) = await CostAsync(siteId, SiteCalendar.StartOfDay(new DateOnly(today.Year, today.Month, 1), zone), now, cancellationToken);
        return new CostsResult(CostCalculator.Daily(days, zone), CostCalculator.MonthToDate(month, zone, now), daysUnavailable ?? monthUnavailable);
    }

    /// <summary>The bill of the billing cycle containing now.</summary>
    public async Task<BillResult> BillAsync(string siteId, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var meter = new DemandMeter(options.Value.ToTariff(), zone);
        var cycle = meter.CycleAt(now);
        var from = cycle.StartsAt(zone);
        var energy = await history.HistoryAsync(siteId, from, now, FiveMinutes, null, cancellationToken);
        var lookup = await prices.PricesAsync(siteId, from, now, cancellationToken);
        var estimate = BillEstimator.Estimate(meter, now, energy.Select(bucket => bucket.Energy), lookup.Prices);
        return new BillResult(estimate, meter.Tariff.RateBasis, meter.WindowAt(now), lookup.Unavailable);
    }

    private async Task<(IReadOnlyList<IntervalCost> Costs, string? Unavailable)> CostAsync(string siteId, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        if (to <= from)
        {
            return ([], null);
        }

        var energy = await history.HistoryAsync(siteId, from, to, FiveMinutes, null, cancellationToken);
        if (energy.Count == 0)
        {
            return ([], null);
        }

        // Prices only over the stretch that has energy: no point asking for the future.
        var lookup = await prices.PricesAsync(siteId, energy[0].Energy.Start, energy[^1].Energy.End, cancellationToken);
        return (CostCalculator.Cost(energy.Select(bucket => bucket.Energy), lookup.Prices), lookup.Unavailable);
    }
}
