using TeslaSync.Domain.Prices;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Domain.UnitTests.Tariffs;

public sealed class AmberTariffBuilderTests
{
    private static readonly TimeZoneInfo Brisbane = TimeZoneInfo.FindSystemTimeZoneById("Australia/Brisbane");
    private static readonly TimeZoneInfo Adelaide = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide");
    private static readonly TimeZoneInfo Sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");
    private readonly AmberTariffBuilder _builder = new(new TariffBuildOptions());

    [Fact]
    public void Build_FullDayInBrisbane_EachSlotTakesThePriceStartingAtItsLocalTime()
    {
        // 2025-06-10 14:00 local (+10) = 04:00 UTC; now is inside the 14:00 slot.
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero);
        var intervals = Prices.Day(start, i => 0.10m + (i * 0.01m), i => -(0.05m + (i * 0.001m)));

        var result = _builder.Build(intervals, Brisbane, start.AddMinutes(7));

        var tariff = Assert.IsType<HalfHourTariff>(result.Tariff);
        // Interval i starts at local 14:00 + 30 i minutes, so slot (28 + i) % 48 holds it.
        for (var i = 0; i < 48; i++)
        {
            var slot = tariff[new HalfHourSlot((28 + i) % 48)];
            Assert.Equal(0.10m + (i * 0.01m), slot.BuyPerKwh);
            Assert.Equal(0.05m + (i * 0.001m), slot.SellPerKwh);
        }
    }

    [Fact]
    public void Build_SlotsBeforeNow_CarryTomorrowsPrices()
    {
        var now = new DateTimeOffset(2025, 6, 10, 4, 10, 0, TimeSpan.Zero); // 14:10 Brisbane
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero);
        // 50 intervals: the last two are tomorrow's 14:00 and 14:30 and must not replace today's.
        var intervals = Prices.Day(start, i => i, i => 0m, count: 50);

        var tariff = _builder.Build(intervals, Brisbane, now).Tariff!;

        Assert.Equal(0m, tariff[new HalfHourSlot(28)].BuyPerKwh);     // 14:00 today (current)
        Assert.Equal(47m, tariff[new HalfHourSlot(27)].BuyPerKwh);    // 13:30 tomorrow
        Assert.Equal(20m, tariff[new HalfHourSlot(0)].BuyPerKwh);     // 00:00 tomorrow
    }

    [Fact]
    public void Build_ActualFiveMinutePointsAndThirtyMinuteForecast_BlendsTheCurrentSlotByMinutes()
    {
        var slotStart = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero);
        var intervals = Prices.Day(slotStart, i => 0.30m, i => -0.05m);
        // Two actual 5-minute prices are known for the current half-hour; the forecast covers the rest.
        intervals.Add(Prices.General(slotStart, 5, 0.90m, IntervalKind.Actual));
        intervals.Add(Prices.General(slotStart.AddMinutes(5), 5, 0.60m, IntervalKind.Actual));

        var tariff = _builder.Build(intervals, Brisbane, slotStart.AddMinutes(11)).Tariff!;

        // (0.90 + 0.60 + 4 × 0.30) / 6 = 0.45
        Assert.Equal(0.45m, tariff[new HalfHourSlot(28)].BuyPerKwh);
    }

    [Fact]
    public void Build_ForecastInterval_UsesTheChosenAdvancedPrice()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero);
        var intervals = Prices.Day(start, i => 0.30m, i => -0.05m)
            .Select(p => p.Channel == PriceChannel.General ? p with { AdvancedPrice = new PriceBand(0.20m, 0.25m, 0.40m) } : p)
            .ToList();

        var predicted = _builder.Build(intervals, Brisbane, start).Tariff!;
        var high = new AmberTariffBuilder(new TariffBuildOptions { Forecast = ForecastChoice.High }).Build(intervals, Brisbane, start).Tariff!;

        Assert.All(predicted.Rates, r => Assert.Equal(0.25m, r.BuyPerKwh));
        Assert.All(high.Rates, r => Assert.Equal(0.40m, r.BuyPerKwh));
    }

    [Fact]
    public void Build_NegativePrices_ClampsToZeroAndKeepsBuyAtLeastSell()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero);
        // Buy -0.10 (paid to import), feed-in +0.02 (pay to export), and a slot where sell > buy.
        var intervals = Prices.Day(start, i => i == 1 ? 0.05m : -0.10m, i => i == 1 ? -0.20m : 0.02m);

        var tariff = _builder.Build(intervals, Brisbane, start).Tariff!;

        Assert.Equal(0m, tariff[new HalfHourSlot(28)].BuyPerKwh);
        Assert.Equal(0m, tariff[new HalfHourSlot(28)].SellPerKwh);
        Assert.Equal(0.20m, tariff[new HalfHourSlot(29)].SellPerKwh);
        Assert.Equal(0.20m, tariff[new HalfHourSlot(29)].BuyPerKwh);
        Assert.All(tariff.Rates, r => Assert.True(r.BuyPerKwh >= 0 && r.SellPerKwh >= 0));
    }

    [Fact]
    public void Build_AFewMissingSlots_FillsFromTheNearestKnownSlot()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero);
        var intervals = Prices.Day(start, i => i, i => -i).Where(p => p.Start != start.AddMinutes(30 * 10)).ToList();

        var result = _builder.Build(intervals, Brisbane, start);

        Assert.Equal(2, result.FilledValues);
        Assert.Equal(9m, result.Tariff![new HalfHourSlot(38)].BuyPerKwh); // position 10 takes position 9 (tie → earlier)
    }

    [Fact]
    public void Build_TooManyMissingValues_RefusesAndSaysWhy()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero);
        var intervals = Prices.Day(start, i => 0.3m, i => -0.1m, count: 42); // 6 slots × 2 channels missing

        var result = _builder.Build(intervals, Brisbane, start);

        Assert.Null(result.Tariff);
        Assert.Contains("12 of 96", result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoFeedInAtAll_RefusesRatherThanUploadingZeroFeedIn()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero);
        var intervals = Prices.Day(start, i => 0.3m, i => -0.1m).Where(p => p.Channel == PriceChannel.General).ToList();

        Assert.False(_builder.Build(intervals, Brisbane, start).Succeeded);
    }

    [Theory]
    [InlineData("Australia/Sydney", "2025-04-05T13:00:00Z")]  // 00:00 local on the day clocks go back
    [InlineData("Australia/Sydney", "2025-10-04T13:40:00Z")]  // 23:40 local before clocks go forward
    [InlineData("Australia/Adelaide", "2025-04-05T13:30:00Z")]
    [InlineData("Australia/Adelaide", "2025-10-04T14:45:00Z")]
    public void Build_AcrossADstChange_CoversEverySlotExactlyOnce(string zoneId, string nowText)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var now = DateTimeOffset.Parse(nowText, System.Globalization.CultureInfo.InvariantCulture);
        var first = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.FromMinutes(30).Ticks), TimeSpan.Zero);
        // 50 half-hours of real time cover 48 wall-clock slots on any day, 23, 24 or 25 hours long.
        var intervals = Prices.Day(first, i => 0.10m + (i * 0.01m), i => -0.05m, count: 50);

        var tariff = _builder.Build(intervals, zone, now).Tariff!;

        Assert.Equal(Enumerable.Range(0, 48), tariff.Rates.Select(r => r.Slot.Index));
        Assert.All(tariff.Rates, r => Assert.InRange(r.BuyPerKwh, 0.10m, 0.59m));
        // The current slot takes the price that starts now, whatever the offset.
        var currentSlot = LocalHalfHour.Of(now, zone).Slot;
        Assert.Equal(0.10m, tariff[currentSlot].BuyPerKwh);
    }

    [Fact]
    public void Build_SydneyAutumnNight_RepeatedHourAveragesBothOccurrences()
    {
        // 2025-04-06: 03:00 AEDT becomes 02:00 AEST, so local 02:00–03:00 happens twice.
        var now = new DateTimeOffset(2025, 4, 5, 14, 0, 0, TimeSpan.Zero); // 01:00 AEDT
        var intervals = Prices.Day(now, i => i, i => 0m, count: 50);

        var tariff = _builder.Build(intervals, Sydney, now).Tariff!;

        // Local 02:00 is UTC 15:00 (AEDT, i = 2) and again UTC 16:00 (AEST, i = 4).
        Assert.Equal(3m, tariff[new HalfHourSlot(4)].BuyPerKwh);
    }

    [Fact]
    public void Build_AdelaideNow_UsesHalfHourOffsetNotTen()
    {
        // 2025-06-10 04:00 UTC is 13:30 in Adelaide (+9:30), not 14:00 (+10).
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero);
        var intervals = Prices.Day(start, i => i, i => 0m);

        var tariff = _builder.Build(intervals, Adelaide, start).Tariff!;

        Assert.Equal(0m, tariff[new HalfHourSlot(27)].BuyPerKwh);
    }
}
