using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Domain.Energy;
using TeslaSync.Telemetry.Energy;
using TeslaSync.TestSupport;

namespace TeslaSync.Telemetry.UnitTests;

/// <summary>
/// Tesla's own daily totals, fetched once after a day ends, against the captured calendar_history
/// fixture (a Brisbane site on 2024-09-18: solar 724 Wh, home 74, export 2, charge 684, discharge 36).
/// </summary>
public sealed class DailyReconcilerTests
{
    private static readonly TimeZoneInfo Brisbane = TimeZoneInfo.FindSystemTimeZoneById("Australia/Brisbane");
    private static readonly DateOnly Day = new(2024, 9, 18);
    private static readonly DateTimeOffset DayStart = new(2024, 9, 18, 0, 0, 0, TimeSpan.FromHours(10));

    [Fact]
    public async Task RunOnce_AnHourAfterTheDayEnds_FetchesTeslasTotalsOnceAndCountsTheRead()
    {
        var tesla = new StubTesla { CalendarHistory = SharedFolder.ReadFixture("tesla", "calendar_history_energy_day.json") };
        await using var rig = await StartAsync(tesla);
        await SampleTheDayAsync(rig);

        rig.Time.SetUtcNow(DayStart.AddHours(24).AddMinutes(59));
        Assert.Equal(0, await RunOnceAsync(rig));
        rig.Time.SetUtcNow(DayStart.AddHours(25));
        Assert.Equal(1, await RunOnceAsync(rig));
        Assert.Equal(0, await RunOnceAsync(rig));
        rig.Time.Advance(TimeSpan.FromDays(1)); // the next day has no samples: nothing to compare, nothing fetched
        Assert.Equal(0, await RunOnceAsync(rig));

        var request = Assert.Single(tesla.Requests);
        Assert.Equal("/api/1/energy_sites/123456/calendar_history", request.AbsolutePath);
        Assert.Contains("kind=energy&period=day&start_date=2024-09-18T00%3A00%3A00%2B10%3A00&end_date=2024-09-18T23%3A59%3A59%2B10%3A00", request.Query, StringComparison.Ordinal);
        Assert.Equal(1, rig.TariffSync.ReportedReads);

        var (summary, reconciliation) = await rig.SummaryAsync(SummaryPeriod.Day, Day);
        Assert.Equal(ReconciliationState.Available, reconciliation.State);
        var comparison = reconciliation.Comparison!;
        Assert.Equal(1, comparison.DaysCompared);
        Assert.Equal(new EnergyFlows(Solar: 724, Home: 74, GridImport: 0, GridExport: 2, BatteryCharge: 684, BatteryDischarge: 36), comparison.Tesla);
        Assert.Equal(summary.Energy, comparison.Ours);
        var solar = comparison.Differences.Single(d => d.Flow == EnergyFlow.Solar);
        Assert.Equal(summary.Energy.Solar - 724, solar.DifferenceWh, 9);
        Assert.Equal(100 * (summary.Energy.Solar - 724) / 724, solar.DifferencePercent!.Value, 9);
        Assert.Equal(0, comparison.Differences.Single(d => d.Flow == EnergyFlow.GridImport).DifferencePercent);
    }

    [Fact]
    public async Task RunOnce_TeslaRefuses_StoresWhyRetriesLaterAndGivesUpAfterTheLastAttempt()
    {
        var tesla = new StubTesla { Status = HttpStatusCode.NotFound };
        await using var rig = await StartAsync(tesla);
        await SampleTheDayAsync(rig);
        rig.Time.SetUtcNow(DayStart.AddHours(25));

        Assert.Equal(1, await RunOnceAsync(rig));
        Assert.Equal(0, await RunOnceAsync(rig));
        var (_, reconciliation) = await rig.SummaryAsync(SummaryPeriod.Day, Day);
        Assert.Equal(ReconciliationState.Unavailable, reconciliation.State);
        Assert.Contains("NotFound", reconciliation.Reason, StringComparison.Ordinal);
        Assert.Contains("2024-09-18", reconciliation.Reason, StringComparison.Ordinal);

        rig.Time.Advance(TimeSpan.FromHours(6));
        Assert.Equal(1, await RunOnceAsync(rig));
        rig.Time.Advance(TimeSpan.FromHours(6));
        Assert.Equal(1, await RunOnceAsync(rig));
        rig.Time.Advance(TimeSpan.FromHours(6));
        Assert.Equal(0, await RunOnceAsync(rig));
        Assert.Equal(3, tesla.Requests.Count);
        Assert.Equal(3, rig.TariffSync.ReportedReads);
    }

