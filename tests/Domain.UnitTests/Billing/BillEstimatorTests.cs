using TeslaSync.Domain.Billing;
using TeslaSync.Domain.Energy;
using TeslaSync.Domain.Prices;
using TeslaSync.Domain.Tariffs;
using static TeslaSync.Domain.UnitTests.Billing.Site;
using static TeslaSync.Domain.UnitTests.Billing.Tariffs;

namespace TeslaSync.Domain.UnitTests.Billing;

public sealed class BillEstimatorTests
{
    /// <summary>Weekday peak 16:00–21:00 at $12.50/kW per cycle, cycle day 15, $1.20/day supply, $19 a month.</summary>
    private static readonly DemandTariff Tariff = new()
    {
        Windows = [Window("Peak", 12.50m, Times("16:00", "21:00", DaysOfWeek.Weekdays))],
        BillingCycleDay = 15,
        DailySupplyCharge = 1.20m,
        MonthlyFixedCharge = 19m,
    };

    [Fact]
    public void Estimate_KnownCycle_EveryPartWorkedByHand()
    {
        // Now: Wednesday 17 June 2026 10:00 in Sydney; the cycle is 15 June – 14 July (30 days).
        var now = At(Sydney, "2026-06-17 10:00");
        var mondayPeak = At(Sydney, "2026-06-15 16:00");
        var tuesdayNoon = At(Sydney, "2026-06-16 12:00");
        var lastFriday = At(Sydney, "2026-06-12 16:00");
        var energy = FiveMinutes(mondayPeak, mondayPeak.AddMinutes(30), _ => 2)                       // 1 kWh, 2 kW demand
            .Concat(FiveMinutes(tuesdayNoon, tuesdayNoon.AddMinutes(30), _ => 0, _ => 3))             // 1.5 kWh exported
            .Concat(FiveMinutes(lastFriday, lastFriday.AddMinutes(30), _ => 5))                       // last cycle
            .Concat(FiveMinutes(now, now.AddMinutes(30), _ => 4));                                   // not yet happened
        var prices = Flat(lastFriday, now.AddHours(1), 30, 0.30m, -0.10m);

        var bill = BillEstimator.Estimate(new DemandMeter(Tariff, Sydney), now, energy, prices);

        // Energy 1 kWh × $0.30 = $0.30; export 1.5 kWh × $0.10 = $0.15 earned.
        // Demand 2 kW × $12.50 = $25.00. Supply 15, 16, 17 June = 3 days × $1.20 = $3.60. Fixed $19.
        // Total 0.30 − 0.15 + 25.00 + 3.60 + 19.00 = $47.75.
        Assert.Equal(new DateOnly(2026, 6, 15), bill.Cycle.Start);
        Assert.Equal(3, bill.DaysElapsed);
        Assert.Equal(12, bill.Energy.Intervals);
        CostCalculatorTests.Money(0.30m, bill.EnergyCost);
        CostCalculatorTests.Money(0.15m, bill.ExportEarnings);
        CostCalculatorTests.Money(25.00m, bill.DemandCharge);
        Assert.Equal(2.0, bill.Demand.PeakKw, 9);
        Assert.Equal(3.60m, bill.SupplyToDate);
        Assert.Equal(19m, bill.MonthlyFixedCharge);
        CostCalculatorTests.Money(47.75m, bill.Total);
    }

    [Fact]
    public void Estimate_FromStoredCostsAndBlocks_SameAsFromRawIntervals()
    {
        var now = At(Sydney, "2026-06-19 22:00");
        var from = At(Sydney, "2026-06-10 00:00");
        var energy = FiveMinutes(from, now, at => (at.Minute % 7) + (at.Hour % 5), at => at.Hour is >= 10 and < 15 ? 2.5 : 0);
        var prices = Flat(from, now, 5, 0.27m, -0.06m);
        var meter = new DemandMeter(Tariff, Sydney);

        var fromRaw = BillEstimator.Estimate(meter, now, energy, prices);
        var fromStored = BillEstimator.Estimate(meter, now, CostCalculator.Cost(energy, prices), meter.Blocks(energy));

        Assert.Equal(fromRaw.Total, fromStored.Total);
        Assert.Equal(fromRaw.Energy, fromStored.Energy);
        Assert.Equal(fromRaw.Demand.PeakKw, fromStored.Demand.PeakKw);
    }

    [Fact]
    public void Estimate_NegativeFeedIn_ExportRaisesTheBill()
    {
        var now = At(Brisbane, "2026-06-15 14:00");
        var noon = At(Brisbane, "2026-06-15 12:00");
        var energy = FiveMinutes(noon, noon.AddMinutes(30), _ => 0, _ => 4);           // 2 kWh exported
        var prices = Flat(noon, now, 30, -0.01m, 0.04m);                               // exporting costs 4 c/kWh
        var tariff = new DemandTariff { BillingCycleDay = 1, DailySupplyCharge = 1m };

        var bill = BillEstimator.Estimate(new DemandMeter(tariff, Brisbane), now, energy, prices);

        // Earnings 2 × −$0.04 = −$0.08; supply 15 days × $1 = $15; total 0 − (−0.08) + 15 = $15.08.
        CostCalculatorTests.Money(-0.08m, bill.ExportEarnings);
        CostCalculatorTests.Money(15.08m, bill.Total);
    }

    [Fact]
    public void Estimate_FirstMinuteOfTheCycle_OneDayOfSupplyAndTheFullFixedCharge()
    {
        var now = At(Sydney, "2026-06-15 00:01");

        var bill = BillEstimator.Estimate(new DemandMeter(Tariff, Sydney), now, Array.Empty<EnergyInterval>(), Array.Empty<PriceInterval>());

        Assert.Equal(1, bill.DaysElapsed);
        Assert.Equal(1.20m + 19m, bill.Total);
        Assert.Equal(0, bill.Energy.Intervals);
    }
}
