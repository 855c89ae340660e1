using System.Globalization;
using TeslaSync.Domain.Energy;

namespace TeslaSync.Domain.Billing;

/// <summary>
/// Checks on the energy intervals cost and demand are built from, and the one way a part of an
/// interval is given its share of the energy.
/// </summary>
internal static class IntervalShares
{
    /// <summary>
    /// The intervals in time order, refusing any that is malformed or overlaps another: an overlap
    /// counts the same energy twice, which would silently inflate a bill and a demand peak.
    /// </summary>
    public static List<EnergyInterval> InOrder(IEnumerable<EnergyInterval> intervals)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var ordered = intervals.ToList();
        foreach (var interval in ordered)
        {
            Check(interval);
        }

        ordered.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Start < ordered[i - 1].End)
            {
                throw new ArgumentException(
                    $"Energy intervals {Describe(ordered[i - 1])} and {Describe(ordered[i])} overlap; each moment's energy must be counted once.",
                    nameof(intervals));
            }
        }

        return ordered;
    }

    public static void Check(EnergyInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        if (interval.End <= interval.Start)
        {
            throw new ArgumentException($"Energy interval {Describe(interval)} does not end after it starts.", nameof(interval));
        }

        CheckFlow(interval, interval.GridImport, "grid import");
        CheckFlow(interval, interval.GridExport, "grid export");
        if (interval.Covered < TimeSpan.Zero)
        {
            throw new ArgumentException($"Energy interval {Describe(interval)} has negative covered time.", nameof(interval));
        }
    }

    /// <summary>
    /// The fraction of the interval's energy that falls in [<paramref name="from"/>, <paramref name="to"/>):
    /// proportional to time, the flow taken as steady within the interval. Exact when the part is
    /// the whole interval; for a finer split it is the best the interval's own data can say.
    /// </summary>
    public static double Share(EnergyInterval interval, DateTimeOffset from, DateTimeOffset to) =>
        from <= interval.Start && to >= interval.End ? 1.0 : (double)(to - from).Ticks / interval.Duration.Ticks;

    /// <summary>The time in the part that samples covered, apportioned the same way.</summary>
    public static TimeSpan CoveredIn(EnergyInterval interval, DateTimeOffset from, DateTimeOffset to)
    {
        var covered = interval.Covered >= interval.Duration ? interval.Duration : interval.Covered;
        return from <= interval.Start && to >= interval.End
            ? covered
            : TimeSpan.FromTicks((long)Math.Round(covered.Ticks * Share(interval, from, to)));
    }

    private static void CheckFlow(EnergyInterval interval, double wh, string flow)
    {
        if (!double.IsFinite(wh) || wh < 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Energy interval {Describe(interval)} has {flow} {wh} Wh; flows are finite and non-negative."),
                nameof(interval));
        }
    }

    private static string Describe(EnergyInterval interval) =>
        string.Create(CultureInfo.InvariantCulture, $"{interval.Start:O}–{interval.End:O}");
}
