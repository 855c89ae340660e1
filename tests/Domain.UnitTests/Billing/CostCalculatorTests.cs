using TeslaSync.Domain.Billing;
using TeslaSync.Domain.Prices;
using static TeslaSync.Domain.UnitTests.Billing.Site;

namespace TeslaSync.Domain.UnitTests.Billing;

public sealed class CostCalculatorTests
{
    // Brisbane (+10 all year) unless the test is about the calendar: 16:00 local is 06:00Z.
    private static readonly DateTimeOffset Four = At(Brisbane, "2026-06-15 16:00");

    [Fact]
    public void Cost_FiveMinutePricesWhereTheyExist_ThirtyMinutePriceWhereTheyDoNot()
    {
        // A 30-minute actual of $0.30 and 5-minute actuals for the first ten minutes only.
        var prices = new[]
        {
            General(Four, 30, 0.30m),
            General(Four, 5, 0.10m),
            General(Four.AddMinutes(5), 5, 0.50m),
        };
        var energy = new[] { Wh(Four, 5, 600), Wh(Four.AddMinutes(5), 5, 600), Wh(Four.AddMinutes(10), 5, 600) };

        var costs = CostCalculator.Cost(energy, prices);

        // 0.6 kWh × $0.10 = $0.06; 0.6 × $0.50 = $0.30; no 5-minute price at 16:10: 0.6 × $0.30 = $0.18.
        Assert.Equal([0.06m, 0.30m, 0.18m], costs.Select(cost => cost.ImportCost));
        Assert.Equal([0.10m, 0.50m, 0.30m], costs.Select(cost => cost.ImportPerKwh));
        Assert.All(costs, cost => Assert.False(cost.IsUnpriced));
    }

    [Fact]
    public void Cost_ThirtyMinuteEnergyOverSixFiveMinutePrices_EachFiveMinutesAtItsOwnPrice()
    {
        var prices = Enumerable.Range(0, 6).Select(i => General(Four.AddMinutes(5 * i), 5, 0.10m * (i + 1))).ToList();

        var cost = CostCalculator.Cost([Wh(Four, 30, 3000)], prices).Single();

        // 3 kWh spread evenly: 0.5 kWh at each of $0.10…$0.60 = 0.5 × $2.10 = $1.05; the mean price $0.35.
        Money(1.05m, cost.ImportCost);
        Money(0.35m, cost.ImportPerKwh!.Value);
    }

    [Fact]
    public void Cost_ActualPreferredOverCurrentAndForecast_EvenWhenCoarser()
    {
        var prices = new[]
        {
            General(Four, 5, 0.90m, IntervalKind.Forecast),
            General(Four, 30, 0.30m),
            General(Four.AddMinutes(5), 5, 0.70m, IntervalKind.Current),
            General(Four.AddMinutes(5), 5, 0.20m),
            General(Four.AddMinutes(10), 5, 0.40m, IntervalKind.Current),
            General(Four.AddMinutes(10), 5, 0.60m, IntervalKind.Forecast),
        };
        var energy = new[] { Wh(Four, 5, 1000), Wh(Four.AddMinutes(5), 5, 1000), Wh(Four.AddMinutes(10), 5, 1000) };

        var costs = CostCalculator.Cost(energy, prices);

        // 16:00 the settled 30-minute $0.30 beats a 5-minute forecast; 16:05 the 5-minute actual;
        // 16:10 the 30-minute actual again beats both 5-minute guesses.
        Assert.Equal([0.30m, 0.20m, 0.30m], costs.Select(cost => cost.ImportCost));
        Assert.All(costs, cost => Assert.False(cost.Provisional));
    }

    [Fact]
    public void Cost_TwoPricesOfTheSameKindAndLength_TheOneGivenLastWins()
    {
        var prices = new[] { General(Four, 5, 0.20m), General(Four, 5, 0.25m) };

        Assert.Equal(0.25m, CostCalculator.Cost([Wh(Four, 5, 1000)], prices).Single().ImportCost);
    }

    [Fact]
    public void Cost_FeedInPaid_EarnsTheNegativeOfAmbersFeedInPrice()
    {
        var prices = new[] { General(Four, 5, 0.30m), FeedIn(Four, 5, -0.08m) };

        var cost = CostCalculator.Cost([Wh(Four, 5, 500, exportWh: 2000)], prices).Single();

        // Import 0.5 × $0.30 = $0.15; export 2 kWh × −(−$0.08) = $0.16 earned; net −$0.01.
        Assert.Equal(0.15m, cost.ImportCost);
        Assert.Equal(0.16m, cost.ExportEarnings);
        Assert.Equal(0.08m, cost.ExportEarningsPerKwh);
        Assert.Equal(-0.01m, cost.NetCost);
    }