    [Fact]
    public async Task RunOnce_TeslaBusyOnce_CountsTheRetriedReadTwice_AsTeslaBillsIt()
    {
        var tesla = new StubTesla { CalendarHistory = SharedFolder.ReadFixture("tesla", "calendar_history_energy_day.json"), Unavailable = 1 };
        await using var rig = await StartAsync(tesla, retries: 1);
        await SampleTheDayAsync(rig);
        rig.Time.SetUtcNow(DayStart.AddHours(25));

        Assert.Equal(1, await RunOnceAsync(rig));

        var (_, reconciliation) = await rig.SummaryAsync(SummaryPeriod.Day, Day);
        Assert.Equal(ReconciliationState.Available, reconciliation.State);
        Assert.Equal(2, tesla.Requests.Count);
        Assert.Equal(2, rig.TariffSync.ReportedReads);
    }

    [Fact]
    public async Task RunOnce_BudgetDownToEssentialCalls_FetchesNothing()
    {
        var tesla = new StubTesla();
        await using var rig = await StartAsync(tesla);
        await SampleTheDayAsync(rig);
        rig.Time.SetUtcNow(DayStart.AddHours(25));
        rig.TariffSync.Level = "essential";

        Assert.Equal(0, await RunOnceAsync(rig));
        Assert.Empty(tesla.Requests);

        rig.TariffSync.Level = "conserve";
        Assert.Equal(1, await RunOnceAsync(rig));
    }

    [Fact]
    public async Task WeekSummary_TeslasTotalsForSomeDays_ComparesOnThoseDaysOnly()
    {
        var tesla = new StubTesla { CalendarHistory = SharedFolder.ReadFixture("tesla", "calendar_history_energy_day.json") };
        await using var rig = await StartAsync(tesla);
        await SampleTheDayAsync(rig);
        // The next day has samples too, but Tesla's totals of it are not fetched yet.
        await rig.SampleAsync(DayStart.AddHours(24 + 9), DayStart.AddHours(24 + 10), TimeSpan.FromMinutes(1), _ => (5000, -2000, -3000));
        Assert.Equal(1, await RunOnceAsync(rig)); // the clock is now past 01:00 on the 19th, not on the 20th

        var (week, reconciliation) = await rig.SummaryAsync(SummaryPeriod.Week, Day);
        var (day, _) = await rig.SummaryAsync(SummaryPeriod.Day, Day);

        Assert.Equal(new DateOnly(2024, 9, 16), week.Period.First);
        Assert.Equal(day.Energy.Solar + 5000, week.Energy.Solar, 6);
        Assert.Equal(1, reconciliation.Comparison!.DaysCompared);
        Assert.Equal(day.Energy, reconciliation.Comparison.Ours);
        Assert.Contains("1 of the period's 7 days", reconciliation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TeslaTotals_BucketsOutsideTheDay_AreLeftOut()
    {
        var day = LocalPeriod.Containing(SummaryPeriod.Day, Day, Brisbane);
        var inside = Point(day.Start.AddHours(9), 100);
        var history = new Integrations.Tesla.EnergyHistory(Integrations.Tesla.CalendarHistoryPeriod.Day, "Australia/Brisbane",
            [Point(day.Start.AddMinutes(-15), 1000), inside, Point(day.End, 1000)]);

        Assert.Equal(100, DailyReconciler.TeslaTotals(history, day).Solar);
    }

    private static Integrations.Tesla.EnergyHistoryPoint Point(DateTimeOffset start, double solar) =>
        new(start, solar, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private static Task<TelemetryRig> StartAsync(StubTesla tesla, int retries = 0) =>
        TelemetryRig.StartAsync("Australia/Brisbane", DayStart, new Dictionary<string, string?> { ["LiveStatus:EnergySiteId"] = StubTesla.EnergySiteId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            services => tesla.AddTo(services, retries));

    /// <summary>A morning of the fixture's day: solar charging the battery.</summary>
    private static Task SampleTheDayAsync(TelemetryRig rig) =>
        rig.SampleAsync(DayStart.AddHours(8.75), DayStart.AddHours(9), TimeSpan.FromMinutes(1), _ => (2900, -2700, -8));

    private static Task<int> RunOnceAsync(TelemetryRig rig) =>
        rig.Services.GetRequiredService<DailyReconciler>().RunOnceAsync(CancellationToken.None);
}
