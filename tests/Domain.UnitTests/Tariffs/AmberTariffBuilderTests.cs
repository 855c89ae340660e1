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

    // ---- Rule 6: true values kept for our own records -------------------------------------------------

    [Fact]
    public void Build_NegativePrices_ResultKeepsTheTrueUnclampedPrices()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero);
        var intervals = Prices.Day(start, i => -0.1234m, i => 0.0321m); // paid to import, paying to export

        var result = _builder.Build(intervals, Brisbane, start);

        var now = result.Slots[0];
        Assert.Equal(new LocalHalfHour(new DateOnly(2025, 6, 10), new HalfHourSlot(28)), now.HalfHour);
        Assert.Equal(-0.1234m, now.TrueBuyPerKwh);
        Assert.Equal(-0.0321m, now.TrueSellPerKwh);
        Assert.Equal(new SlotRates(new HalfHourSlot(28), 0m, 0m), now.Tesla);
        Assert.Equal(SlotAdjustments.BuyClamped | SlotAdjustments.SellClamped, now.Adjustments);
    }

    [Fact]
    public void Build_Rounding_IsFourDecimalsMidpointAwayFromZero()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero);
        var intervals = Prices.Day(start, i => 0.12345m, i => -0.00005m);

        var rates = _builder.Build(intervals, Brisbane, start).Tariff![new HalfHourSlot(28)];

        Assert.Equal(0.1235m, rates.BuyPerKwh);
        Assert.Equal(0.0001m, rates.SellPerKwh);
    }

    // ---- Rule 7: spike protection ---------------------------------------------------------------------

    [Fact]
    public void Build_SpikeFlagWithProtectionOff_LeavesBuyAlone()
    {
        var (intervals, now) = SpikeAt(today: true, nowHour: 17);

        var tariff = _builder.Build(intervals, Brisbane, now).Tariff!;

        Assert.Equal(0.30m, tariff[Slot1800].BuyPerKwh);
    }

    [Fact]
    public void Build_SpikeFlaggedTodayWithProtection_BuyIsHighestSellPlusOneDollar()
    {
        var (intervals, now) = SpikeAt(today: true, nowHour: 17);

        var result = SpikeProtected.Build(intervals, Brisbane, now);

        // Highest sell anywhere is 0.25 (13:00); the spike slot must out-price it by $1.
        Assert.Equal(1.25m, result.Tariff![Slot1800].BuyPerKwh);
        Assert.True(result.SlotFor(Slot1800).Adjustments.HasFlag(SlotAdjustments.SpikeProtected));
        Assert.Equal(0.30m, result.SlotFor(Slot1800).TrueBuyPerKwh);
        Assert.Equal(0.30m, result.Tariff[new HalfHourSlot(37)].BuyPerKwh);
    }

    [Fact]
    public void Build_SpikeFlaggedForTodays1800_DoesNotLeakOntoTomorrows1800()
    {
        // Now is 19:10: the 18:00 slot carries tomorrow's price; today's 18:00 (flagged, now past) must not touch it.
        var (intervals, now) = SpikeAt(today: true, nowHour: 19);

        var result = SpikeProtected.Build(intervals, Brisbane, now);

        Assert.Equal(new DateOnly(2025, 6, 11), result.SlotFor(Slot1800).HalfHour.Date);
        Assert.False(result.SlotFor(Slot1800).SpikeFlagged);
        Assert.Equal(0.30m, result.Tariff![Slot1800].BuyPerKwh);
    }

    [Fact]
    public void Build_SpikeFlaggedForTomorrows1800_DoesNotLeakOntoTodays1800()
    {
        // Now is 17:10: the 18:00 slot is today's; tomorrow's 18:00 (flagged) is past the window.
        var (intervals, now) = SpikeAt(today: false, nowHour: 17);

        var result = SpikeProtected.Build(intervals, Brisbane, now);

        Assert.Equal(new DateOnly(2025, 6, 10), result.SlotFor(Slot1800).HalfHour.Date);
        Assert.Equal(0.30m, result.Tariff![Slot1800].BuyPerKwh);
    }

    [Fact]
    public void Build_SpikeFlaggedForTomorrows1800AfterSixToday_ProtectsTheSlot()
    {
        var (intervals, now) = SpikeAt(today: false, nowHour: 19);

        var result = SpikeProtected.Build(intervals, Brisbane, now);

        Assert.Equal(1.25m, result.Tariff![Slot1800].BuyPerKwh);
    }

    [Fact]
    public void Build_SpikeProtectionWhenBuyIsAlreadyHigher_NeverLowersIt()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero);
        var intervals = Prices.Day(start, i => i == 3 ? 19.6472m : 0.30m, i => i == 3 ? -17.6287m : -0.05m)
            .Select(p => p.Channel == PriceChannel.General && p.Start == start.AddMinutes(90) ? p with { SpikeStatus = SpikeStatus.Spike } : p)
            .ToList();

        var result = SpikeProtected.Build(intervals, Brisbane, start);

        Assert.Equal(19.6472m, result.Tariff![new HalfHourSlot(31)].BuyPerKwh); // above 17.6287 + 1 already
    }

    [Fact]
    public void Build_SpikePotentialWithBoost_UsesTheFinalBoostedHighestSell()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero); // 14:00 Brisbane
        var intervals = Prices.Day(start, i => 0.30m, i => -0.10m)
            .Select(p => p.Channel == PriceChannel.General && p.Start == start.AddHours(4) ? p with { SpikeStatus = SpikeStatus.Potential } : p)
            .ToList();
        var options = new TariffBuildOptions
        {
            SpikeProtection = new SpikeProtectionOptions { Enabled = true },
            ExportBoost = new ExportBoostOptions { Enabled = true, MinimumPerKwh = 0.80m }, // 17:00–21:00
        };

        var tariff = new AmberTariffBuilder(options).Build(intervals, Brisbane, start).Tariff!;

        Assert.Equal(0.80m, tariff[new HalfHourSlot(36)].SellPerKwh);
        Assert.Equal(1.80m, tariff[new HalfHourSlot(36)].BuyPerKwh); // 18:00 flagged: 0.80 + 1
        Assert.Equal(0.80m, tariff[new HalfHourSlot(35)].BuyPerKwh); // raised to the boosted sell only
    }

    // ---- Rule 8: chip mode, export boost, demand window -----------------------------------------------

    [Fact]
    public void Build_ChipMode_ZeroesLowSellInsideTheOvernightWindowOnly()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero); // 14:00 Brisbane
        // Sell 0.10 everywhere except 23:00 local (i = 18), where export pays 0.45.
        var intervals = Prices.Day(start, i => 0.50m, i => i == 18 ? -0.45m : -0.10m);
        var options = new TariffBuildOptions { ChipMode = new ChipModeOptions { Enabled = true } }; // 22:00–06:00, $0.30

        var result = new AmberTariffBuilder(options).Build(intervals, Brisbane, start);
        var tariff = result.Tariff!;

        Assert.Equal(0.10m, tariff[new HalfHourSlot(43)].SellPerKwh); // 21:30: outside
        Assert.Equal(0m, tariff[new HalfHourSlot(44)].SellPerKwh);     // 22:00: inside
        Assert.Equal(0.45m, tariff[new HalfHourSlot(46)].SellPerKwh);  // 23:00: inside but pays enough
        Assert.Equal(0m, tariff[new HalfHourSlot(2)].SellPerKwh);      // 01:00: inside, past midnight
        Assert.Equal(0m, tariff[new HalfHourSlot(11)].SellPerKwh);     // 05:30: inside
        Assert.Equal(0.10m, tariff[new HalfHourSlot(12)].SellPerKwh);  // 06:00: the end is exclusive
        Assert.Equal(0.10m, result.SlotFor(new HalfHourSlot(44)).TrueSellPerKwh);
        Assert.True(result.SlotFor(new HalfHourSlot(44)).Adjustments.HasFlag(SlotAdjustments.Chipped));
    }

    [Fact]
    public void Build_ChipModeAndBoostTogether_ChipIsJudgedOnThePreBoostPrice()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero); // 14:00 Brisbane
        var intervals = Prices.Day(start, i => 0.50m, i => i == 1 ? -0.40m : -0.20m);
        var window = LocalTimeWindow.Parse("14:00", "15:00");
        var options = new TariffBuildOptions
        {
            ChipMode = new ChipModeOptions { Enabled = true, Window = window, ThresholdPerKwh = 0.30m },
            ExportBoost = new ExportBoostOptions { Enabled = true, Window = window, OffsetPerKwh = 0.15m },
        };

        var tariff = new AmberTariffBuilder(options).Build(intervals, Brisbane, start).Tariff!;

        Assert.Equal(0m, tariff[new HalfHourSlot(28)].SellPerKwh);    // 0.20 < 0.30 before boosting: chipped, not boosted to 0.35
        Assert.Equal(0.55m, tariff[new HalfHourSlot(29)].SellPerKwh); // 0.40 ≥ 0.30: boosted
        Assert.Equal(0.55m, tariff[new HalfHourSlot(29)].BuyPerKwh);  // buy raised to the boosted sell
    }

    [Fact]
    public void Build_ExportBoost_AppliesMaxOfOffsetAndMinimumAboveTheThresholdInsideTheWindow()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero); // 14:00 Brisbane
        // 17:00 sell 0.10, 17:30 sell 0.20, 18:00 sell 0.04, 21:00 sell 0.20 (outside 17:00–21:00).
        var sells = new Dictionary<int, decimal> { [6] = 0.10m, [7] = 0.20m, [8] = 0.04m, [14] = 0.20m };
        var intervals = Prices.Day(start, i => 0.05m, i => -sells.GetValueOrDefault(i, 0.08m));
        var options = new TariffBuildOptions
        {
            RaiseBuyToSell = false,
            ExportBoost = new ExportBoostOptions { Enabled = true, ThresholdPerKwh = 0.05m, OffsetPerKwh = 0.02m, MinimumPerKwh = 0.15m },
        };

        var tariff = new AmberTariffBuilder(options).Build(intervals, Brisbane, start).Tariff!;

        Assert.Equal(0.15m, tariff[new HalfHourSlot(34)].SellPerKwh); // max(0.12, 0.15)
        Assert.Equal(0.22m, tariff[new HalfHourSlot(35)].SellPerKwh); // max(0.22, 0.15)
        Assert.Equal(0.04m, tariff[new HalfHourSlot(36)].SellPerKwh); // below threshold
        Assert.Equal(0.20m, tariff[new HalfHourSlot(42)].SellPerKwh); // outside the window
        Assert.Equal(0.05m, tariff[new HalfHourSlot(34)].BuyPerKwh);  // buy ≥ sell switched off
    }

    [Fact]
    public void Build_DemandWindow_AddsThePremiumOnTheSlotsOwnDateAndWeekday()
    {
        // Friday 2025-06-13 10:00 Brisbane: 16:00–21:00 today is a weekday window; the slots
        // before 10:00 belong to Saturday and get none.
        var now = new DateTimeOffset(2025, 6, 13, 0, 0, 0, TimeSpan.Zero);
        var intervals = Prices.Day(now, i => 0.20m, i => -0.05m);
        var options = new TariffBuildOptions { DemandWindow = new DemandWindowOptions { Enabled = true, BuyPremiumPerKwh = 0.50m } };

        var result = new AmberTariffBuilder(options).Build(intervals, Brisbane, now);

        Assert.Equal(0.70m, result.Tariff![new HalfHourSlot(32)].BuyPerKwh); // Friday 16:00
        Assert.Equal(0.70m, result.Tariff[new HalfHourSlot(41)].BuyPerKwh);  // Friday 20:30
        Assert.Equal(0.20m, result.Tariff[new HalfHourSlot(42)].BuyPerKwh);  // 21:00: end exclusive
        Assert.Equal(0.20m, result.SlotFor(new HalfHourSlot(32)).TrueBuyPerKwh);

        // The same clock times on a Saturday morning run: 16:00 onwards is Saturday today.
        var saturday = now.AddDays(1);
        var weekend = new AmberTariffBuilder(options).Build(Prices.Day(saturday, i => 0.20m, i => -0.05m), Brisbane, saturday);
        Assert.All(weekend.Tariff!.Rates, r => Assert.Equal(0.20m, r.BuyPerKwh));
    }

    [Fact]
    public void Build_DemandChargesAndSupplyCharge_FlowIntoTheTariff()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero); // Tuesday 14:00 Brisbane
        var options = new TariffBuildOptions
        {
            DailySupplyCharge = 1.1234m,
            MonthlyCharge = 15m,
            DemandCharges =
            [
                new DemandChargeWindow(new WeeklyTimeWindow(LocalTimeWindow.Parse("16:00", "21:00"), DaysOfWeek.Weekdays), 0.45m),
                new DemandChargeWindow(new WeeklyTimeWindow(LocalTimeWindow.Parse("07:00", "16:00")), 0.12m),
            ],
        };

        var tariff = new AmberTariffBuilder(options).Build(Prices.Day(start, i => 0.3m, i => -0.1m), Brisbane, start).Tariff!;

        Assert.Equal(new FixedCharges(1.1234m, 15m), tariff.Charges);
        Assert.Equal(0.45m, tariff[new HalfHourSlot(32)].DemandPerKw); // 16:00 Tuesday
        Assert.Equal(0.12m, tariff[new HalfHourSlot(14)].DemandPerKw); // 07:00 Wednesday
        Assert.Equal(0m, tariff[new HalfHourSlot(44)].DemandPerKw);    // 22:00
    }

    // ---- Rule 5: refusals -----------------------------------------------------------------------------

    [Fact]
    public void Build_NoFeedInEvenWithAHighThreshold_RefusesNamingTheChannel()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero);
        var intervals = Prices.Day(start, i => 0.3m, i => -0.1m).Where(p => p.Channel == PriceChannel.General).ToList();

        var result = new AmberTariffBuilder(new TariffBuildOptions { MaxMissingValues = 96 }).Build(intervals, Brisbane, start);

        Assert.Equal(TariffRefusalReason.NoSellPrices, result.RefusalReason);
        Assert.Contains("No feed-in (sell) prices", result.Refusal, StringComparison.Ordinal);
        Assert.Contains("2025-06-10 14:00 to 2025-06-11 13:30 (Australia/Brisbane)", result.Refusal, StringComparison.Ordinal);
        Assert.Equal(0, result.FilledValues);
        Assert.Equal(48, result.MissingValues);
    }

    [Fact]
    public void Build_NoPricesAtAll_RefusesNamingTheBuyChannel()
    {
        var result = new AmberTariffBuilder(new TariffBuildOptions { MaxMissingValues = 96 }).Build([], Sydney, DateTimeOffset.UnixEpoch);

        Assert.Equal(TariffRefusalReason.NoBuyPrices, result.RefusalReason);
        Assert.Null(result.Tariff);
    }

    [Fact]
    public void Build_ExactlyTheThresholdMissing_StillBuildsAndMarksTheFilledSlots()
    {
        var start = new DateTimeOffset(2025, 6, 10, 4, 0, 0, TimeSpan.Zero);
        var intervals = Prices.Day(start, i => 0.3m, i => -0.1m, count: 43); // 5 slots × 2 = 10 missing

        var result = _builder.Build(intervals, Brisbane, start);

        Assert.True(result.Succeeded);
        Assert.Equal(10, result.FilledValues);
        Assert.Equal(5, result.Slots.Count(s => s.WasFilled));
        Assert.All(result.Slots.Skip(43), s => Assert.Equal(SlotAdjustments.BuyFilled | SlotAdjustments.SellFilled, s.Adjustments));
    }

    [Fact]
    public void Constructor_NegativeThreshold_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AmberTariffBuilder(new TariffBuildOptions { MaxMissingValues = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AmberTariffBuilder(
            new TariffBuildOptions { ExportBoost = new ExportBoostOptions { OffsetPerKwh = -0.1m } }));
    }

    [Fact]
    public void Defaults_MatchTheSpec()
    {
        var options = new TariffBuildOptions();

        Assert.Equal(ForecastChoice.Predicted, options.Forecast);
        Assert.Equal(10, options.MaxMissingValues);
        Assert.True(options.RaiseBuyToSell);
        Assert.False(options.SpikeProtection.Enabled);
        Assert.Equal(1.00m, options.SpikeProtection.MarginPerKwh);
        Assert.False(options.ExportBoost.Enabled);
        Assert.False(options.ChipMode.Enabled);
        Assert.Equal(LocalTimeWindow.Parse("22:00", "06:00"), options.ChipMode.Window);
        Assert.False(options.DemandWindow.Enabled);
        Assert.Empty(options.DemandCharges);
    }

    private static readonly HalfHourSlot Slot1800 = new(36);

    private static AmberTariffBuilder SpikeProtected { get; } =
        new(new TariffBuildOptions { SpikeProtection = new SpikeProtectionOptions { Enabled = true } });

    /// <summary>
    /// Brisbane prices from 2025-06-10 00:00 for two days (buy 0.30, sell 0.05, 0.25 at 13:00 each
    /// day), with a spike flag on today's or tomorrow's 18:00 only; now is 10 past the given hour today.
    /// </summary>
    private static (List<PriceInterval> Intervals, DateTimeOffset Now) SpikeAt(bool today, int nowHour)
    {
        var midnight = new DateTimeOffset(2025, 6, 10, 0, 0, 0, TimeSpan.FromHours(10));
        var flagged = midnight.AddDays(today ? 0 : 1).AddHours(18);
        var intervals = Prices.Day(midnight.ToUniversalTime(), i => 0.30m, i => i % 48 == 26 ? -0.25m : -0.05m, count: 96)
            .Select(p => p.Channel == PriceChannel.General && p.Start == flagged ? p with { SpikeStatus = SpikeStatus.Spike } : p)
            .ToList();
        return (intervals, midnight.AddHours(nowHour).AddMinutes(10));
    }
}
