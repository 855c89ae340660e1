using System.Globalization;
using TeslaSync.Domain.Prices;

namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// Turns Amber's actual, current and forecast prices into the 48-slot tariff a Powerwall
/// optimises against (SPEC §2 "Conversion rules").
/// </summary>
/// <remarks>
/// Three stages:
/// <list type="number">
/// <item><see cref="RollingWindow"/> + <see cref="WindowPrices"/> (rules 1–4): the 48 local
/// half-hours from the one containing now, each the minute-weighted mean of the prices in it, so
/// slots earlier in the day than now carry tomorrow's forecast.</item>
/// <item>Refuse or fill (rule 5): too many missing values and nothing is built; otherwise
/// <see cref="GapFiller"/> fills from the nearest known neighbour in window order.</item>
/// <item><see cref="SlotPricePipeline"/> (rules 6–8): clamp, chip mode, export boost, demand
/// premium, buy ≥ sell, spike protection, round — the true prices are kept alongside.</item>
/// </list>
/// </remarks>
public sealed class AmberTariffBuilder
{
    private readonly TariffBuildOptions _options;
    private readonly WindowPrices _prices;
    private readonly SlotPricePipeline _pipeline;

    public AmberTariffBuilder(TariffBuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _prices = new WindowPrices(options.Forecast);
        _pipeline = new SlotPricePipeline(options);
    }

    public TariffBuildResult Build(IEnumerable<PriceInterval> intervals, TimeZoneInfo timeZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        ArgumentNullException.ThrowIfNull(timeZone);

        var window = RollingWindow.Starting(now, timeZone);
        var observed = _prices.Observe(intervals.ToList(), window, timeZone);
        var buy = observed.Select(slot => slot.BuyPerKwh).ToArray();
        var sell = observed.Select(slot => slot.SellPerKwh).ToArray();
        var missing = buy.Count(value => value is null) + sell.Count(value => value is null);

        var refusal = RefusalFor(buy, sell, missing, window, timeZone);
        if (refusal is not null)
        {
            return refusal;
        }

        var filledBuy = GapFiller.FillFromNearest(buy);
        var filledSell = GapFiller.FillFromNearest(sell);
        var priced = Enumerable.Range(0, HalfHourSlot.PerDay)
            .Select(position => new PricedHalfHour(
                window[position],
                filledBuy[position],
                filledSell[position],
                observed[position].SpikeFlagged,
                (buy[position] is null ? SlotAdjustments.BuyFilled : SlotAdjustments.None)
                | (sell[position] is null ? SlotAdjustments.SellFilled : SlotAdjustments.None)))
            .ToArray();

        var slots = _pipeline.Run(priced);
        var rates = slots.Select(slot => slot.Tesla).OrderBy(rate => rate.Slot.Index).ToArray();
        var charges = new FixedCharges(_options.DailySupplyCharge, _options.MonthlyCharge);
        return TariffBuildResult.Built(new HalfHourTariff(rates, timeZone.Id, charges), slots, missing);
    }

    /// <summary>
    /// Rule 5: never upload what would be mostly guesswork. A whole channel missing is named as
    /// such (a fill would have nothing to start from, and $0 feed-in once made a Powerwall
    /// grid-charge to 100 %); otherwise the count decides.
    /// </summary>
    private TariffBuildResult? RefusalFor(decimal?[] buy, decimal?[] sell, int missing, RollingWindow window, TimeZoneInfo timeZone)
    {
        var span = string.Create(
            CultureInfo.InvariantCulture,
            $"{window[0]} to {window[HalfHourSlot.PerDay - 1]} ({timeZone.Id})");
        const string Kept = "the last good tariff stays in place.";

        if (buy.All(value => value is null))
        {
            return TariffBuildResult.Refused(
                TariffRefusalReason.NoBuyPrices,
                $"No general (buy) prices cover any half-hour from {span}; {Kept}",
                missing);
        }

        if (sell.All(value => value is null))
        {
            return TariffBuildResult.Refused(
                TariffRefusalReason.NoSellPrices,
                $"No feed-in (sell) prices cover any half-hour from {span}; uploading would mean $0 feed-in everywhere, so {Kept}",
                missing);
        }

        if (missing > _options.MaxMissingValues)
        {
            var firstMissing = Enumerable.Range(0, HalfHourSlot.PerDay).First(position => buy[position] is null || sell[position] is null);
            return TariffBuildResult.Refused(
                TariffRefusalReason.TooManyMissingValues,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{missing} of {2 * HalfHourSlot.PerDay} buy/sell values are missing for {span} " +
                    $"({buy.Count(v => v is null)} buy, {sell.Count(v => v is null)} sell, the first at {window[firstMissing]}); " +
                    $"at most {_options.MaxMissingValues} may be filled, so {Kept}"),
                missing);
        }

        return null;
    }
}
