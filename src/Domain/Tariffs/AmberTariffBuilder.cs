using TeslaSync.Domain.Prices;

namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// Turns Amber's actual, current and forecast prices into the 48-slot tariff a Powerwall
/// optimises against (SPEC §2 "Conversion rules").
/// </summary>
/// <remarks>
/// The tariff is a 24-hour wheel in local wall-clock time. Starting at the half-hour that
/// contains "now", each of the next 48 local half-hours takes the prices whose interval starts
/// in it; so slots earlier in the day than now carry tomorrow's forecast. Within a slot, finer
/// intervals win over coarser ones for the minutes they cover (actual 5-minute prices so far,
/// the 30-minute forecast for the rest), and the slot's price is the mean over its minutes.
/// </remarks>
public sealed class AmberTariffBuilder(TariffBuildOptions options)
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    public TariffBuildResult Build(IEnumerable<PriceInterval> intervals, TimeZoneInfo timeZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        ArgumentNullException.ThrowIfNull(timeZone);

        var window = RollingWindow.Starting(now, timeZone);
        var points = intervals.ToList();
        var buy = SlotMeans(points, PriceChannel.General, window, timeZone, sign: 1m);
        // Amber's feed-in price is a cost (negative = paid); Tesla's sell rate is what is earned.
        var sell = SlotMeans(points, PriceChannel.FeedIn, window, timeZone, sign: -1m);

        var missing = buy.Count(value => value is null) + sell.Count(value => value is null);
        if (missing > options.MaxMissingValues)
        {
            return TariffBuildResult.Refused(
                $"{missing} of {2 * HalfHourSlot.PerDay} buy/sell values are missing for the next 24 hours " +
                $"(at most {options.MaxMissingValues} may be filled); the last good tariff stays in place.");
        }

        var filledBuy = GapFiller.FillFromNearest(buy);
        var filledSell = GapFiller.FillFromNearest(sell);

        var rates = new SlotRates[HalfHourSlot.PerDay];
        for (var position = 0; position < HalfHourSlot.PerDay; position++)
        {
            var slot = window[position].Slot;
            rates[slot.Index] = ToTeslaRates(slot, filledBuy[position], filledSell[position]);
        }

        return TariffBuildResult.Built(new HalfHourTariff(rates, timeZone.Id), missing);
    }

    /// <summary>Tesla accepts no negative rates; our own records keep the true price.</summary>
    private SlotRates ToTeslaRates(HalfHourSlot slot, decimal buy, decimal sell)
    {
        var teslaSell = TeslaRate(sell);
        var teslaBuy = TeslaRate(buy);
        if (options.RaiseBuyToSell && teslaBuy < teslaSell)
        {
            teslaBuy = teslaSell;
        }

        return new SlotRates(slot, teslaBuy, teslaSell);
    }

    private static decimal TeslaRate(decimal dollarsPerKwh) =>
        Math.Round(Math.Max(0m, dollarsPerKwh), 4, MidpointRounding.AwayFromZero);

    /// <summary>The mean price of each window position for one channel; null where nothing is known.</summary>
    private decimal?[] SlotMeans(
        List<PriceInterval> points, PriceChannel channel, RollingWindow window, TimeZoneInfo timeZone, decimal sign)
    {
        // Per window position: the price of each 5-minute step, filled finest interval first.
        var steps = new Dictionary<DateTimeOffset, decimal>[HalfHourSlot.PerDay];
        var ordered = points
            .Where(point => point.Channel == channel)
            .OrderBy(point => point.Duration)
            .ThenBy(point => point.Kind);

        foreach (var point in ordered)
        {
            var position = window.PositionOf(LocalHalfHour.Of(point.Start, timeZone));
            if (position is null)
            {
                continue;
            }

            var byStep = steps[position.Value] ??= [];
            for (var step = point.Start; step < point.End; step += Step)
            {
                byStep.TryAdd(step, sign * PriceOf(point));
            }
        }

        return steps.Select(byStep => byStep is { Count: > 0 } ? byStep.Values.Average() : (decimal?)null).ToArray();
    }

    private decimal PriceOf(PriceInterval point) =>
        point.Kind == IntervalKind.Actual || point.AdvancedPrice is null
            ? point.PerKwh
            : options.Forecast switch
            {
                ForecastChoice.Low => point.AdvancedPrice.Low,
                ForecastChoice.High => point.AdvancedPrice.High,
                _ => point.AdvancedPrice.Predicted,
            };
}