    [Fact]
    public void Cost_NegativeWholesalePrice_ExportingCostsMoney()
    {
        // Amber's feed-in +$0.05: the customer pays 5 c for every kWh exported.
        var prices = new[] { General(Four, 5, -0.02m), FeedIn(Four, 5, 0.05m) };

        var cost = CostCalculator.Cost([Wh(Four, 5, 1000, exportWh: 2000)], prices).Single();

        // Import 1 kWh × −$0.02 = −$0.02 (paid to import); export 2 × −$0.05 = −$0.10 earned;
        // net −$0.02 − (−$0.10) = $0.08.
        Assert.Equal(-0.02m, cost.ImportCost);
        Assert.Equal(-0.10m, cost.ExportEarnings);
        Assert.Equal(0.08m, cost.NetCost);
    }

    [Fact]
    public void Cost_WithoutAPrice_CountedAsUnpricedNotGuessed()
    {
        var prices = new[] { General(Four, 5, 0.30m), FeedIn(Four, 5, -0.05m), General(Four.AddMinutes(15), 5, 0.30m) };
        var energy = new[]
        {
            Wh(Four, 5, 500),                       // priced
            Wh(Four.AddMinutes(5), 5, 400, 100),    // no price at all, energy both ways
            Wh(Four.AddMinutes(10), 5, 0),          // no price, but nothing flowed: its cost is known
            Wh(Four.AddMinutes(15), 10, 1000),      // priced for its first five minutes only
        };

        var costs = CostCalculator.Cost(energy, prices);

        Assert.False(costs[0].IsUnpriced);
        Assert.Equal(0.15m, costs[0].ImportCost);

        Assert.True(costs[1].IsUnpriced);
        Assert.Equal(0m, costs[1].ImportCost);
        Assert.Equal(0.4, costs[1].UnpricedImportKwh, 12);
        Assert.Equal(0.1, costs[1].UnpricedExportKwh, 12);
        Assert.Null(costs[1].ImportPerKwh);

        Assert.False(costs[2].IsUnpriced);
        Assert.Null(costs[2].ImportPerKwh);

        // 1 kWh over ten minutes: 0.5 kWh at $0.30 = $0.15, 0.5 kWh unpriced.
        Assert.True(costs[3].IsUnpriced);
        Assert.Equal(0.15m, costs[3].ImportCost);
        Assert.Equal(0.5, costs[3].UnpricedImportKwh, 12);

        var totals = CostTotals.Of(costs);
        Assert.Equal(4, totals.Intervals);
        Assert.Equal(2, totals.UnpricedIntervals);
        Assert.Equal(0.9, totals.UnpricedImportKwh, 12);
        Assert.Equal(1.9, totals.ImportKwh, 12);
        Assert.Equal(0.30m, totals.ImportCost);
    }

    [Fact]
    public void Cost_NotYetSettledPrices_AreProvisional()
    {
        var prices = new[]
        {
            General(Four, 5, 0.30m, IntervalKind.Forecast),
            General(Four.AddMinutes(5), 5, 0.30m, IntervalKind.Current),
            General(Four.AddMinutes(10), 5, 0.30m, estimate: true),
            General(Four.AddMinutes(15), 5, 0.30m),
            General(Four.AddMinutes(20), 5, 0.30m, IntervalKind.Forecast),
        };
        var energy = Enumerable.Range(0, 4).Select(i => Wh(Four.AddMinutes(5 * i), 5, 100)).Append(Wh(Four.AddMinutes(20), 5, 0));

        var costs = CostCalculator.Cost(energy, prices);

        // Forecast, current and Amber's estimate may change; an actual will not; nor will a zero.
        Assert.Equal([true, true, true, false, false], costs.Select(cost => cost.Provisional));
        Assert.Equal(3, CostTotals.Of(costs).ProvisionalIntervals);
    }

    [Fact]
    public void Cost_IncompleteInterval_PricesTheMeasuredEnergyAndReportsTheGap()
    {
        var gappy = Wh(Four, 5, 200) with { Covered = TimeSpan.FromMinutes(3) };

        var cost = CostCalculator.Cost([gappy], [General(Four, 5, 0.50m)]).Single();

        Assert.Equal(0.10m, cost.ImportCost);
        Assert.Equal(TimeSpan.FromMinutes(2), cost.Uncovered);
    }

