using TeslaSync.Domain.Billing;
using TeslaSync.Domain.Energy;
using TeslaSync.Domain.Tariffs;
using static TeslaSync.Domain.UnitTests.Billing.Site;
using static TeslaSync.Domain.UnitTests.Billing.Tariffs;

namespace TeslaSync.Domain.UnitTests.Billing;

/// <summary>
/// Demand as the 30-minute average import on constructed days with answers worked by hand.
/// 15 June 2026 is a Monday; Sydney is +10 in June.
/// </summary>
public sealed class DemandMeterTests
{
    private static DateTimeOffset Monday(string time) => At(Sydney, $"2026-06-15 {time}");

    [Fact]
    public void Measure_KnownDay_ThirtyMinuteAveragesNotInstantaneousPeaks()
    {
        // 2 kW steady 16:00–16:30: 1 kWh in the block → 2 kW.
        // 6 kW for 5 minutes 17:10–17:15 and nothing else in 17:00–17:30: 0.5 kWh → 1 kW, not 6.
        // 12:00–12:30 (shoulder) 3 kW steady → 3 kW. 23:00–23:30 (off-peak) 8 kW → 8 kW.
        var energy = FiveMinutes(Monday("00:00"), At(Sydney, "2026-06-16 00:00"), at =>
            at >= Monday("16:00") && at < Monday("16:30") ? 2
            : at == Monday("17:10") ? 6
            : at >= Monday("12:00") && at < Monday("12:30") ? 3
            : at >= Monday("23:00") && at < Monday("23:30") ? 8
            : 0);
        var meter = new DemandMeter(ThreeWindows(), Sydney);

        var demand = meter.Measure(energy, At(Sydney, "2026-06-16 00:00"));

        var blocks = meter.Blocks(energy);
        Assert.Equal(48, blocks.Count);
        Assert.Equal(1.0, blocks.Single(block => block.Start == Monday("17:00")).Kw, 9);

        var (peak, shoulder, offPeak) = (demand.Windows[0], demand.Windows[1], demand.Windows[2]);
        Assert.Equal(2.0, peak.PeakKw, 9);
        Assert.Equal(Monday("16:00"), peak.PeakBlock!.Start);
        Assert.Equal(10, peak.Blocks);                          // 16:00–21:00
        Assert.Equal(3.0, shoulder.PeakKw, 9);
        Assert.Equal(20, shoulder.Blocks);                      // 07:00–16:00 and 21:00–22:00
        Assert.Equal(8.0, offPeak.PeakKw, 9);
        Assert.Equal(18, offPeak.Blocks);                       // 00:00–07:00 (Sunday night's) and 22:00–24:00

        // $10 × 2 + $5 × 3 + $1 × 8 = $43.
        CostCalculatorTests.Money(43m, demand.Charge);
        Assert.Equal(8.0, demand.PeakKw, 9);
    }

    [Fact]
    public void Measure_OneMinuteSpike_AveragedOverItsHalfHour()
    {
        // One-minute intervals 17:00–17:30: 0.5 kW steady except 10 kW in 17:12–17:13.
        // kWh = 29 × 0.5/60 + 10/60 = 24.5/60; × 2 = 24.5/30 = 0.81666… kW.
        var energy = Enumerable.Range(0, 30)
            .Select(minute => Wh(Monday("17:00").AddMinutes(minute), 1, (minute == 12 ? 10 : 0.5) * 1000 / 60))
            .ToList();

        var demand = new DemandMeter(PeakOnly(), Sydney).Measure(energy, Monday("18:00"));

        Assert.Equal(24.5 / 30, demand.Windows[0].PeakKw, 9);
    }

    [Fact]
    public void Measure_BlocksOutsideTheWindow_DoNotCount()
    {
        // 5 kW in the half-hours either side of the 16:00–21:00 peak, 1 kW inside it.
        var energy = FiveMinutes(Monday("15:00"), Monday("22:00"), at =>
            at < Monday("16:00") || at >= Monday("21:00") ? 5 : 1);

        var demand = new DemandMeter(PeakOnly(), Sydney).Measure(energy, Monday("22:00"));

        Assert.Equal(1.0, demand.Windows[0].PeakKw, 9);
        Assert.Equal(10, demand.Windows[0].Blocks);
    }

    [Fact]
    public void Measure_Weekend_ExcludedFromAWeekdayWindow()
    {
        var saturday = At(Sydney, "2026-06-20 17:00");
        var energy = FiveMinutes(Monday("17:00"), Monday("17:30"), _ => 1)
            .Concat(FiveMinutes(saturday, saturday.AddMinutes(30), _ => 7));
        var meter = new DemandMeter(PeakOnly(), Sydney);

        var demand = meter.Measure(energy, At(Sydney, "2026-06-21 12:00"));

        Assert.Equal(1.0, demand.Windows[0].PeakKw, 9);
        Assert.Null(meter.WindowAt(saturday));
        Assert.Equal("Peak", meter.WindowAt(Monday("17:00"))?.Name);
    }

