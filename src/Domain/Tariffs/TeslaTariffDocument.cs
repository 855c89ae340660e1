using System.Text.Json.Nodes;

namespace TeslaSync.Domain.Tariffs;

/// <summary>Names that appear in the uploaded tariff and in the Tesla app.</summary>
public sealed record TariffLabels(string Code = "TESLASYNC:AMBER", string Name = "Amber (TeslaSync)", string Utility = "Amber Electric");

/// <summary>
/// Writes a <see cref="HalfHourTariff"/> as Tesla's <c>tariff_content_v2</c> and reads one back,
/// both through <see cref="TeslaTariffContent"/>.
/// </summary>
/// <remarks>
/// The shape follows what the Tesla app is known to accept: one season covering the whole year
/// plus an empty second season, the <c>ALL</c> sentinels, 48 <c>PERIOD_HH_MM</c> periods for
/// every day (0 = Monday … 6 = Sunday) with the last ending at <c>toHour: 24</c>, and a
/// <c>sell_tariff</c> that mirrors the buy side. Rates are $/kWh with at most 4 decimals.
/// Fixed charges (daily supply, monthly) and demand charges go on the buy side only, so Tesla
/// cannot count them twice.
/// </remarks>
public static class TeslaTariffDocument
{
    public const string Season = "Summer";
    public const string EmptySeason = "Winter";
    private const string All = TeslaChargeTable.All;

    public static JsonObject Write(HalfHourTariff tariff, TariffLabels? labels = null) => ToContent(tariff, labels).ToJson();

    /// <summary>The model of what <see cref="Write"/> writes.</summary>
    public static TeslaTariffContent ToContent(HalfHourTariff tariff, TariffLabels? labels = null)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        labels ??= new TariffLabels();

