using TeslaSync.Domain.Tariffs;
using TeslaSync.TestSupport;

namespace TeslaSync.Domain.UnitTests.Tariffs;

/// <summary>
/// End-to-end conversion on real Amber captures (SA site): every period's buy and sell is checked
/// against <see cref="ExpectedTariff"/>, computed by the test from the raw JSON alone. The same
/// prices are re-bucketed for Brisbane (+10, no DST) and Sydney (+10/+11) to catch anything that
/// assumes the capture's own zone or +10.
/// </summary>
public sealed class AmberGoldenTests
{
    private static readonly string[] Zones = ["Australia/Adelaide", "Australia/Brisbane", "Australia/Sydney"];

    private static readonly string[] Fixtures =
    [
        "prices_history_sa_30min_2025-02-01_spike.json",
        "prices_history_sa_5min_2025-02-01_spike.json",
        "prices_history_sa_30min_2025-01-01_negative.json",
        "prices_current_sa_30min_prev48_next48_estimate_true.json",
        "prices_current_sa_30min_prev48_next48_estimate_false.json",
        "prices_current_sa_5min_prev6_next6.json",
    ];

    // Spike days, negative-price days, the Adelaide/Sydney autumn DST day (2025-04-06), the first
    // and last files, and ordinary days in every month of both series.
    private static readonly string[] ThirtyMinuteDays =
        ["20241130", "20241205", "20241215", "20241225", "20250101", "20250115", "20250201", "20250212", "20250301", "20250405", "20250406", "20250418"];

    private static readonly string[] FiveMinuteDays =
        ["20241130", "20241205", "20241215", "20241225", "20250101", "20250110", "20250203", "20250211", "20250212", "20250228", "20250315", "20250402"];

