using TeslaSync.Domain.Energy;

namespace TeslaSync.Domain.UnitTests.Energy;

public sealed class EnergyIntegratorTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 1, 30, 0, TimeSpan.Zero); // 12:00 in Adelaide (+10:30)
    private static readonly EnergyIntegrationOptions Trapezoid = new();
    private static readonly EnergyIntegrationOptions LeftRectangle = new() { Method = IntegrationMethod.LeftRectangle };

    [Theory]
    [InlineData(IntegrationMethod.Trapezoid)]
    [InlineData(IntegrationMethod.LeftRectangle)]
    public void Integrate_ConstantPowersEvery30Seconds_GiveExactWattHoursPerInterval(IntegrationMethod method)
    {
        // 3 kW of solar: 1 kW to the home, 1.5 kW into the battery, 0.5 kW exported.
        var samples = Every(TimeSpan.FromSeconds(30), Noon, Noon.AddMinutes(30), _ => (Solar: 3000, Battery: -1500, Grid: -500, Load: 1000));

        var intervals = EnergyIntegrator.Integrate(samples, new EnergyIntegrationOptions { Method = method });

        Assert.Equal(6, intervals.Count);
        Assert.All(intervals, interval =>
        {
            Assert.Equal(TimeSpan.FromMinutes(5), interval.Duration);
            Assert.True(interval.IsComplete);
            Assert.Equal(250, interval.Solar, 9);
            Assert.Equal(1000.0 / 12, interval.Home, 9);
            Assert.Equal(125, interval.BatteryCharge, 9);
            Assert.Equal(0, interval.BatteryDischarge);
            Assert.Equal(500.0 / 12, interval.GridExport, 9);
            Assert.Equal(0, interval.GridImport);
        });
        Assert.Equal(Noon, intervals[0].Start);
    }

    [Fact]
    public void Integrate_SamplesNotOnIntervalBoundaries_SplitsEachSpanAtTheBoundary()
    {
        // Samples at :02:40 and :07:40 (MaxGap exactly): 2 min 20 s in the first interval, 2 min 40 s in the second.
        var first = new PowerSample(Noon.AddSeconds(160), 0, 0, 1200, 1200);
        var second = new PowerSample(Noon.AddSeconds(460), 0, 0, 1200, 1200);

        var pieces = EnergyIntegrator.Between(first, second, Trapezoid);

        Assert.Collection(pieces,
            p =>
            {
                Assert.Equal(Noon, p.Start);
                Assert.Equal(TimeSpan.FromSeconds(140), p.Covered);
                Assert.Equal(1200 * 140 / 3600.0, p.GridImport, 9);
            },
            p =>
            {
                Assert.Equal(Noon.AddMinutes(5), p.Start);
                Assert.Equal(TimeSpan.FromSeconds(160), p.Covered);
                Assert.Equal(1200 * 160 / 3600.0, p.GridImport, 9);
            });
    }

    [Fact]
    public void Between_GridRampsFromImportToExport_SplitsAtTheZeroCrossing()
    {
        // +1000 W to −3000 W over 4 minutes: zero after 1 minute. Import: 1000 W × 1 min / 2; export: 3000 W × 3 min / 2.
        var earlier = new PowerSample(Noon, 2000, 0, 1000, 3000);
        var later = new PowerSample(Noon.AddMinutes(4), 3000, 0, -3000, 0);

        var piece = Assert.Single(EnergyIntegrator.Between(earlier, later, Trapezoid));

        Assert.Equal(1000 * (1 / 60.0) / 2, piece.GridImport, 9);
        Assert.Equal(3000 * (3 / 60.0) / 2, piece.GridExport, 9);
        Assert.Equal((2000 + 3000) / 2.0 * (4 / 60.0), piece.Solar, 9);
        Assert.Equal(3000 / 2.0 * (4 / 60.0), piece.Home, 9);
    }

    [Fact]
    public void Between_BatteryChangesSign_ChargeAndDischargeSplitBySign()
    {
        // −2000 W (charging) to +2000 W (discharging) over 2 minutes: a minute each side of zero.
        var earlier = new PowerSample(Noon, 0, -2000, 2500, 500);
        var later = new PowerSample(Noon.AddMinutes(2), 0, 2000, -1500, 500);

        var piece = Assert.Single(EnergyIntegrator.Between(earlier, later, Trapezoid));

        Assert.Equal(2000 * (1 / 60.0) / 2, piece.BatteryCharge, 9);
        Assert.Equal(2000 * (1 / 60.0) / 2, piece.BatteryDischarge, 9);
    }

    [Fact]
    public void Between_LeftRectangle_HoldsTheEarlierValueAndSplitsBySignOfThatValue()
    {
        var earlier = new PowerSample(Noon, 0, -2000, 2500, 500);
        var later = new PowerSample(Noon.AddMinutes(2), 0, 2000, -1500, 500);

        var piece = Assert.Single(EnergyIntegrator.Between(earlier, later, LeftRectangle));

        Assert.Equal(2000 * (2 / 60.0), piece.BatteryCharge, 9);
        Assert.Equal(0, piece.BatteryDischarge);
        Assert.Equal(2500 * (2 / 60.0), piece.GridImport, 9);
        Assert.Equal(0, piece.GridExport);
    }

    [Fact]
    public void Integrate_GapLongerThanTheLimit_IsNotIntegratedAndCoveredSaysSo()
    {
        // Samples every 30 s until 12:07, then nothing until 12:21, then every 30 s to 12:30.
        var samples = Every(TimeSpan.FromSeconds(30), Noon, Noon.AddMinutes(7), _ => (Solar: 0, Battery: 0, Grid: 600, Load: 600))
            .Concat(Every(TimeSpan.FromSeconds(30), Noon.AddMinutes(21), Noon.AddMinutes(30), _ => (Solar: 0, Battery: 0, Grid: 600, Load: 600)));

        var intervals = EnergyIntegrator.Integrate(samples, Trapezoid);

        Assert.Equal([Noon, Noon.AddMinutes(5), Noon.AddMinutes(20), Noon.AddMinutes(25)], intervals.Select(i => i.Start));
        Assert.Equal(TimeSpan.FromMinutes(5), intervals[0].Covered);
        Assert.Equal(TimeSpan.FromMinutes(2), intervals[1].Covered);
        Assert.False(intervals[1].IsComplete);
        Assert.Equal(600 * (2 / 60.0), intervals[1].GridImport, 9);
        Assert.Equal(TimeSpan.FromMinutes(4), intervals[2].Covered);
        Assert.Equal(TimeSpan.FromMinutes(5), intervals[3].Covered);
        var total = EnergyIntervals.Total(intervals, Noon, Noon.AddMinutes(30));
        Assert.Equal(TimeSpan.FromMinutes(16), total.Covered);
        Assert.Equal(600 * (16 / 60.0), total.GridImport, 9);
    }

    [Fact]
    public void Between_ExactlyTheGapLimit_IsIntegrated()
    {
        var options = new EnergyIntegrationOptions { MaxGap = TimeSpan.FromMinutes(2) };
        var earlier = new PowerSample(Noon, 1000, 0, 0, 1000);

        Assert.NotEmpty(EnergyIntegrator.Between(earlier, earlier with { At = Noon.AddMinutes(2) }, options));
        Assert.Empty(EnergyIntegrator.Between(earlier, earlier with { At = Noon.AddMinutes(2).AddTicks(1) }, options));
    }

    [Fact]
    public void Between_SameInstantOrOutOfOrder_GivesNothing()
    {
        var sample = new PowerSample(Noon, 1000, 0, 0, 1000);

        Assert.Empty(EnergyIntegrator.Between(sample, sample, Trapezoid));
        Assert.Empty(EnergyIntegrator.Between(sample, sample with { At = Noon.AddSeconds(-30) }, Trapezoid));
    }

    [Fact]
    public void Integrate_AnyFlows_HomeEqualsSupplyMinusExportAndCharge()
    {
        // Tesla's balance (load = solar + battery + grid) holds for the energies too, whatever the signs do.
        var random = new Random(7);
        var samples = Every(TimeSpan.FromSeconds(30), Noon, Noon.AddHours(2), _ =>
        {
            var solar = random.Next(0, 6000);
            var battery = random.Next(-5000, 5000);
            var load = random.Next(200, 8000);
            return (Solar: solar, Battery: battery, Grid: load - solar - battery, Load: load);
        });

        var total = EnergyIntervals.Total(EnergyIntegrator.Integrate(samples, Trapezoid), Noon, Noon.AddHours(2));

        Assert.Equal(total.Home, total.Solar + total.GridImport - total.GridExport + total.BatteryDischarge - total.BatteryCharge, 6);
        Assert.Equal(TimeSpan.FromHours(2), total.Covered);
    }

    [Fact]
    public void RollUp_FiveMinuteIntervals_SumIntoHalfHours()
    {
        var samples = Every(TimeSpan.FromSeconds(30), Noon, Noon.AddHours(1), t => t < Noon.AddMinutes(30) ? (Solar: 1200, Battery: 0, Grid: 0, Load: 1200) : (Solar: 600, Battery: 0, Grid: 0, Load: 600));
        var fine = EnergyIntegrator.Integrate(samples, LeftRectangle);

        var halfHours = EnergyIntervals.RollUp(fine, EnergyIntervals.HalfHour);

        Assert.Collection(halfHours,
            h =>
            {
                Assert.Equal(Noon, h.Start);
                Assert.Equal(600, h.Solar, 9);
                Assert.True(h.IsComplete);
            },
            h =>
            {
                Assert.Equal(Noon.AddMinutes(30), h.Start);
                Assert.Equal(300, h.Solar, 9);
                Assert.True(h.IsComplete);
            });
    }

    /// <summary>Samples from <paramref name="from"/> to <paramref name="to"/> inclusive; powers by the sample's UTC time.</summary>
    internal static IEnumerable<PowerSample> Every(TimeSpan step, DateTimeOffset from, DateTimeOffset to,
        Func<DateTimeOffset, (double Solar, double Battery, double Grid, double Load)> powers)
    {
        for (var at = from; at <= to; at += step)
        {
            var p = powers(at);
            yield return new PowerSample(at, p.Solar, p.Battery, p.Grid, p.Load);
        }
    }
}
