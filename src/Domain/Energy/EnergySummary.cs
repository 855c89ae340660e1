namespace TeslaSync.Domain.Energy;

/// <summary>
/// What a site's energy did over a local period, from our own samples: the totals, how much of the
/// period the samples covered, and (when Tesla's own totals are known) how the two compare.
/// </summary>
/// <param name="Covered">How much of the period had samples close enough to integrate.</param>
/// <param name="Elapsed">How much of the period has passed (all of it once it is over).</param>
public sealed record EnergySummary(LocalPeriod Period, EnergyFlows Energy, TimeSpan Covered, TimeSpan Elapsed, EnergyReconciliation? Reconciliation)
{
    /// <summary>1 − import / home; null when the home used nothing.</summary>
    public double? SelfSufficiency => Energy.SelfSufficiency;

    /// <summary>The share of the elapsed part of the period our samples cover (0–1); null before the period starts.</summary>
    public double? Completeness => Elapsed > TimeSpan.Zero ? Math.Min(1, Covered / Elapsed) : null;

    /// <summary>True when samples covered the whole period (so it is also over).</summary>
    public bool IsComplete => Covered >= Period.Length;

    /// <summary>The summary of <paramref name="period"/> as of <paramref name="now"/> from the energy recorded in it.</summary>
    public static EnergySummary Of(LocalPeriod period, EnergyFlows energy, TimeSpan covered, DateTimeOffset now, EnergyReconciliation? reconciliation = null)
    {
        ArgumentNullException.ThrowIfNull(period);
        var elapsed = now <= period.Start ? TimeSpan.Zero : now >= period.End ? period.Length : now - period.Start;
        return new EnergySummary(period, energy, covered, elapsed, reconciliation);
    }
}

/// <summary>Our total of one flow next to Tesla's.</summary>
public sealed record FlowDifference(EnergyFlow Flow, double Ours, double Tesla)
{
    /// <summary>Ours − Tesla's, Wh.</summary>
    public double DifferenceWh => Ours - Tesla;

    /// <summary>(Ours − Tesla's) / Tesla's × 100; 0 when both are 0; null when only Tesla's is 0 (no base to compare with).</summary>
    public double? DifferencePercent => Tesla != 0 ? 100 * (Ours - Tesla) / Tesla : Ours == 0 ? 0 : null;
}

/// <summary>
/// Our totals against Tesla's <c>calendar_history</c> totals over the days both are known for. Ours
/// come from 30-second samples, Tesla's from the gateway's meters, so a small difference is normal;
/// a large one points at gaps or a problem with the samples.
/// </summary>
public sealed record EnergyReconciliation(int DaysCompared, EnergyFlows Ours, EnergyFlows Tesla)
{
    public IReadOnlyList<FlowDifference> Differences =>
        [.. EnergyFlows.All.Select(flow => new FlowDifference(flow, Ours[flow], Tesla[flow]))];
}
