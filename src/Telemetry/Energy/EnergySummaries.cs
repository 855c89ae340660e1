using Microsoft.EntityFrameworkCore;
using TeslaSync.Domain.Energy;
using TeslaSync.Telemetry.Storage;

namespace TeslaSync.Telemetry.Energy;

/// <summary>How our totals stand against Tesla's for a period.</summary>
internal enum ReconciliationState
{
    /// <summary>No day of the period has been fetched yet.</summary>
    Pending,

    /// <summary>Tesla's totals are known for at least one day.</summary>
    Available,

    /// <summary>Tesla did not give its totals; <see cref="SummaryReconciliation.Reason"/> says why.</summary>
    Unavailable,
}

/// <summary>The reconciliation part of a summary: the comparison when there is one, else why not.</summary>
internal sealed record SummaryReconciliation(ReconciliationState State, EnergyReconciliation? Comparison, string Reason);

/// <summary>
/// Builds the summary of a local day, week, month or year: our totals in one SQL sum, and, over the
/// days Tesla's totals are known for, ours and Tesla's side by side.
/// </summary>
internal sealed class EnergySummaries(EnergyHistoryReader reader, TelemetryDbContext db, TimeProvider time)
{
    public async Task<(EnergySummary Summary, SummaryReconciliation Reconciliation)> SummarizeAsync(
        string siteId, SummaryPeriod kind, DateOnly date, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var period = LocalPeriod.Containing(kind, date, zone);
        var total = await reader.TotalAsync(siteId, period.Start, period.End, cancellationToken);
        var reconciliation = await ReconcileAsync(siteId, period, zone, total, cancellationToken);
        var summary = EnergySummary.Of(period, EnergyFlows.Of(total), total.Covered, time.GetUtcNow(), reconciliation.Comparison);
        return (summary, reconciliation);
    }

    private async Task<SummaryReconciliation> ReconcileAsync(string siteId, LocalPeriod period, TimeZoneInfo zone, EnergyInterval total, CancellationToken cancellationToken)
    {
        var rows = await db.TeslaDailyTotals.AsNoTracking()
            .Where(t => t.SiteId == siteId && t.LocalDate >= period.First && t.LocalDate <= period.Last)
            .ToListAsync(cancellationToken);
        var available = rows.Where(r => r.Status == TeslaDailyTotalsRow.Available).ToList();
        if (available.Count == 0)
        {
            var failed = rows.OrderByDescending(r => r.LastAttemptAt).FirstOrDefault();
            return failed is null
                ? new SummaryReconciliation(ReconciliationState.Pending, null, "Tesla's totals of a day are fetched once, after the day ends.")
                : new SummaryReconciliation(ReconciliationState.Unavailable, null, $"{failed.LocalDate:yyyy-MM-dd}: {failed.Reason}");
        }

        var tesla = available.Aggregate(EnergyFlows.Zero, (sum, r) => sum + r.Flows);
        EnergyFlows ours;
        if (period.Kind == SummaryPeriod.Day)
        {
            ours = EnergyFlows.Of(total);
        }
        else
        {
            // Over the same days only: our local-day totals of the days Tesla's are known for.
            var days = available.Select(r => r.LocalDate).ToHashSet();
            var buckets = await reader.HistoryAsync(siteId, period.Start, period.End, TimeSpan.FromDays(1), zone, cancellationToken);
            ours = buckets.Where(b => b.LocalDate is { } d && days.Contains(d))
                .Aggregate(EnergyFlows.Zero, (sum, b) => sum + EnergyFlows.Of(b.Energy));
        }

        var missing = period.DayCount - available.Count;
        return new SummaryReconciliation(ReconciliationState.Available, new EnergyReconciliation(available.Count, ours, tesla),
            missing == 0 ? string.Empty : $"Tesla's totals are known for {available.Count} of the period's {period.DayCount} days; both sides cover those days only.");
    }
}
