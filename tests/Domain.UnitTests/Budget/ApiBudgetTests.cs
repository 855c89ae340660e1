using TeslaSync.Domain.Budget;

namespace TeslaSync.Domain.UnitTests.Budget;

public sealed class ApiBudgetTests
{
    /// <summary>Halfway through a 30-day month (UTC).</summary>
    private static readonly DateTimeOffset MidNovember = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PriceList_FleetApi_ChargesPerReadAndCommandLessTheCredit()
    {
        var month = new ApiCallCounts(DataReads: 6_000, Commands: 1_000);

        Assert.Equal(13m, ApiPriceList.FleetApi.CostOf(month)); // 6000/500 + 1000/1000
        Assert.Equal(3m, ApiPriceList.FleetApi.NetOf(month));
        Assert.Equal(0m, ApiPriceList.FleetApi.NetOf(new ApiCallCounts(500, 0)));
    }

    [Fact]
    public void Assess_HalfTheMonthAtAQuarterOfTheCredit_ProjectsHalfTheCreditAndStaysNormal()
    {
        var month = new ApiCallCounts(DataReads: 1_250, Commands: 0); // $2.50 gross in 15 days

        var budget = ApiBudget.Assess(ApiPriceList.FleetApi, 0m, ApiCallCounts.None, month, MidNovember);

        Assert.Equal(0m, budget.MonthToDateCost);
        Assert.Equal(0m, budget.ProjectedMonthlyCost); // $5 gross over the month, inside the $10 credit
        Assert.Equal(BudgetLevel.Normal, budget.Level);
        Assert.True(budget.Allows(TeslaCallPurpose.TelemetryRead));
    }

    [Fact]
    public void Assess_HeadingPastEightyPercent_ConservesAndSlowsTelemetry()
    {
        var month = new ApiCallCounts(DataReads: 2_125, Commands: 0); // $4.25 in 15 days → $8.50 projected

        var budget = ApiBudget.Assess(ApiPriceList.FleetApi, 0m, ApiCallCounts.None, month, MidNovember);

        Assert.Equal(BudgetLevel.Conserve, budget.Level);
        Assert.Equal(TimeSpan.FromMinutes(2), budget.TelemetryInterval(TimeSpan.FromSeconds(30)));
        Assert.True(budget.Allows(TeslaCallPurpose.ReadBack));
    }

    [Fact]
    public void Assess_HeadingPastTheCeiling_KeepsTariffWritesButStopsReads()
    {
        var month = new ApiCallCounts(DataReads: 3_000, Commands: 0); // $6 in 15 days → $12 projected

        var budget = ApiBudget.Assess(ApiPriceList.FleetApi, 0m, ApiCallCounts.None, month, MidNovember);

        Assert.Equal(BudgetLevel.Essential, budget.Level);
        Assert.Equal(2m, budget.ProjectedMonthlyCost);
        Assert.False(budget.Allows(TeslaCallPurpose.TelemetryRead));
        Assert.False(budget.Allows(TeslaCallPurpose.ReadBack));
        Assert.True(budget.Allows(TeslaCallPurpose.TariffWrite));
        Assert.Equal(Timeout.InfiniteTimeSpan, budget.TelemetryInterval(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Assess_CeilingReached_OnlyRestoresTheUsersOwnSettings()
    {
        var month = new ApiCallCounts(DataReads: 5_500, Commands: 0); // $11 gross, ceiling $1 beyond the credit

        var budget = ApiBudget.Assess(ApiPriceList.FleetApi, 1m, ApiCallCounts.None, month, MidNovember);

        Assert.Equal(BudgetLevel.Exhausted, budget.Level);
        Assert.Equal(1m, budget.MonthToDateCost);
        Assert.False(budget.Allows(TeslaCallPurpose.TariffWrite));
        Assert.True(budget.Allows(TeslaCallPurpose.SafetyRestore));
    }

    [Fact]
    public void Assess_AHigherCeiling_MovesTheThresholds()
    {
        var month = new ApiCallCounts(DataReads: 3_000, Commands: 0); // $12 projected gross

        Assert.Equal(BudgetLevel.Normal, ApiBudget.Assess(ApiPriceList.FleetApi, 10m, ApiCallCounts.None, month, MidNovember).Level);
    }

    [Fact]
    public void Assess_FirstMinutesOfTheMonth_DoesNotProjectWildly()
    {
        var justAfterMidnight = new DateTimeOffset(2026, 12, 1, 0, 1, 0, TimeSpan.Zero);

        var budget = ApiBudget.Assess(ApiPriceList.FleetApi, 0m, new ApiCallCounts(3, 1), new ApiCallCounts(3, 1), justAfterMidnight);

        Assert.Equal(BudgetLevel.Normal, budget.Level);
    }

    [Fact]
    public void Assess_Teslemetry_NeverLimitsByCost()
    {
        var budget = ApiBudget.Assess(ApiPriceList.Teslemetry, 0m, ApiCallCounts.None, new ApiCallCounts(1_000_000, 100_000), MidNovember);

        Assert.Equal(BudgetLevel.Normal, budget.Level);
        Assert.Equal(0m, budget.ProjectedMonthlyCost);
        Assert.Equal(TimeSpan.FromMinutes(1), budget.TelemetryInterval(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Add_CountsByKind()
    {
        var counts = ApiCallCounts.None.Add(TeslaCallKind.DataRead).Add(TeslaCallKind.Command, 3);

        Assert.Equal(new ApiCallCounts(1, 3), counts);
        Assert.Equal(4, counts.Total);
    }
}