    public static TheoryData<string, string, string> Cases()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var zone in Zones)
        {
            foreach (var fixture in Fixtures)
            {
                cases.Add("fixtures/amber", fixture, zone);
            }

            foreach (var day in ThirtyMinuteDays)
            {
                cases.Add("data/amber/serg3y_enkit-matlab/sa_prices_30min", day + ".json", zone);
            }

            foreach (var day in FiveMinuteDays)
            {
                cases.Add("data/amber/serg3y_enkit-matlab/sa_prices_5min", day + ".json", zone);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Build_RealCapture_EveryPeriodMatchesTheIndependentCalculation(string folder, string file, string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var raw = AmberCapture.Read(PathOf(folder, file));
        var intervals = AmberCapture.ToDomain(raw);

        foreach (var now in NowsFor(raw))
        {
            var expected = ExpectedTariff.From(raw, zone, now);

            // With room to fill everything, every period must match, filled ones included.
            var lenient = new AmberTariffBuilder(new TariffBuildOptions { MaxMissingValues = 96 }).Build(intervals, zone, now);
            AssertMatches(expected, lenient, $"{file} {zoneId} now={now:O}");

            // With the SPEC's default threshold the build succeeds exactly when few enough values are missing.
            var strict = new AmberTariffBuilder(new TariffBuildOptions()).Build(intervals, zone, now);
            Assert.Equal(expected.Missing <= 10, strict.Succeeded);
            Assert.Equal(expected.Missing, strict.MissingValues);
            if (!strict.Succeeded)
            {
                Assert.Equal(TariffRefusalReason.TooManyMissingValues, strict.RefusalReason);
                Assert.Contains($"{expected.Missing} of 96", strict.Refusal, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Build_RealCaptureWithSpikeProtection_FlaggedPeriodsBuyAboveEverySell(string folder, string file, string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var raw = AmberCapture.Read(PathOf(folder, file));
        var now = NowsFor(raw).First();
        var expected = ExpectedTariff.From(raw, zone, now, spikeProtection: true);
        var options = new TariffBuildOptions { MaxMissingValues = 96, SpikeProtection = new SpikeProtectionOptions { Enabled = true } };

        var result = new AmberTariffBuilder(options).Build(AmberCapture.ToDomain(raw), zone, now);

        AssertMatches(expected, result, $"{file} {zoneId}");
        var highestSell = result.Tariff!.Rates.Max(r => r.SellPerKwh);
        Assert.All(result.Slots.Where(s => s.SpikeFlagged), s => Assert.True(s.Tesla.BuyPerKwh >= highestSell + 1m));
    }

    [Theory]
    [InlineData("Australia/Adelaide", 36, 37)] // ACDT +10:30: NEM 17:30 and 18:00 starts are local 18:00 and 18:30
    [InlineData("Australia/Brisbane", 35, 36)] // AEST +10: NEM time is local time
    [InlineData("Australia/Sydney", 37, 38)]   // AEDT +11
    public void Build_SaSpikeDay_SpikePricesLandInTheLocalPeriods(string zoneId, int firstSpikeSlot, int secondSpikeSlot)
    {
        // Known values from the capture (CONTRACTS §1.4): general 589.39 / 1964.72 c/kWh, feed-in −512.57 / −1762.87.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var raw = AmberCapture.Read(PathOf("fixtures/amber", "prices_history_sa_30min_2025-02-01_spike.json"));
        var result = new AmberTariffBuilder(new TariffBuildOptions()).Build(AmberCapture.ToDomain(raw), zone, NowsFor(raw).First());

        var tariff = result.Tariff!;
        Assert.Equal(5.8939m, tariff[new HalfHourSlot(firstSpikeSlot)].BuyPerKwh);
        Assert.Equal(5.1257m, tariff[new HalfHourSlot(firstSpikeSlot)].SellPerKwh);
        Assert.Equal(19.6472m, tariff[new HalfHourSlot(secondSpikeSlot)].BuyPerKwh);
        Assert.Equal(17.6287m, tariff[new HalfHourSlot(secondSpikeSlot)].SellPerKwh);
        Assert.Equal(-17.6287m, Math.Round(-result.SlotFor(new HalfHourSlot(secondSpikeSlot)).TrueSellPerKwh, 4));
    }

    [Fact]
    public void Build_SaNegativeDay_ClampsForTeslaButKeepsTheTrueNegativePrice()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide");
        var raw = AmberCapture.Read(PathOf("fixtures/amber", "prices_history_sa_30min_2025-01-01_negative.json"));
        var result = new AmberTariffBuilder(new TariffBuildOptions()).Build(AmberCapture.ToDomain(raw), zone, NowsFor(raw).First());

        var lowest = result.Slots.MinBy(s => s.TrueBuyPerKwh)!;
        Assert.Equal(-0.2870m, Math.Round(lowest.TrueBuyPerKwh, 4));
        Assert.Equal(0m, lowest.Tesla.BuyPerKwh);
        Assert.True(lowest.Adjustments.HasFlag(SlotAdjustments.BuyClamped));
        Assert.Contains(result.Slots, s => s.TrueSellPerKwh < 0m && s.Tesla.SellPerKwh == 0m);
        Assert.All(result.Tariff!.Rates, r => Assert.True(r.BuyPerKwh >= 0m && r.SellPerKwh >= 0m && r.BuyPerKwh >= r.SellPerKwh));
    }

    [Fact]
    public void Build_FiveMinuteCurrentCapture_RefusesWithTheSpecificCount()
    {
        // 13 five-minute points per channel reach two half-hours of the window: 92 of 96 values missing.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide");
        var raw = AmberCapture.Read(PathOf("fixtures/amber", "prices_current_sa_5min_prev6_next6.json"));

        var result = new AmberTariffBuilder(new TariffBuildOptions()).Build(AmberCapture.ToDomain(raw), zone, NowsFor(raw).First());

        Assert.False(result.Succeeded);
        Assert.Equal(TariffRefusalReason.TooManyMissingValues, result.RefusalReason);
        Assert.StartsWith("92 of 96 buy/sell values are missing for 2025-04-10 02:30 to 2025-04-11 02:00 (Australia/Adelaide)", result.Refusal, StringComparison.Ordinal);
    }

    /// <summary>
    /// "Now" for a capture: for /prices/current the start of its CurrentInterval (the capture time)
    /// and two minutes later; for a history day its first interval's start and a mid-day time off
    /// any boundary (tomorrow's half of the window is then missing).
    /// </summary>
    private static IEnumerable<DateTimeOffset> NowsFor(IReadOnlyList<RawAmberInterval> raw)
    {
        var current = raw.FirstOrDefault(r => r.Type == "CurrentInterval");
        if (current is not null)
        {
            var start = current.NemTime.AddMinutes(-current.Duration);
            return [start, start.AddMinutes(2)];
        }

        var first = raw.Min(r => r.NemTime.AddMinutes(-r.Duration));
        return [first, first.AddHours(11).AddMinutes(37)];
    }

    private static void AssertMatches(ExpectedTariff expected, TariffBuildResult result, string context)
    {
        Assert.True(result.Succeeded, $"{context}: {result.Refusal}");
        Assert.Equal(expected.Missing, result.FilledValues);
        Assert.Equal(48, result.Slots.Count);
        for (var position = 0; position < 48; position++)
        {
            var want = expected.Positions[position];
            var got = result.Slots[position];
            var where = $"{context} position {position} ({want.Date} slot {want.SlotIndex})";
            Assert.True(want.Date == got.HalfHour.Date && want.SlotIndex == got.Slot.Index, $"{where}: window is at {got.HalfHour}");
            Assert.True(want.Buy == got.Tesla.BuyPerKwh, $"{where}: buy {got.Tesla.BuyPerKwh}, expected {want.Buy}");
            Assert.True(want.Sell == got.Tesla.SellPerKwh, $"{where}: sell {got.Tesla.SellPerKwh}, expected {want.Sell}");
            Assert.True(Math.Round(want.TrueBuy, 12) == Math.Round(got.TrueBuyPerKwh, 12), $"{where}: true buy {got.TrueBuyPerKwh}, expected {want.TrueBuy}");
            Assert.True(Math.Round(want.TrueSell, 12) == Math.Round(got.TrueSellPerKwh, 12), $"{where}: true sell {got.TrueSellPerKwh}, expected {want.TrueSell}");
            Assert.Equal(want.Spike, got.SpikeFlagged);
            Assert.Equal(want.ObservedBuy is null, got.Adjustments.HasFlag(SlotAdjustments.BuyFilled));
            Assert.Equal(want.ObservedSell is null, got.Adjustments.HasFlag(SlotAdjustments.SellFilled));
            Assert.Equal(got.Tesla, result.Tariff![got.Slot]);
        }
    }

    private static string PathOf(string folder, string file)
    {
        var parts = folder.Split('/');
        return parts[0] == "fixtures" ? SharedFolder.Fixture([.. parts[1..], file]) : SharedFolder.Data([.. parts[1..], file]);
    }
}
