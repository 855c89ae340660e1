using TeslaSync.Domain.Energy;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Domain.Billing;

/// <summary>
/// Measures demand the way networks bill it (SPEC §6): the <b>30-minute average</b> grid import in
/// each half-hour of the local clock, the highest such block in each charged window over the
/// billing cycle so far, and what that peak will cost.
/// </summary>
/// <remarks>
/// <para>Instantaneous samples are never demand: earlier tools took the highest sample and showed
/// peaks several times what the bill later charged.</para>
/// <para>The estimated charge is the full rate on the peak so far, not pro-rated by the part of
/// the cycle elapsed: networks charge the cycle's highest half-hour in full however late in the
/// cycle it happens, so the peak already set is owed in full and the estimate can only rise.</para>
/// </remarks>
public sealed class DemandMeter
{
    /// <summary>Throws <see cref="ArgumentException"/> listing every problem when the tariff is not valid.</summary>
    public DemandMeter(DemandTariff tariff, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        ArgumentNullException.ThrowIfNull(timeZone);
        DemandTariffValidator.EnsureValid(tariff);
        Tariff = tariff;
        TimeZone = timeZone;
    }

    public DemandTariff Tariff { get; }

    /// <summary>The site's zone: blocks, windows and billing days follow its wall clock.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The billing cycle an instant falls in.</summary>
    public BillingCycle CycleAt(DateTimeOffset instant) => BillingCycle.Containing(instant, TimeZone, Tariff.BillingCycleDay);

    /// <summary>The charged window in force at an instant (Home Assistant's "in demand charge period"); null when none.</summary>
    public DemandWindow? WindowAt(DateTimeOffset instant) => Tariff.WindowOf(LocalHalfHour.Of(instant, TimeZone));

    /// <summary>The intervals' import in half-hour blocks of the local clock, in time order.</summary>
    public IReadOnlyList<DemandBlock> Blocks(IEnumerable<EnergyInterval> intervals) => Blocks(intervals, TimeZone);

    /// <summary>
    /// The intervals' import in half-hour blocks of the local clock, in time order. An interval
    /// that crosses a block boundary gives each block its share in proportion to time; time no
    /// interval covers lowers the block's <see cref="DemandBlock.Covered"/>, not its demand.
    /// Throws when intervals are malformed or overlap.
    /// </summary>
    public static IReadOnlyList<DemandBlock> Blocks(IEnumerable<EnergyInterval> intervals, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var blocks = new List<(DateTimeOffset Start, double Wh, TimeSpan Covered)>();
        foreach (var interval in IntervalShares.InOrder(intervals))
        {
            for (var at = interval.Start; at < interval.End;)
            {
                var blockStart = LocalCalendar.HalfHourStart(at, timeZone);
                var blockEnd = blockStart + DemandBlock.Length;
                var pieceEnd = blockEnd < interval.End ? blockEnd : interval.End;
                var wh = interval.GridImport * IntervalShares.Share(interval, at, pieceEnd);
                var covered = IntervalShares.CoveredIn(interval, at, pieceEnd);

                // Intervals come in time order, so a block's pieces arrive together.
                if (blocks.Count > 0 && blocks[^1].Start == blockStart)
                {
                    blocks[^1] = (blockStart, blocks[^1].Wh + wh, blocks[^1].Covered + covered);
                }
                else
                {
                    blocks.Add((blockStart, wh, covered));
                }

                at = pieceEnd;
            }
        }

        return blocks
            .Select(block => new DemandBlock(block.Start, LocalHalfHour.Of(block.Start, timeZone), block.Wh, block.Covered))
            .ToList();
    }

    /// <summary>The peak in each window over the billing cycle containing <paramref name="now"/>, up to now.</summary>
    public CycleDemand Measure(IEnumerable<EnergyInterval> intervals, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var cycle = CycleAt(now);
        var (from, until) = (cycle.StartsAt(TimeZone), cycle.EndsAt(TimeZone));

        // Only intervals that reach into the cycle; an interval straddling its first midnight
        // contributes only the share inside it, through the blocks.
        var inCycle = intervals.Where(interval => interval is null || (interval.End > from && interval.Start < until && interval.Start < now));
        return Measure(Blocks(inCycle), now);
    }

    /// <summary>
    /// The peak in each window over the billing cycle containing <paramref name="now"/>, from
    /// blocks already built (for example stored 30-minute aggregates). Blocks of other cycles and
    /// blocks starting at or after <paramref name="now"/> are ignored.
    /// </summary>
    public CycleDemand Measure(IEnumerable<DemandBlock> blocks, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var cycle = CycleAt(now);
        var counted = blocks
            .Select(block => block ?? throw new ArgumentException("A demand block is missing (null).", nameof(blocks)))
            .Where(block => cycle.Contains(block.LocalStart.Date) && block.Start < now)
            .OrderBy(block => block.Start)
            .ToList();

        var windows = Tariff.Windows
            .Select(window => Demand(window, counted.Where(block => window.Contains(block.LocalStart)).ToList(), cycle, now))
            .ToList();
        return new CycleDemand(cycle, now, windows);
    }

    private WindowDemand Demand(DemandWindow window, List<DemandBlock> blocks, BillingCycle cycle, DateTimeOffset now)
    {
        DemandBlock? peak = null;
        foreach (var block in blocks)
        {
            // Strictly greater: of equal peaks the first stands, as on a network's bill.
            if (peak is null || block.Kw > peak.Kw)
            {
                peak = block;
            }
        }

        var peakKw = peak?.Kw ?? 0;
        var days = Tariff.RateBasis == DemandRateBasis.PerDay ? cycle.Days : 1;

        // The block still running is not "incomplete": it has not finished yet.
        var incomplete = blocks.Count(block => !block.IsComplete && block.End <= now);
        return new WindowDemand(window, peakKw, peak, (decimal)peakKw * window.RatePerKw * days, blocks.Count, incomplete);
    }
}

/// <summary>The demand of one billing cycle so far, per charged window.</summary>
/// <param name="Cycle">The cycle measured.</param>
/// <param name="AsOf">Up to when.</param>
/// <param name="Windows">One entry per window of the tariff, in the tariff's order.</param>
public sealed record CycleDemand(BillingCycle Cycle, DateTimeOffset AsOf, IReadOnlyList<WindowDemand> Windows)
{
    /// <summary>The estimated demand charge of the cycle: the sum over windows.</summary>
    public decimal Charge => Windows.Sum(window => window.Charge);

    /// <summary>The highest 30-minute demand in any charged window (Home Assistant's "peak demand this cycle").</summary>
    public double PeakKw => Windows.Count == 0 ? 0 : Windows.Max(window => window.PeakKw);
}

/// <summary>One window's demand over the cycle so far.</summary>
/// <param name="Window">The window.</param>
/// <param name="PeakKw">The highest 30-minute average import in it, kW (0 before any block).</param>
/// <param name="PeakBlock">The block that set it (the first, when several tie); null before any block.</param>
/// <param name="Charge">Peak kW × rate (× days in the cycle for a per-day rate), $: the full charge on the peak so far.</param>
/// <param name="Blocks">Half-hours of this window measured so far.</param>
/// <param name="IncompleteBlocks">Finished half-hours with gaps in the samples, whose demand may be understated.</param>
public sealed record WindowDemand(DemandWindow Window, double PeakKw, DemandBlock? PeakBlock, decimal Charge, int Blocks, int IncompleteBlocks);