    [Fact]
    public void Measure_WindowOverMidnight_BelongsToTheNightItOpens()
    {
        var tariff = new DemandTariff { Windows = [Window("Night", 2m, Times("22:00", "02:00", DaysOfWeek.Weekdays))] };
        var sundayNight = At(Sydney, "2026-06-15 01:00");   // Monday 01:00: Sunday night's window, not charged
        var mondayNight = At(Sydney, "2026-06-16 00:30");   // Tuesday 00:30: Monday night's
        var fridayNight = At(Sydney, "2026-06-20 01:00");   // Saturday 01:00: Friday night's
        var saturdayNight = At(Sydney, "2026-06-20 23:00"); // Saturday 23:00: not a weekday
        var energy = FiveMinutes(sundayNight, sundayNight.AddMinutes(30), _ => 6)
            .Concat(FiveMinutes(mondayNight, mondayNight.AddMinutes(30), _ => 3))
            .Concat(FiveMinutes(fridayNight, fridayNight.AddMinutes(30), _ => 4))
            .Concat(FiveMinutes(saturdayNight, saturdayNight.AddMinutes(30), _ => 9));

        var night = new DemandMeter(tariff, Sydney).Measure(energy, At(Sydney, "2026-06-21 12:00")).Windows[0];

        Assert.Equal(4.0, night.PeakKw, 9);
        Assert.Equal(fridayNight, night.PeakBlock!.Start);
        Assert.Equal(2, night.Blocks);
        CostCalculatorTests.Money(8m, night.Charge);
    }

    [Fact]
    public void Blocks_IntervalAcrossABlockBoundary_SplitInProportionToTime()
    {
        // 1.2 kWh over 16:25–16:35: 0.6 kWh in each block → 1.2 kW each.
        var blocks = DemandMeter.Blocks([Wh(Monday("16:25"), 10, 1200)], Sydney);

        Assert.Equal([Monday("16:00"), Monday("16:30")], blocks.Select(block => block.Start));
        Assert.All(blocks, block => Assert.Equal(1.2, block.Kw, 9));
        Assert.All(blocks, block => Assert.Equal(TimeSpan.FromMinutes(5), block.Covered));
    }

    [Fact]
    public void Blocks_FollowTheLocalClock_NotUtcHalfHours()
    {
        // Eucla is +8:45: local 16:00 is 07:15Z. The UTC half-hour 07:00Z–07:30Z is local
        // 15:45–16:15, so its 1 kWh falls half in the 15:30 block and half in the 16:00 block.
        var blocks = DemandMeter.Blocks([Wh(Utc("2026-06-15 07:00"), 30, 1000)], Eucla);

        Assert.Equal([Utc("2026-06-15 06:45"), Utc("2026-06-15 07:15")], blocks.Select(block => block.Start));
        Assert.Equal(["2026-06-15 15:30", "2026-06-15 16:00"], blocks.Select(block => block.LocalStart.ToString()));
        Assert.All(blocks, block => Assert.Equal(1.0, block.Kw, 9));
    }

    [Fact]
    public void Measure_GapsInTheSamples_ReportedAsIncompleteBlocks_TheRunningBlockIsNot()
    {
        var energy = new[]
        {
            Wh(Monday("16:00"), 5, 100) with { Covered = TimeSpan.FromMinutes(2) },
            Wh(Monday("16:30"), 5, 100),
            Wh(Monday("17:00"), 5, 100),
        };

        // 17:05: the 17:00 block is still running; 16:00 and 16:30 are short of samples.
        var peak = new DemandMeter(PeakOnly(), Sydney).Measure(energy, Monday("17:05")).Windows[0];

        Assert.Equal(3, peak.Blocks);
        Assert.Equal(2, peak.IncompleteBlocks);
    }

    [Fact]
    public void Measure_OnlyTheCycleContainingNow_AndNothingFromNowOn()
    {
        // Cycle day 15: on 16 June the cycle is 15 June – 14 July; Friday 12 June is last cycle's.
        var friday = At(Sydney, "2026-06-12 17:00");
        var energy = FiveMinutes(friday, friday.AddMinutes(30), _ => 9)
            .Concat(FiveMinutes(Monday("17:00"), Monday("17:30"), _ => 2))
            .Concat(FiveMinutes(Monday("18:00"), Monday("18:30"), _ => 5));

        var demand = new DemandMeter(PeakOnly(cycleDay: 15), Sydney).Measure(energy, Monday("18:00"));

        Assert.Equal(new DateOnly(2026, 6, 15), demand.Cycle.Start);
        Assert.Equal(2.0, demand.Windows[0].PeakKw, 9);
    }

    [Fact]
    public void Measure_RatePerDay_ChargedForEveryDayOfTheCycleOnTheCyclePeak()
    {
        var tariff = PeakOnly() with { RateBasis = DemandRateBasis.PerDay, Windows = [Window("Peak", 0.40m, Times("16:00", "21:00", DaysOfWeek.Weekdays))] };
        var energy = FiveMinutes(Monday("17:00"), Monday("17:30"), _ => 2);

        var demand = new DemandMeter(tariff, Sydney).Measure(energy, Monday("18:00"));

        // June has 30 days: 2 kW × $0.40 × 30 = $24.
        CostCalculatorTests.Money(24m, demand.Charge);
    }

    [Fact]
    public void Measure_NothingYet_ZeroPeakAndCharge()
    {
        var demand = new DemandMeter(PeakOnly(), Sydney).Measure(Array.Empty<EnergyInterval>(), Monday("18:00"));

        Assert.Equal(0, demand.Windows[0].PeakKw);
        Assert.Null(demand.Windows[0].PeakBlock);
        Assert.Equal(0m, demand.Charge);
    }

    [Fact]
    public void Constructor_InvalidTariff_RefusedWithTheProblems()
    {
        var error = Assert.Throws<ArgumentException>(() => new DemandMeter(PeakOnly(cycleDay: 0), Sydney));

        Assert.Contains("billing-cycle day is 0", error.Message, StringComparison.Ordinal);
    }
}
