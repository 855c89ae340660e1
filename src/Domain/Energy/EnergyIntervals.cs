namespace TeslaSync.Domain.Energy;

/// <summary>Adding up <see cref="EnergyInterval"/>s: pieces of one interval, fine intervals into coarse ones, a period's total.</summary>
public static class EnergyIntervals
{
    public static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);

    /// <summary>Two parts of the same interval added together (flows and coverage).</summary>
    public static EnergyInterval Plus(this EnergyInterval interval, EnergyInterval other)
    {
        ArgumentNullException.ThrowIfNull(interval);
        ArgumentNullException.ThrowIfNull(other);
        if (interval.Start != other.Start || interval.End != other.End)
        {
            throw new ArgumentException("Only parts of the same interval can be added.", nameof(other));
        }

        return Total([interval, other], interval.Start, interval.End);
    }

    /// <summary>The energy of [<paramref name="start"/>, <paramref name="end"/>) from the intervals inside it (others are left out).</summary>
    public static EnergyInterval Total(IEnumerable<EnergyInterval> intervals, DateTimeOffset start, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var flows = EnergyFlows.Zero;
        var covered = TimeSpan.Zero;
        foreach (var interval in intervals.Where(i => i.Start >= start && i.End <= end))
        {
            flows += EnergyFlows.Of(interval);
            covered += interval.Covered;
        }

        return flows.Over(start, end, covered);
    }

    /// <summary>Fine intervals summed into UTC-aligned intervals of <paramref name="length"/> (5-minute into 30-minute), oldest first.</summary>
    public static IReadOnlyList<EnergyInterval> RollUp(IEnumerable<EnergyInterval> intervals, TimeSpan length)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        return intervals
            .GroupBy(i => EnergyIntegrator.Floor(i.Start, length))
            .OrderBy(g => g.Key)
            .Select(g => Total(g, g.Key, g.Key + length))
            .ToList();
    }

    /// <summary>These flows as the energy of [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static EnergyInterval Over(this EnergyFlows flows, DateTimeOffset start, DateTimeOffset end, TimeSpan covered) =>
        new(start, end, flows.Solar, flows.Home, flows.GridImport, flows.GridExport, flows.BatteryCharge, flows.BatteryDischarge, covered);
}
