using CsCheck;
using TeslaSync.Domain.Billing;
using TeslaSync.Domain.Energy;
using TeslaSync.Domain.Prices;
using TeslaSync.Domain.Tariffs;
using static TeslaSync.Domain.UnitTests.Billing.Site;

namespace TeslaSync.Domain.UnitTests.Billing;

/// <summary>
/// Properties over generated sites, intervals and prices, around both 2026 transitions in every
/// kind of Australian zone (DST on the hour, DST at +9:30, no DST, and Eucla's +8:45).
/// </summary>
public sealed class BillingPropertyTests
{
    private static readonly string[] ZoneIds = ["Australia/Sydney", "Australia/Adelaide", "Australia/Brisbane", "Australia/Eucla"];

    /// <summary>Noon UTC the day before each transition: the generated stretches cross the change.</summary>
    private static readonly DateTimeOffset[] Anchors = [Utc("2026-04-04 12:00"), Utc("2026-10-03 12:00"), Utc("2026-06-15 00:00")];

    /// <summary>Back-to-back or gappy intervals of 1–20 minutes (some with sub-minute edges), each with a steady import.</summary>
    private static readonly Gen<(string ZoneId, List<EnergyInterval> Intervals)> GenSite =
        Gen.Select(
            Gen.OneOfConst(ZoneIds),
            Gen.OneOfConst(Anchors),
            Gen.Int[0, 24 * 60],
            Gen.Select(Gen.Int[10, 1200], Gen.Int[0, 1], Gen.Int[0, 600], Gen.Double[0, 20], Gen.Int[0, 100]).Array[1, 80],
            (zoneId, anchor, offsetMinutes, shapes) =>
            {
                var intervals = new List<EnergyInterval>();
                var at = anchor.AddMinutes(offsetMinutes);
                foreach (var (seconds, gappy, gapSeconds, kw, coveredPercent) in shapes)
                {
                    var start = gappy == 1 ? at.AddSeconds(gapSeconds) : at;
                    var end = start.AddSeconds(seconds);
                    var covered = TimeSpan.FromSeconds(seconds * Math.Min(100, coveredPercent + 50) / 100.0);
                    intervals.Add(new EnergyInterval(start, end, 0, 0, kw * 1000 * seconds / 3600, 0, 0, 0, covered));
                    at = end;
                }

                return (zoneId, intervals);
            });

    [Fact]
    public void Blocks_NeverAboveTheHighestInstantaneousImport_AndKeepEveryWattHour()
    {
        GenSite.Sample(
            site =>
            {
                var zone = Zone(site.ZoneId);
                var blocks = DemandMeter.Blocks(site.Intervals, zone);
                var highestKw = site.Intervals.Max(interval => interval.GridImport / 1000 / interval.Duration.TotalHours);

                Assert.All(blocks, block => Assert.True(block.Kw <= highestKw + 1e-9, $"{block.LocalStart}: {block.Kw} kW > {highestKw} kW"));
                Assert.Equal(site.Intervals.Sum(interval => interval.GridImport), blocks.Sum(block => block.ImportWh), tolerance: 1e-6);

                // Blocks start on the local clock's :00 or :30, in order, one per real half-hour.
                Assert.All(blocks, block =>
                {
                    var local = TimeZoneInfo.ConvertTime(block.Start, zone);
                    Assert.True(local.Minute % 30 == 0 && local.Second == 0, $"{local:O}");
                    Assert.Equal(LocalHalfHour.Of(block.Start, zone), block.LocalStart);
                    Assert.True(block.Covered <= DemandBlock.Length + TimeSpan.FromTicks(blocks.Count));
                });
                Assert.True(blocks.Zip(blocks.Skip(1)).All(pair => pair.Second.Start >= pair.First.End));
            },
            iter: 300);
    }