        var seasons = new NamedMap<TeslaSeason>(
        [
            KeyValuePair.Create(Season, TeslaSeason.Between(1, 1, 12, 31, HalfHourPeriods())),
            KeyValuePair.Create(EmptySeason, TeslaSeason.Empty),
        ]);
        var hasDemand = tariff.Rates.Any(rate => rate.DemandPerKw > 0m);
        var sell = new TeslaTariffContent
        {
            Name = labels.Name,
            Utility = labels.Utility,
            DailyCharges = new ValueList<TeslaDailyCharge>([new TeslaDailyCharge("Charge")]),
            DemandCharges = OneSeasonTable(null),
            EnergyCharges = OneSeasonTable(tariff.Rates.Select(rate => (rate.Slot, rate.SellPerKwh))),
            Seasons = seasons,
        };
        return new TeslaTariffContent
        {
            Code = labels.Code,
            Name = labels.Name,
            Utility = labels.Utility,
            Currency = "AUD",
            Version = 1,
            MonthlyCharges = tariff.Charges.MonthlyCharge > 0m ? tariff.Charges.MonthlyCharge : null,
            DailyCharges = new ValueList<TeslaDailyCharge>(
                [new TeslaDailyCharge("Charge", tariff.Charges.DailyCharge > 0m ? tariff.Charges.DailyCharge : null)]),
            DemandCharges = OneSeasonTable(hasDemand ? tariff.Rates.Select(rate => (rate.Slot, rate.DemandPerKw)) : null),
            EnergyCharges = OneSeasonTable(tariff.Rates.Select(rate => (rate.Slot, rate.BuyPerKwh))),
            Seasons = seasons,
            SellTariff = sell,
        };
    }

    /// <summary>
    /// Reads a tariff that is the same on every date and weekday — one season, like the ones
    /// <see cref="Write"/> produces — as the rates of each slot at its start. Null when the
    /// document is not a tariff, leaves a slot without a period or a rate, lacks a sell side, or
    /// differs between seasons or weekdays (read those with the overload that takes a date).
    /// </summary>
    public static HalfHourTariff? TryRead(JsonObject? document, string timeZoneId)
    {
        if (!TeslaTariffContent.TryParse(document, out var content, out _))
        {
            return null;
        }

        // Every combination of buy season, sell season and weekday that some date of a leap year has.
        var days = Enumerable.Range(0, 366)
            .Select(offset => new DateOnly(2024, 1, 1).AddDays(offset))
            .DistinctBy(date => (content!.SeasonCovering(date), SellSide(content).SeasonCovering(date), TeslaDayOfWeek.Of(date)));
        HalfHourTariff? first = null;
        foreach (var date in days)
        {
            var tariff = Read(content!, timeZoneId, date);
            if (tariff is null || (first is not null && !SameRates(first, tariff)))
            {
                return null;
            }

            first ??= tariff;
        }

        return first;
    }

    /// <summary>
    /// Reads the rates in force on one local date — the season covering it and its weekday —
    /// each slot priced at its start. Null when the document is not a tariff, leaves a slot of
    /// that day without a period or a rate, or lacks a sell side.
    /// </summary>
    public static HalfHourTariff? TryRead(JsonObject? document, string timeZoneId, DateOnly localDate) =>
        TeslaTariffContent.TryParse(document, out var content, out _) ? Read(content!, timeZoneId, localDate) : null;

    private static HalfHourTariff? Read(TeslaTariffContent content, string timeZoneId, DateOnly localDate)
    {
        if (content.SellTariff is null)
        {
            return null;
        }

        var sellSide = SellSide(content);
        var rates = new List<SlotRates>(HalfHourSlot.PerDay);
        foreach (var slot in HalfHourSlot.All)
        {
            var minute = (slot.StartHour * 60) + slot.StartMinute;
            if (content.PeriodAt(localDate, minute) is not { } buyPeriod
                || sellSide.PeriodAt(localDate, minute) is not { } sellPeriod
                || content.EnergyRate(buyPeriod) is not { } buy
                || sellSide.EnergyRate(sellPeriod) is not { } sell)
            {
                return null;
            }

            rates.Add(new SlotRates(slot, buy, sell, content.DemandRate(buyPeriod)));
        }

        return new HalfHourTariff(rates, timeZoneId, new FixedCharges(content.DailyChargeTotal, content.MonthlyCharges ?? 0m));
    }

    /// <summary>The sell side, borrowing the buy side's seasons when it has none of its own.</summary>
    private static TeslaTariffContent SellSide(TeslaTariffContent content) =>
        content.SellTariff is { Seasons: null } sell ? sell with { Seasons = content.Seasons } : content.SellTariff ?? content;

    private static bool SameRates(HalfHourTariff a, HalfHourTariff b) => a.Rates.SequenceEqual(b.Rates) && a.Charges == b.Charges;

    /// <summary>The ALL sentinel, the one real season's rates (or <c>{}</c>), and the empty second season.</summary>
    private static TeslaChargeTable OneSeasonTable(IEnumerable<(HalfHourSlot Slot, decimal Rate)>? rates) =>
        new(new NamedMap<TeslaSeasonRates>(
        [
            KeyValuePair.Create(All, TeslaChargeTable.AllSentinel),
            KeyValuePair.Create(Season, rates is null
                ? TeslaSeasonRates.None
                : TeslaSeasonRates.Of(rates.Select(rate => KeyValuePair.Create(rate.Slot.Name, rate.Rate)))),
            KeyValuePair.Create(EmptySeason, TeslaSeasonRates.None),
        ]));

    private static NamedMap<TouPeriod> HalfHourPeriods() =>
        new(HalfHourSlot.All.Select(slot => KeyValuePair.Create(
            slot.Name,
            new TouPeriod(new ValueList<TouWindow>(
                [TouWindow.Between(TeslaDayOfWeek.Monday, TeslaDayOfWeek.Sunday, (slot.StartHour * 60) + slot.StartMinute, (slot.EndHour * 60) + slot.EndMinute)])))));
}
