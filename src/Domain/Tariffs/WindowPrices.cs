using TeslaSync.Domain.Prices;

namespace TeslaSync.Domain.Tariffs;

/// <summary>What Amber says about one window position before anything is filled or adjusted.</summary>
/// <param name="BuyPerKwh">Mean general price, $/kWh; null when no interval covers the half-hour.</param>
/// <param name="SellPerKwh">Mean export earning (−feed-in), $/kWh; null when no interval covers it.</param>
/// <param name="SpikeFlagged">A general interval priced in this half-hour is flagged potential or spike.</param>
public readonly record struct ObservedSlot(decimal? BuyPerKwh, decimal? SellPerKwh, bool SpikeFlagged);

/// <summary>
/// Rules 1–3: averages Amber's intervals into the rolling window's local half-hours.
/// </summary>
/// <remarks>
/// Every interval is cut into 5-minute steps; each step lands in the local half-hour containing
/// it (for the :00/:30 offsets of every NEM zone that is the half-hour containing the interval's
/// start, as rule 1 says). Finer intervals are laid down first and keep the minutes they cover,
/// so in the current half-hour the actual 5-minute prices known so far win over the 30-minute
/// forecast, which prices the remaining minutes (rule 3). A half-hour's price is the mean over
/// its minutes; on the autumn DST night a repeated local half-hour simply has twice the steps and
/// so averages both occurrences.
/// </remarks>
public sealed class WindowPrices(ForecastChoice forecast)
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    public ObservedSlot[] Observe(IReadOnlyList<PriceInterval> intervals, RollingWindow window, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(timeZone);

        var buy = Steps(intervals, PriceChannel.General, window, timeZone);
        var sell = Steps(intervals, PriceChannel.FeedIn, window, timeZone);
        var observed = new ObservedSlot[HalfHourSlot.PerDay];
        for (var position = 0; position < observed.Length; position++)
        {
            observed[position] = new ObservedSlot(
                Mean(buy[position]),
                // Amber's feed-in price is a cost (negative = paid); Tesla's sell rate is what is earned.
                -Mean(sell[position]),
                buy[position]?.Values.Any(step => step.Spike) ?? false);
        }

        return observed;
    }

    private static decimal? Mean(Dictionary<DateTimeOffset, PricedStep>? steps) =>
        steps is { Count: > 0 } ? steps.Values.Average(step => step.PerKwh) : null;

    /// <summary>Per window position, the price of each 5-minute step (keyed by its UTC start).</summary>
    private Dictionary<DateTimeOffset, PricedStep>?[] Steps(
        IReadOnlyList<PriceInterval> intervals, PriceChannel channel, RollingWindow window, TimeZoneInfo timeZone)
    {
        var steps = new Dictionary<DateTimeOffset, PricedStep>?[HalfHourSlot.PerDay];
        var finestFirst = intervals
            .Where(interval => interval.Channel == channel)
            .OrderBy(interval => interval.Duration)
            .ThenBy(interval => interval.Kind); // a settled Actual beats a Current beats a Forecast for the same minutes

        foreach (var interval in finestFirst)
        {
            var priced = new PricedStep(PriceOf(interval), interval.SpikeStatus is SpikeStatus.Potential or SpikeStatus.Spike);
            // Steps are aligned to the 5-minute grid so the same minutes from two sources collide.
            for (var step = FloorToStep(interval.Start); step < interval.End; step += Step)
            {
                var position = window.PositionOf(LocalHalfHour.Of(step, timeZone));
                if (position is not null)
                {
                    (steps[position.Value] ??= []).TryAdd(step, priced);
                }
            }
        }

        return steps;
    }

    /// <summary>Rule 2: settled prices use perKwh; Current/Forecast the chosen forecast figure.</summary>
    private decimal PriceOf(PriceInterval interval) =>
        interval.Kind == IntervalKind.Actual || interval.AdvancedPrice is null
            ? interval.PerKwh
            : forecast switch
            {
                ForecastChoice.Low => interval.AdvancedPrice.Low,
                ForecastChoice.High => interval.AdvancedPrice.High,
                _ => interval.AdvancedPrice.Predicted,
            };

    private static DateTimeOffset FloorToStep(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % Step.Ticks), TimeSpan.Zero);

    private readonly record struct PricedStep(decimal PerKwh, bool Spike);
}
