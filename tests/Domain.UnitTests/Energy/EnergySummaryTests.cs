using TeslaSync.Domain.Energy;

namespace TeslaSync.Domain.UnitTests.Energy;

/// <summary>Summaries from integrated samples, across both transition days, in a zone without DST, and over month ends.</summary>
public sealed class EnergySummaryTests
{
    public static TheoryData<string, string, int> TransitionDays => new()
    {
        { "Australia/Sydney", "2026-04-05", 25 },
        { "Australia/Sydney", "2026-10-04", 23 },
        { "Australia/Adelaide", "2026-04-05", 25 },
        { "Australia/Adelaide", "2026-10-04", 23 },
        { "Australia/Brisbane", "2026-04-05", 24 },
        { "Australia/Brisbane", "2026-10-04", 24 },
    };

    [Theory]
    [MemberData(nameof(TransitionDays))]
    public void Summary_ConstantLoadAllDay_IsOneKilowattHourPerLocalHour(string zoneId, string date, int hours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var day = LocalPeriod.Containing(SummaryPeriod.Day, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), zone);
        // Samples from two hours before to two hours after the day: the neighbours must not leak in.
        var samples = EnergyIntegratorTests.Every(TimeSpan.FromSeconds(30), day.Start.AddHours(-2), day.End.AddHours(2), _ => (Solar: 0, Battery: 0, Grid: 1000, Load: 1000));
        var halfHours = EnergyIntervals.RollUp(EnergyIntegrator.Integrate(samples, new EnergyIntegrationOptions()), EnergyIntervals.HalfHour);

        var total = EnergyIntervals.Total(halfHours, day.Start, day.End);
        var summary = EnergySummary.Of(day, EnergyFlows.Of(total), total.Covered, day.End.AddHours(1));

        Assert.Equal(hours * 1000, summary.Energy.Home, 6);
        Assert.Equal(hours * 1000, summary.Energy.GridImport, 6);
        Assert.Equal(hours * 2, halfHours.Count(h => h.Start >= day.Start && h.End <= day.End));
        Assert.True(summary.IsComplete);
        Assert.Equal(1, summary.Completeness);
        Assert.Equal(0, summary.SelfSufficiency);
    }

    [Theory]
    [InlineData("Australia/Adelaide", "2026-10-15", (31 * 24) - 1)]
    [InlineData("Australia/Sydney", "2026-04-30", (30 * 24) + 1)]
    [InlineData("Australia/Brisbane", "2026-02-01", 28 * 24)]
    public void Summary_Month_EndsAtTheLastLocalMidnightOfTheMonth(string zoneId, string date, int hours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var month = LocalPeriod.Containing(SummaryPeriod.Month, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), zone);
        var samples = EnergyIntegratorTests.Every(TimeSpan.FromMinutes(5), month.Start.AddDays(-1), month.End.AddDays(1), _ => (Solar: 2000, Battery: 0, Grid: -1000, Load: 1000));
        var halfHours = EnergyIntervals.RollUp(EnergyIntegrator.Integrate(samples, new EnergyIntegrationOptions()), EnergyIntervals.HalfHour);

        var total = EnergyIntervals.Total(halfHours, month.Start, month.End);

        Assert.Equal(hours * 2000, total.Solar, 6);
        Assert.Equal(hours * 1000, total.GridExport, 6);
        Assert.Equal(TimeSpan.FromHours(hours), total.Covered);
        Assert.Equal(1, EnergyFlows.Of(total).SelfSufficiency);
    }

    [Fact]
    public void Summary_PartWayThroughTheDayWithAGap_CompletenessIsOfTheElapsedPart()
    {
        var brisbane = TimeZoneInfo.FindSystemTimeZoneById("Australia/Brisbane");
        var day = LocalPeriod.Containing(SummaryPeriod.Day, new DateOnly(2026, 6, 1), brisbane);

        var summary = EnergySummary.Of(day, new EnergyFlows(0, 4000, 1000, 0, 0, 0), TimeSpan.FromHours(9), day.Start.AddHours(12));

        Assert.Equal(TimeSpan.FromHours(12), summary.Elapsed);
        Assert.Equal(0.75, summary.Completeness);
        Assert.False(summary.IsComplete);
        Assert.Equal(0.75, summary.SelfSufficiency);
    }

    [Fact]
    public void Summary_BeforeThePeriodStarts_HasNoCompletenessAndNoHomeUseMeansNoSelfSufficiency()
    {
        var brisbane = TimeZoneInfo.FindSystemTimeZoneById("Australia/Brisbane");
        var day = LocalPeriod.Containing(SummaryPeriod.Day, new DateOnly(2026, 6, 1), brisbane);

        var summary = EnergySummary.Of(day, EnergyFlows.Zero, TimeSpan.Zero, day.Start.AddHours(-1));

        Assert.Null(summary.Completeness);
        Assert.Null(summary.SelfSufficiency);
    }

    [Fact]
    public void Reconciliation_ReportsOursTeslasAndTheDifferencePerFlow()
    {
        var ours = new EnergyFlows(Solar: 10_100, Home: 9_000, GridImport: 2_000, GridExport: 0, BatteryCharge: 0, BatteryDischarge: 500);
        var tesla = new EnergyFlows(Solar: 10_000, Home: 9_000, GridImport: 2_050, GridExport: 40, BatteryCharge: 0, BatteryDischarge: 500);

        var differences = new EnergyReconciliation(1, ours, tesla).Differences.ToDictionary(d => d.Flow);

        Assert.Equal(100, differences[EnergyFlow.Solar].DifferenceWh);
        Assert.Equal(1.0, differences[EnergyFlow.Solar].DifferencePercent!.Value, 9);
        Assert.Equal(0, differences[EnergyFlow.Home].DifferencePercent);
        Assert.Equal(-50, differences[EnergyFlow.GridImport].DifferenceWh);
        Assert.Equal(-100.0 * 50 / 2050, differences[EnergyFlow.GridImport].DifferencePercent!.Value, 9);
        Assert.Equal(-100, differences[EnergyFlow.GridExport].DifferencePercent);
        Assert.Equal(0, differences[EnergyFlow.BatteryCharge].DifferencePercent);
        Assert.Equal(6, differences.Count);
    }

    [Fact]
    public void Reconciliation_TeslaHasNothingButWeHaveSome_NoPercent()
    {
        var difference = new FlowDifference(EnergyFlow.GridExport, Ours: 12, Tesla: 0);

        Assert.Null(difference.DifferencePercent);
        Assert.Equal(12, difference.DifferenceWh);
    }
}