    [Fact]
    public void Measure_PeakIsTheHighestBlockInTheWindow_NeverAboveTheHighestInstantaneousImport()
    {
        GenSite.Sample(
            site =>
            {
                var zone = Zone(site.ZoneId);
                var tariff = new DemandTariff { Windows = [Tariffs.Window("Evening", 1m, Tariffs.Times("17:00", "03:00"))] };
                var meter = new DemandMeter(tariff, zone);
                var now = site.Intervals[^1].End;
                var highestKw = site.Intervals.Max(interval => interval.GridImport / 1000 / interval.Duration.TotalHours);

                var evening = meter.Measure(site.Intervals, now).Windows[0];

                var cycle = meter.CycleAt(now);
                var expected = meter.Blocks(site.Intervals)
                    .Where(block => cycle.Contains(block.LocalStart.Date) && block.Start < now && tariff.Windows[0].Contains(block.LocalStart))
                    .Select(block => block.Kw)
                    .DefaultIfEmpty(0)
                    .Max();
                Assert.Equal(expected, evening.PeakKw, tolerance: 1e-9);
                Assert.True(evening.PeakKw <= highestKw + 1e-9);
            },
            iter: 300);
    }

    /// <summary>A two-hour stretch of 5- and 30-minute prices of every kind, some missing, and an interval inside it.</summary>
    private static readonly Gen<(List<PriceInterval> Prices, DateTimeOffset Start, int Seconds, double ImportWh, double ExportWh, double SplitAt)> GenPricedInterval =
        Gen.Select(
            Gen.Select(Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[-50, 300], Gen.Int[-30, 20]).Array[24],
            Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int[-50, 300], Gen.Int[-30, 20]).Array[4],
            Gen.Int[0, 100 * 60],
            Gen.Int[1, 20 * 60],
            Gen.Double[0, 5000],
            Gen.Double[0, 5000],
            Gen.Double[0.01, 0.99],
            (fives, thirties, startSecond, seconds, importWh, exportWh, splitAt) =>
            {
                var origin = Utc("2026-06-15 06:00");
                var prices = new List<PriceInterval>();
                for (var i = 0; i < fives.Length; i++)
                {
                    // Kind 2 of 3 is "missing" for 5-minute prices, 3 of 4 for 30-minute ones.
                    var (kind, channel, general, feedIn) = fives[i];
                    if (kind < 2)
                    {
                        Add(prices, origin.AddMinutes(5 * i), 5, (IntervalKind)kind, channel, general, feedIn);
                    }
                }

                for (var i = 0; i < thirties.Length; i++)
                {
                    var (kind, channel, general, feedIn) = thirties[i];
                    if (kind < 3)
                    {
                        Add(prices, origin.AddMinutes(30 * i), 30, (IntervalKind)kind, channel, general, feedIn);
                    }
                }

                return (prices, origin.AddSeconds(startSecond), seconds, importWh, exportWh, splitAt);
            });

    [Fact]
    public void Cost_AdditiveOverSplits()
    {
        GenPricedInterval.Sample(
            generated =>
            {
                var prices = new PricesInForce(generated.Prices);
                var start = generated.Start;
                var end = start.AddSeconds(generated.Seconds);
                var whole = new EnergyInterval(start, end, 0, 0, generated.ImportWh, generated.ExportWh, 0, 0, end - start);

                // Split anywhere, the energy divided in proportion to time (the flow taken as steady).
                var split = start.AddTicks((long)((end - start).Ticks * generated.SplitAt));
                var fraction = (double)(split - start).Ticks / (end - start).Ticks;
                var first = whole with { End = split, GridImport = generated.ImportWh * fraction, GridExport = generated.ExportWh * fraction, Covered = split - start };
                var second = whole with { Start = split, GridImport = generated.ImportWh * (1 - fraction), GridExport = generated.ExportWh * (1 - fraction), Covered = end - split };

                var costs = CostCalculator.Cost([first, second], prices);
                var all = CostCalculator.Cost(whole, prices);
                var parts = CostTotals.Of(costs);

                CostCalculatorTests.Money(all.ImportCost, parts.ImportCost);
                CostCalculatorTests.Money(all.ExportEarnings, parts.ExportEarnings);
                Assert.Equal(all.UnpricedImportKwh, parts.UnpricedImportKwh, tolerance: 1e-9);
                Assert.Equal(all.UnpricedExportKwh, parts.UnpricedExportKwh, tolerance: 1e-9);
                Assert.Equal(all.ImportKwh, parts.ImportKwh, tolerance: 1e-9);
            },
            iter: 500);
    }

    [Fact]
    public void Cost_InsideOnePrice_AnyDivisionOfTheEnergyAdds()
    {
        Gen.Select(Gen.Int[-50, 300], Gen.Double[0, 5000], Gen.Double[0, 5000], Gen.Int[1, 299])
            .Sample(
                (cents, firstWh, secondWh, splitSecond) =>
                {
                    var start = Utc("2026-06-15 06:00");
                    var prices = new[] { General(start, 5, cents / 100m) };
                    var whole = CostCalculator.Cost([Wh(start, 5, firstWh + secondWh)], prices).Single();
                    var split = start.AddSeconds(splitSecond);
                    var parts = CostCalculator.Cost(
                        [
                            new EnergyInterval(start, split, 0, 0, firstWh, 0, 0, 0, split - start),
                            new EnergyInterval(split, start.AddMinutes(5), 0, 0, secondWh, 0, 0, 0, start.AddMinutes(5) - split),
                        ],
                        prices);

                    CostCalculatorTests.Money(whole.ImportCost, parts.Sum(part => part.ImportCost));
                },
                iter: 300);
    }

    [Fact]
    public void PricesInForce_TheMostPreferredCoveringPrice()
    {
        GenPricedInterval.Sample(
            generated =>
            {
                var prices = new PricesInForce(generated.Prices);
                var origin = Utc("2026-06-15 06:00");
                for (var minute = -1; minute <= 121; minute++)
                {
                    var at = origin.AddMinutes(minute).AddSeconds(30);
                    var covering = generated.Prices.Where(price => price.Channel == PriceChannel.General && price.Start <= at && at < price.End).ToList();
                    var chosen = prices.GeneralAt(at);
                    if (covering.Count == 0)
                    {
                        Assert.Null(chosen);
                        continue;
                    }

                    // Most settled first, then finest, then the last given.
                    var expected = covering
                        .Select((price, order) => (price, order))
                        .OrderBy(entry => entry.price.Kind)
                        .ThenBy(entry => entry.price.Duration)
                        .ThenByDescending(entry => entry.order)
                        .First().price;
                    Assert.Same(expected, chosen);
                }
            },
            iter: 200);
    }

    [Fact]
    public void Daily_DaysAddUpToTheWhole()
    {
        GenSite.Sample(
            site =>
            {
                var zone = Zone(site.ZoneId);
                var from = site.Intervals[0].Start;
                var prices = Flat(from.AddMinutes(-from.Minute % 30).AddSeconds(-from.Second), site.Intervals[^1].End.AddMinutes(30), 30, 0.31m, -0.07m);
                var costs = CostCalculator.Cost(site.Intervals, prices);

                var daily = CostCalculator.Daily(costs, zone);

                var whole = CostTotals.Of(costs);
                Assert.Equal(whole.Intervals, daily.Sum(day => day.Totals.Intervals));
                CostCalculatorTests.Money(whole.ImportCost, daily.Sum(day => day.Totals.ImportCost));
                Assert.Equal(whole.ImportKwh, daily.Sum(day => day.Totals.ImportKwh), tolerance: 1e-9);
                Assert.Equal(daily.Select(day => day.Date).Order(), daily.Select(day => day.Date));
            },
            iter: 200);
    }

    [Fact]
    public void BillingCycle_AnyDateAndDay_ContainsTheDateAndTilesTheCalendar()
    {
        Gen.Select(Gen.Int[0, 365 * 100], Gen.Int[1, 31])
            .Sample(
                (offset, day) =>
                {
                    var date = new DateOnly(2000, 1, 1).AddDays(offset);
                    var cycle = BillingCycle.Containing(date, day);

                    Assert.True(cycle.Contains(date));
                    Assert.InRange(cycle.Days, 28, 31);
                    Assert.Equal(Math.Min(day, DateTime.DaysInMonth(cycle.Start.Year, cycle.Start.Month)), cycle.Start.Day);
                    Assert.Equal(cycle.NextStart, cycle.Next().Start);
                    Assert.Equal(cycle.Start, cycle.Previous().NextStart);
                    Assert.Equal(cycle.Start.AddMonths(1).Month, cycle.NextStart.Month);
                },
                iter: 2000);
    }

    private static void Add(List<PriceInterval> prices, DateTimeOffset start, int minutes, IntervalKind kind, int channel, int generalCents, int feedInCents)
    {
        // Channel 0: general only, 1: feed-in only, 2: both.
        if (channel != 1)
        {
            prices.Add(General(start, minutes, generalCents / 100m, kind));
        }

        if (channel != 0)
        {
            prices.Add(FeedIn(start, minutes, feedInCents / 100m, kind));
        }
    }
}