    [Fact]
    public void Cost_OverlappingOrMalformedIntervals_Refused()
    {
        var prices = Flat(Four, Four.AddHours(1), 30, 0.3m, -0.05m);

        var overlap = Assert.Throws<ArgumentException>(() => CostCalculator.Cost([Wh(Four, 10, 1), Wh(Four.AddMinutes(5), 5, 1)], prices));
        Assert.Contains("overlap", overlap.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CostCalculator.Cost([Wh(Four, 5, -1)], prices));
        Assert.Throws<ArgumentException>(() => CostCalculator.Cost([Wh(Four, 5, double.NaN)], prices));
        Assert.Throws<ArgumentException>(() => CostCalculator.Cost([Wh(Four, 0, 1)], prices));
    }

    [Fact]
    public void PricesInForce_ChosenPerMoment_AndNullWhereNoneCovers()
    {
        var prices = new PricesInForce(
        [
            General(Four, 30, 0.30m, IntervalKind.Forecast),
            General(Four, 5, 0.10m),
            FeedIn(Four, 30, -0.04m),
            new PriceInterval(PriceChannel.ControlledLoad, IntervalKind.Actual, Four, Four.AddMinutes(30), 0.01m, 0.01m, SpikeStatus.None, "", 0),
        ]);

        Assert.Equal(0.10m, prices.GeneralAt(Four)?.PerKwh);
        Assert.Equal(0.10m, prices.GeneralAt(Four.AddMinutes(5).AddTicks(-1))?.PerKwh);
        Assert.Equal(0.30m, prices.GeneralAt(Four.AddMinutes(5))?.PerKwh);
        Assert.Equal(-0.04m, prices.FeedInAt(Four.AddMinutes(29))?.PerKwh);
        Assert.Null(prices.GeneralAt(Four.AddMinutes(30)));
        Assert.Null(prices.GeneralAt(Four.AddTicks(-1)));
    }

    public static TheoryData<string, string, int> DstDays() => new()
    {
        // Clocks back: 25 hours = 300 five-minute intervals; forward: 23 hours = 276.
        { "Australia/Sydney", "2026-04-05", 300 },
        { "Australia/Sydney", "2026-10-04", 276 },
        { "Australia/Adelaide", "2026-04-05", 300 },
        { "Australia/Adelaide", "2026-10-04", 276 },
        { "Australia/Brisbane", "2026-04-05", 288 },
        { "Australia/Brisbane", "2026-10-04", 288 },
    };

    [Theory]
    [MemberData(nameof(DstDays))]
    public void Daily_TransitionDays_BucketedByLocalDateWithTheirRealLength(string zoneId, string date, int intervals)
    {
        var zone = Zone(zoneId);
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var from = At(zone, $"{day.AddDays(-1):yyyy-MM-dd} 00:00");
        var to = At(zone, $"{day.AddDays(2):yyyy-MM-dd} 00:00");

        // 100 Wh every 5 minutes (1.2 kW) at $0.20/kWh.
        var costs = CostCalculator.Cost(FiveMinutes(from, to, _ => 1.2), Flat(from, to, 30, 0.20m, -0.05m));
        var daily = CostCalculator.Daily(costs, zone);

        Assert.Equal([day.AddDays(-1), day, day.AddDays(1)], daily.Select(d => d.Date));
        Assert.Equal([288, intervals, 288], daily.Select(d => d.Totals.Intervals));
        var middle = daily[1].Totals;
        Assert.Equal(intervals * 0.1, middle.ImportKwh, 9);
        Money(intervals * 0.1m * 0.20m, middle.ImportCost);
    }

    [Fact]
    public void MonthToDate_LocalMonth_NotTheUtcOne_AndNothingFromNowOn()
    {
        // Sydney in March is +11: local 1 March 00:00 is 28 February 13:00Z.
        var now = At(Sydney, "2026-03-02 12:00");
        var from = At(Sydney, "2026-02-28 20:00");
        var costs = CostCalculator.Cost(FiveMinutes(from, now.AddHours(1), _ => 1.44), Flat(from, now.AddHours(1), 30, 0.25m, 0m));

        var month = CostCalculator.MonthToDate(costs, Sydney, now);

        // 1 March 00:00 to 2 March 12:00 = 36 h = 432 intervals × 0.12 kWh = 51.84 kWh × $0.25 = $12.96.
        Assert.Equal(new DateOnly(2026, 3, 1), month.First);
        Assert.Equal(new DateOnly(2026, 3, 2), month.Last);
        Assert.Equal(432, month.Totals.Intervals);
        Assert.Equal(51.84, month.Totals.ImportKwh, 9);
        Money(12.96m, month.Totals.ImportCost);
        Assert.Equal(Utc("2026-02-28 13:00"), costs.First(cost => cost.Start >= At(Sydney, "2026-03-01 00:00")).Start);
    }

    internal static void Money(decimal expected, decimal actual) =>
        Assert.True(Math.Abs(expected - actual) < 0.000000001m, $"Expected ${expected}, got ${actual}.");
}
